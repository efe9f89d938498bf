package org.immunorisk.training;

import org.apache.commons.statistics.distribution.ChiSquaredDistribution;
import org.immunorisk.survival.KaplanMeier;
import smile.classification.LogisticRegression;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Calibration of predicted risks on the predictions a model's metrics already use (held-out, validation, external or
 * out-of-fold): the manifest's {@code calibration…} entries, from which the model card and its calibration plot
 * ({@link CalibrationPlot}) are written.
 *
 * <p>Binary outcomes ({@link #binary}):
 * <ul>
 * <li>Brier score (mean squared difference between p and the 0/1 outcome) with a percentile-bootstrap 95% CI, beside
 * the no-skill reference r(1 − r), the Brier score of predicting the observed rate r for everyone;</li>
 * <li>calibration-in-the-large: mean predicted p against the observed rate (Wilson 95% CI), and the calibration
 * intercept: a in logit P(y = 1) = a + logit(p), the slope fixed at 1 (Newton–Raphson, Wald 95% CI; 0 is ideal,
 * below 0 the model over-predicts);</li>
 * <li>calibration slope: b in the logistic recalibration logit P(y = 1) = a' + b·logit(p), fitted by Smile's
 * unpenalised logistic regression, with Wald 95% CIs from the observed information at Smile's estimate (1 is
 * ideal; below 1 the predictions are too extreme). Not estimable when logit(p) separates the outcomes (the
 * likelihood then grows without bound);</li>
 * <li>a Hosmer–Lemeshow-style table: patients sorted by p and cut into at most {@value #MAX_GROUPS} groups of at least
 * {@value #MIN_PER_GROUP} (fewer groups for small sets), patients with the same p kept in one group; per group
 * observed and expected events, observed rate with its Wilson 95% CI; and the Hosmer–Lemeshow χ² with as many
 * degrees of freedom as groups (the predictions were not fitted to these patients; Hosmer &amp; Lemeshow 2013).</li>
 * </ul>
 * p is clipped to [{@value #CLIP}, 1 − {@value #CLIP}] before the logit (forests and boosted trees give 0 or 1);
 * the Brier score, the means and the groups use p as predicted.
 *
 * <p>Survival ({@link #survival}): at a fixed horizon, predicted survival against the Kaplan–Meier estimate (with
 * its 95% CI) in groups of predicted risk.
 *
 * <p>Every result says how far it can be trusted: fewer than 20 patients of the rarer outcome and calibration means
 * little; fewer than 100 and it is imprecise (validation studies want at least 100 events and 100 non-events:
 * Vergouwe et al. 2005, Collins et al. 2016).
 */
public final class Calibration {

	/** p is clipped to [CLIP, 1 − CLIP] before the logit. */
	public static final double CLIP = 0.001;
	static final int MAX_GROUPS = 5;
	static final int MIN_PER_GROUP = 10;
	static final int BOOTSTRAP = 2000;
	private static final double Z_975 = 1.959963984540054;

	private Calibration() {}

	/**
	 * Calibration of probabilities {@code p} of the outcomes {@code y} (0/1, both present).
	 *
	 * @param predictions which predictions these are, in words (e.g. "held-out set, 20% of the cohort")
	 * @param bootstrap   the Brier score's bootstrap draws from it
	 */
	public static Map<String, Object> binary(String predictions, int[] y, double[] p, Random bootstrap) {
		int n = y.length;
		if (p.length != n || n == 0) {
			throw new IllegalArgumentException("outcomes and probabilities must be non-empty and of equal length");
		}
		int events = 0;
		for (int i = 0; i < n; i++) {
			if (y[i] != 0 && y[i] != 1 || !(p[i] >= 0 && p[i] <= 1)) {
				throw new IllegalArgumentException("row " + i + ": outcome " + y[i] + ", probability " + p[i]);
			}
			events += y[i];
		}
		if (events == 0 || events == n) {
			throw new IllegalArgumentException("calibration needs both outcomes: " + events + " events in " + n);
		}
		double observed = (double) events / n;
		double meanPredicted = Arrays.stream(p).sum() / n;
		double[] logit = new double[n];
		for (int i = 0; i < n; i++) {
			double clipped = Math.min(1 - CLIP, Math.max(CLIP, p[i]));
			logit[i] = Math.log(clipped / (1 - clipped));
		}

		Map<String, Object> m = new LinkedHashMap<>();
		m.put("predictions", predictions);
		m.put("n", n);
		m.put("events", events);
		m.put("sampleSize", sampleSize(events, n - events));
		m.put("brier", brier(y, p));
		m.put("brierCi95", bootstrapBrier(y, p, bootstrap));
		m.put("brierNoSkill", observed * (1 - observed));
		m.put("meanPredicted", meanPredicted);
		m.put("observedRate", observed);
		m.put("observedRateCi95", wilson(events, n));
		double[] intercept = interceptSlopeOne(y, logit);
		m.put("calibrationIntercept", intercept[0]);
		m.put("calibrationInterceptCi95", List.of(intercept[0] - Z_975 * intercept[1], intercept[0] + Z_975 * intercept[1]));
		boolean constant = Arrays.stream(logit).distinct().count() == 1;
		double[] recalibration = constant || separated(y, logit) ? null : recalibration(y, logit);
		m.put("calibrationSlope", recalibration == null ? null : recalibration[1]);
		m.put("calibrationSlopeCi95", recalibration == null ? null
				: List.of(recalibration[1] - Z_975 * recalibration[3], recalibration[1] + Z_975 * recalibration[3]));
		m.put("recalibrationIntercept", recalibration == null ? null : recalibration[0]);
		m.put("recalibrationInterceptCi95", recalibration == null ? null
				: List.of(recalibration[0] - Z_975 * recalibration[2], recalibration[0] + Z_975 * recalibration[2]));
		if (recalibration == null) {
			m.put("slopeNote", constant ? "not estimable: every patient has the same p"
					: "not estimable: logit(p) separates the outcomes, so the recalibration slope grows without bound");
		}

		List<int[]> groups = groups(p);
		List<Map<String, Object>> table = new ArrayList<>();
		double chiSquare = 0;
		double fewestExpected = Double.POSITIVE_INFINITY;
		Integer[] order = order(p);
		for (int[] g : groups) {
			int size = g[1] - g[0];
			int observedEvents = 0;
			double expected = 0;
			double low = Double.POSITIVE_INFINITY;
			double high = Double.NEGATIVE_INFINITY;
			for (int r = g[0]; r < g[1]; r++) {
				int i = order[r];
				observedEvents += y[i];
				expected += p[i];
				low = Math.min(low, p[i]);
				high = Math.max(high, p[i]);
			}
			fewestExpected = Math.min(fewestExpected, Math.min(expected, size - expected));
			double variance = expected * (1 - expected / size);
			double difference = observedEvents - expected;
			if (variance > 0) {
				chiSquare += difference * difference / variance;
			} else if (Math.abs(difference) > 1e-12) {
				chiSquare = Double.POSITIVE_INFINITY; // a group predicted 0 or 1 for everyone, and wrong for some
			}
			Map<String, Object> row = new LinkedHashMap<>();
			row.put("n", size);
			row.put("pMin", low);
			row.put("pMax", high);
			row.put("meanPredicted", expected / size);
			row.put("expectedEvents", expected);
			row.put("events", observedEvents);
			row.put("observedRate", (double) observedEvents / size);
			row.put("observedRateCi95", wilson(observedEvents, size));
			table.add(row);
		}
		m.put("grouping", groups.size() + " groups at quantiles of p (at most " + MAX_GROUPS + ", at least " + MIN_PER_GROUP
				+ " patients each where n allows; equal p kept in one group)");
		m.put("groups", table);
		boolean finite = Double.isFinite(chiSquare);
		m.put("hosmerLemeshowChiSquare", finite ? chiSquare : null);
		m.put("hosmerLemeshowDf", groups.size());
		m.put("hosmerLemeshowP", finite ? ChiSquaredDistribution.of(groups.size()).survivalProbability(chiSquare) : null);
		if (fewestExpected < 5) {
			m.put("hosmerLemeshowNote", String.format(java.util.Locale.ROOT, "χ² approximation unreliable: a group expects %.1f"
					+ " events or non-events (fewer than 5)", fewestExpected));
		}
		m.put("method", "p clipped to [" + CLIP + ", " + (1 - CLIP) + "] before the logit; calibration intercept: logistic model"
				+ " with offset logit(p), Newton–Raphson; slope: " + LogisticTraining.SMILE + " LogisticRegression.binomial (no"
				+ " penalty) of the outcome on logit(p); Wald 95% CIs from the observed information; Brier: percentile bootstrap, "
				+ BOOTSTRAP + " resamples; observed rates: Wilson score interval; Hosmer–Lemeshow df = number of groups");
		return m;
	}

	/**
	 * Calibration of predicted survival at {@code horizon} (days): patients in {@code groupCount} groups of predicted
	 * survival (quantiles, equal predictions kept together), each group's mean predicted survival against its
	 * Kaplan–Meier estimate at the horizon with a 95% CI (Greenwood, on the log scale, as R's survfit default).
	 */
	public static Map<String, Object> survival(String predictions, String predicted, double horizon, String horizonLabel,
			double[] time, int[] status, double[] predictedSurvival, int groupCount) {
		int n = time.length;
		if (status.length != n || predictedSurvival.length != n || n == 0) {
			throw new IllegalArgumentException("time, status and predictions must be non-empty and of equal length");
		}
		int deathsByHorizon = 0;
		for (int i = 0; i < n; i++) {
			deathsByHorizon += status[i] == 1 && time[i] <= horizon ? 1 : 0;
		}
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("predictions", predictions);
		m.put("predicted", predicted);
		m.put("horizonDays", horizon);
		m.put("horizon", horizonLabel);
		m.put("n", n);
		m.put("deathsByHorizon", deathsByHorizon);
		m.put("sampleSize", sampleSize(deathsByHorizon, KaplanMeier.fit(time, status).atRiskAt(horizon)));
		m.put("meanPredictedSurvival", Arrays.stream(predictedSurvival).sum() / n);
		km(m, "observedSurvival", time, status, horizon);
		// Ascending predicted survival: highest risk first.
		List<int[]> groups = groups(predictedSurvival, groupCount);
		Integer[] order = order(predictedSurvival);
		List<Map<String, Object>> table = new ArrayList<>();
		for (int[] g : groups) {
			int size = g[1] - g[0];
			double[] t = new double[size];
			int[] s = new int[size];
			double sum = 0;
			double low = Double.POSITIVE_INFINITY;
			double high = Double.NEGATIVE_INFINITY;
			int deaths = 0;
			int censoredBefore = 0;
			for (int r = g[0]; r < g[1]; r++) {
				int i = order[r];
				t[r - g[0]] = time[i];
				s[r - g[0]] = status[i];
				sum += predictedSurvival[i];
				low = Math.min(low, predictedSurvival[i]);
				high = Math.max(high, predictedSurvival[i]);
				deaths += status[i] == 1 && time[i] <= horizon ? 1 : 0;
				censoredBefore += status[i] == 0 && time[i] < horizon ? 1 : 0;
			}
			Map<String, Object> row = new LinkedHashMap<>();
			row.put("n", size);
			row.put("predictedMin", low);
			row.put("predictedMax", high);
			row.put("meanPredicted", sum / size);
			km(row, "observed", t, s, horizon);
			row.put("deathsByHorizon", deaths);
			row.put("censoredBeforeHorizon", censoredBefore);
			row.put("atRiskAtHorizon", KaplanMeier.fit(t, s).atRiskAt(horizon));
			table.add(row);
		}
		m.put("grouping", groups.size() + " groups at quantiles of predicted survival, highest risk first (equal predictions"
				+ " kept in one group)");
		m.put("groups", table);
		m.put("method", "observed: Kaplan–Meier (" + KaplanMeier.class.getName() + ") at the horizon; 95% CI from Greenwood's"
				+ " variance on the log scale (R survfit's default conf.type \"log\"), capped at 1");
		return m;
	}

	/** S at the horizon with its 95% CI (log scale), under {@code key} and {@code key + "Ci95"}. */
	private static void km(Map<String, Object> m, String key, double[] time, int[] status, double horizon) {
		KaplanMeier km = KaplanMeier.fit(time, status);
		double s = km.survivalAt(horizon);
		double se = km.standardErrorAt(horizon);
		m.put(key, s);
		if (s > 0 && Double.isFinite(se)) {
			double half = Z_975 * se / s;
			m.put(key + "Ci95", List.of(s * Math.exp(-half), Math.min(1, s * Math.exp(half))));
		} else {
			m.put(key + "Ci95", null); // S has reached 0: R gives NA
		}
	}

	/** How far calibration on this many of the rarer outcome can be trusted, in words for the card. */
	static String sampleSize(int events, int nonEvents) {
		int rarer = Math.min(events, nonEvents);
		if (rarer < 20) {
			return "too small for calibration to mean much: " + rarer + " of the rarer outcome (fewer than 20); the figures"
					+ " and plot are shown for completeness, and their CIs are wide";
		}
		if (rarer < 100) {
			return "small: " + rarer + " of the rarer outcome (validation studies want at least 100 events and 100"
					+ " non-events), so the estimates are imprecise; read the CIs";
		}
		return rarer + " of the rarer outcome (at least 100)";
	}

	/** {@link UaRaMlpTraining#wilson}, with the bound at 0 or 1 exact when none or all are events (no 2.8e-17). */
	static List<Double> wilson(int successes, int n) {
		List<Double> ci = UaRaMlpTraining.wilson(successes, n);
		return List.of(successes == 0 ? 0.0 : ci.get(0), successes == n ? 1.0 : ci.get(1));
	}

	static double brier(int[] y, double[] p) {
		double sum = 0;
		for (int i = 0; i < y.length; i++) {
			sum += (p[i] - y[i]) * (p[i] - y[i]);
		}
		return sum / y.length;
	}

	private static List<Double> bootstrapBrier(int[] y, double[] p, Random random) {
		double[] values = new double[BOOTSTRAP];
		int n = y.length;
		int[] yb = new int[n];
		double[] pb = new double[n];
		for (int b = 0; b < BOOTSTRAP; b++) {
			for (int i = 0; i < n; i++) {
				int pick = random.nextInt(n);
				yb[i] = y[pick];
				pb[i] = p[pick];
			}
			values[b] = brier(yb, pb);
		}
		Arrays.sort(values);
		return List.of(values[(int) Math.floor(0.025 * (BOOTSTRAP - 1))], values[(int) Math.ceil(0.975 * (BOOTSTRAP - 1))]);
	}

	/**
	 * a in logit P(y = 1) = a + logit(p) (offset model), and its standard error: Newton–Raphson on the one parameter
	 * (no library here fits a logistic model with an offset). Both outcomes present, so the estimate is finite.
	 */
	static double[] interceptSlopeOne(int[] y, double[] logit) {
		double a = 0;
		for (int iteration = 0; iteration < 100; iteration++) {
			double score = 0;
			double information = 0;
			for (int i = 0; i < y.length; i++) {
				double q = 1 / (1 + Math.exp(-(a + logit[i])));
				score += y[i] - q;
				information += q * (1 - q);
			}
			double step = score / information;
			a += step;
			if (Math.abs(step) < 1e-12) {
				break;
			}
		}
		double information = 0;
		for (double l : logit) {
			double q = 1 / (1 + Math.exp(-(a + l)));
			information += q * (1 - q);
		}
		return new double[] {a, 1 / Math.sqrt(information)};
	}

	/**
	 * Logistic recalibration by Smile (no penalty): intercept a', slope b and their Wald standard errors from the
	 * observed information Σ q(1 − q)[1, x; x, x²] at Smile's estimate.
	 */
	static double[] recalibration(int[] y, double[] logit) {
		double[][] x = new double[y.length][];
		for (int i = 0; i < y.length; i++) {
			x[i] = new double[] {logit[i]};
		}
		double[] w = LogisticRegression.binomial(x, y, 0.0, LogisticTraining.TOLERANCE, LogisticTraining.MAX_ITERATIONS)
				.coefficients(); // Smile: [slope, intercept]
		double slope = w[0];
		double intercept = w[1];
		double i00 = 0;
		double i01 = 0;
		double i11 = 0;
		for (double l : logit) {
			double q = 1 / (1 + Math.exp(-(intercept + slope * l)));
			double v = q * (1 - q);
			i00 += v;
			i01 += v * l;
			i11 += v * l * l;
		}
		double det = i00 * i11 - i01 * i01;
		return new double[] {intercept, slope, Math.sqrt(i11 / det), Math.sqrt(i00 / det)};
	}

	/** True when logit(p) separates the outcomes, completely or with ties at the boundary: no finite slope. */
	static boolean separated(int[] y, double[] logit) {
		double minEvent = Double.POSITIVE_INFINITY;
		double maxEvent = Double.NEGATIVE_INFINITY;
		double minNonEvent = Double.POSITIVE_INFINITY;
		double maxNonEvent = Double.NEGATIVE_INFINITY;
		for (int i = 0; i < y.length; i++) {
			if (y[i] == 1) {
				minEvent = Math.min(minEvent, logit[i]);
				maxEvent = Math.max(maxEvent, logit[i]);
			} else {
				minNonEvent = Math.min(minNonEvent, logit[i]);
				maxNonEvent = Math.max(maxNonEvent, logit[i]);
			}
		}
		return maxNonEvent <= minEvent || maxEvent <= minNonEvent;
	}

	/** Groups of the binary table: as many as n allows with at least MIN_PER_GROUP each, at most MAX_GROUPS, at least 2. */
	static List<int[]> groups(double[] p) {
		return groups(p, Math.max(2, Math.min(MAX_GROUPS, p.length / MIN_PER_GROUP)));
	}

	/**
	 * Ranges [from, to) of {@link #order(double[])} for {@code count} quantile groups: cut at round(k·n/count), each cut
	 * moved up past equal values so that equal values share a group; empty groups are dropped.
	 */
	static List<int[]> groups(double[] values, int count) {
		Integer[] order = order(values);
		int n = values.length;
		List<int[]> groups = new ArrayList<>();
		int start = 0;
		for (int k = 1; k <= count && start < n; k++) {
			int end = k == count ? n : Math.max(start, (int) Math.round((double) k * n / count));
			while (end > start && end < n && values[order[end]] == values[order[end - 1]]) {
				end++;
			}
			if (end > start) {
				groups.add(new int[] {start, end});
				start = end;
			}
		}
		return groups;
	}

	/** Indices by ascending value, ties by index: deterministic. */
	static Integer[] order(double[] values) {
		Integer[] order = new Integer[values.length];
		for (int i = 0; i < order.length; i++) {
			order[i] = i;
		}
		Arrays.sort(order, Comparator.comparingDouble((Integer i) -> values[i]).thenComparingInt(i -> i));
		return order;
	}
}
