package org.immunorisk.survival;

import java.util.Arrays;
import java.util.OptionalDouble;

/**
 * Kaplan–Meier (product-limit) estimate of the survival function, S(t) = ∏_{tⱼ ≤ t} (1 − dⱼ/nⱼ) (Kaplan &amp; Meier
 * 1958), with Greenwood's (1926) variance, Var S(t) = S(t)² Σ_{tⱼ ≤ t} dⱼ / (nⱼ(nⱼ − dⱼ)).
 *
 * <p>Follows R's {@code survfit} / {@code summary.survfit}: the step table has one row per distinct observed time
 * (events and censorings); the standard error reported is that of S itself (R's {@code summary} column
 * {@code std.err}); the number at risk at a time t is the number of subjects whose time is ≥ t; and once S
 * reaches 0 its standard error is undefined (NaN here, NA in R).
 */
public final class KaplanMeier {

	/** R's quantile.survfit tolerance, sqrt(.Machine$double.eps): survival within it of 0.5 is "exactly" 0.5. */
	private static final double FLAT_TOLERANCE = Math.sqrt(Math.ulp(1.0));

	private final double[] times;
	private final int[] atRisk;
	private final int[] events;
	private final int[] censored;
	private final double[] survival;
	private final double[] greenwood;
	private final double[] sortedTimes;

	private KaplanMeier(double[] times, int[] atRisk, int[] events, int[] censored, double[] survival,
			double[] greenwood, double[] sortedTimes) {
		this.times = times;
		this.atRisk = atRisk;
		this.events = events;
		this.censored = censored;
		this.survival = survival;
		this.greenwood = greenwood;
		this.sortedTimes = sortedTimes;
	}

	/**
	 * Estimates S(t) from right-censored data.
	 *
	 * @param time   follow-up time of each subject (finite, ≥ 0)
	 * @param status 1 if the subject had the event at {@code time}, 0 if censored then
	 */
	public static KaplanMeier fit(double[] time, int[] status) {
		SurvivalInput.checkTimes(time, status);
		int n = time.length;
		Integer[] order = new Integer[n];
		for (int i = 0; i < n; i++) {
			order[i] = i;
		}
		Arrays.sort(order, (a, b) -> Double.compare(time[a], time[b]));
		double[] sorted = new double[n];
		for (int i = 0; i < n; i++) {
			sorted[i] = time[order[i]];
		}

		int distinct = 0;
		for (int i = 0; i < n; i++) {
			if (i == 0 || sorted[i] != sorted[i - 1]) {
				distinct++;
			}
		}
		double[] times = new double[distinct];
		int[] atRisk = new int[distinct];
		int[] events = new int[distinct];
		int[] censored = new int[distinct];
		double[] survival = new double[distinct];
		double[] greenwood = new double[distinct];

		double s = 1.0;
		double sum = 0.0;
		int row = 0;
		int i = 0;
		while (i < n) {
			double t = sorted[i];
			int risk = n - i;
			int d = 0;
			int c = 0;
			while (i < n && sorted[i] == t) {
				if (status[order[i]] == 1) {
					d++;
				} else {
					c++;
				}
				i++;
			}
			if (d > 0) {
				s *= 1.0 - (double) d / risk;
				// Greenwood's term is infinite when everyone at risk dies (S drops to 0): R then reports NA.
				sum = d < risk ? sum + (double) d / ((double) risk * (risk - d)) : Double.POSITIVE_INFINITY;
			}
			times[row] = t;
			atRisk[row] = risk;
			events[row] = d;
			censored[row] = c;
			survival[row] = s;
			greenwood[row] = sum;
			row++;
		}
		return new KaplanMeier(times, atRisk, events, censored, survival, greenwood, sorted);
	}

	/** Distinct observed times, ascending (one row of the step table each, as R's survfit). */
	public double[] times() {
		return times.clone();
	}

	/** Number at risk just before each time of {@link #times()}. */
	public int[] atRisk() {
		return atRisk.clone();
	}

	/** Number of events at each time of {@link #times()}. */
	public int[] events() {
		return events.clone();
	}

	/** Number censored at each time of {@link #times()}. */
	public int[] censored() {
		return censored.clone();
	}

	/** S(t) just after each time of {@link #times()}. */
	public double[] survival() {
		return survival.clone();
	}

	/** Standard error of S at each time of {@link #times()} (Greenwood). */
	public double[] standardErrors() {
		double[] se = new double[times.length];
		for (int j = 0; j < se.length; j++) {
			se[j] = standardError(j);
		}
		return se;
	}

	/** S(t): the product over event times ≤ t; 1 before the first event. */
	public double survivalAt(double t) {
		int j = lastRowAtOrBefore(t);
		return j < 0 ? 1.0 : survival[j];
	}

	/** Greenwood standard error of S(t); 0 before the first event, NaN once S has reached 0 (R: NA). */
	public double standardErrorAt(double t) {
		int j = lastRowAtOrBefore(t);
		return j < 0 ? 0.0 : standardError(j);
	}

	/** Number of subjects still at risk at t, i.e. with time ≥ t (R's summary(fit, times = t)$n.risk). */
	public int atRiskAt(double t) {
		int first = firstIndexAtOrAfter(sortedTimes, t);
		return sortedTimes.length - first;
	}

	/**
	 * Median survival time, as R's {@code survfit} prints it: the smallest time where S(t) ≤ 0.5, except that
	 * where S is exactly 0.5 over an interval the midpoint of that interval is taken (R's quantile.survfit: the
	 * mean of the time S reaches 0.5 and the time it next drops; if S stays at 0.5 to the end of follow-up, the
	 * mean of that time and the last follow-up time). Empty when S never falls to 0.5 (R: NA).
	 */
	public OptionalDouble median() {
		return quantileTime(0.5);
	}

	/**
	 * The time by which S has fallen to {@code survivalLevel} (e.g. 0.5 for the median, 0.75 for the first
	 * quartile of survival time), with R's midpoint rule on flat stretches; see {@link #median()}.
	 */
	public OptionalDouble quantileTime(double survivalLevel) {
		if (!(survivalLevel > 0 && survivalLevel < 1)) {
			throw new IllegalArgumentException("survival level must lie strictly between 0 and 1, was " + survivalLevel);
		}
		int reach = -1;
		for (int j = 0; j < times.length; j++) {
			if (events[j] > 0 && survival[j] <= survivalLevel + FLAT_TOLERANCE) {
				reach = j;
				break;
			}
		}
		if (reach < 0) {
			return OptionalDouble.empty();
		}
		if (Math.abs(survival[reach] - survivalLevel) >= FLAT_TOLERANCE) {
			return OptionalDouble.of(times[reach]);
		}
		for (int j = reach + 1; j < times.length; j++) {
			if (survival[j] < survivalLevel - FLAT_TOLERANCE) {
				return OptionalDouble.of((times[reach] + times[j]) / 2);
			}
		}
		return OptionalDouble.of((times[reach] + times[times.length - 1]) / 2);
	}

	private double standardError(int j) {
		if (survival[j] == 0.0) {
			return Double.NaN;
		}
		return survival[j] * Math.sqrt(greenwood[j]);
	}

	private int lastRowAtOrBefore(double t) {
		int lo = 0;
		int hi = times.length - 1;
		int found = -1;
		while (lo <= hi) {
			int mid = (lo + hi) >>> 1;
			if (times[mid] <= t) {
				found = mid;
				lo = mid + 1;
			} else {
				hi = mid - 1;
			}
		}
		return found;
	}

	private static int firstIndexAtOrAfter(double[] sorted, double t) {
		int lo = 0;
		int hi = sorted.length;
		while (lo < hi) {
			int mid = (lo + hi) >>> 1;
			if (sorted[mid] < t) {
				lo = mid + 1;
			} else {
				hi = mid;
			}
		}
		return lo;
	}
}
