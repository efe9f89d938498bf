package org.immunorisk.survival;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The log-rank test of equal survival in k ≥ 2 groups (Mantel 1966; Peto &amp; Peto 1972), as R's
 * {@code survdiff(rho = 0)}.
 *
 * <p>At each distinct event time with n at risk and d events, group g (n_g at risk) expects d·n_g/n events; the
 * statistic is (O − E)ᵀ V⁻ (O − E) with the hypergeometric covariance
 * V_gh = Σ d (n − d)/(n − 1) · (n_g/n)(δ_gh − n_h/n). As in R, groups with no expected events are left out and
 * one further group is dropped (the covariance is singular because O − E sums to 0), giving k − 1 degrees of
 * freedom. With fewer than two groups left the statistic is 0 on 0 degrees of freedom, p = 1.
 */
public final class LogRankTest {

	private final List<String> levels;
	private final int[] sizes;
	private final double[] observed;
	private final double[] expected;
	private final double chiSquare;
	private final int degreesOfFreedom;

	private LogRankTest(List<String> levels, int[] sizes, double[] observed, double[] expected, double chiSquare,
			int degreesOfFreedom) {
		this.levels = levels;
		this.sizes = sizes;
		this.observed = observed;
		this.expected = expected;
		this.chiSquare = chiSquare;
		this.degreesOfFreedom = degreesOfFreedom;
	}

	/** Groups given by integer codes (e.g. treatment arm 1/2); each distinct code is a group. */
	public static LogRankTest of(double[] time, int[] status, int[] group) {
		if (group == null) {
			throw new IllegalArgumentException("group is required");
		}
		String[] labels = new String[group.length];
		for (int i = 0; i < group.length; i++) {
			labels[i] = Integer.toString(group[i]);
		}
		return of(time, status, labels);
	}

	/**
	 * Groups given by labels; levels are reported in order of first appearance (the statistic does not depend on
	 * the order).
	 */
	public static LogRankTest of(double[] time, int[] status, String[] group) {
		SurvivalInput.checkTimes(time, status);
		if (group == null) {
			throw new IllegalArgumentException("group is required");
		}
		SurvivalInput.checkLength("group", group.length, time.length);
		Map<String, Integer> index = new LinkedHashMap<>();
		int n = time.length;
		int[] g = new int[n];
		for (int i = 0; i < n; i++) {
			if (group[i] == null) {
				throw new IllegalArgumentException("group[" + i + "] is missing");
			}
			g[i] = index.computeIfAbsent(group[i], key -> index.size());
		}
		int k = index.size();
		List<String> levels = List.copyOf(index.keySet());

		Integer[] order = new Integer[n];
		for (int i = 0; i < n; i++) {
			order[i] = i;
		}
		Arrays.sort(order, (a, b) -> Double.compare(time[a], time[b]));

		int[] sizes = new int[k];
		for (int i = 0; i < n; i++) {
			sizes[g[i]]++;
		}
		// Walk the times in ascending order, with the number at risk per group counting down.
		int[] atRisk = sizes.clone();
		double[] observed = new double[k];
		double[] expected = new double[k];
		double[][] variance = new double[k][k];
		int[] deaths = new int[k];
		int[] leaving = new int[k];
		int total = n;
		int i = 0;
		while (i < n) {
			double t = time[order[i]];
			Arrays.fill(deaths, 0);
			Arrays.fill(leaving, 0);
			int d = 0;
			int leftHere = 0;
			while (i < n && time[order[i]] == t) {
				int subject = order[i];
				if (status[subject] == 1) {
					deaths[g[subject]]++;
					d++;
				}
				leaving[g[subject]]++;
				leftHere++;
				i++;
			}
			if (d > 0) {
				for (int a = 0; a < k; a++) {
					observed[a] += deaths[a];
					expected[a] += (double) d * atRisk[a] / total;
				}
				if (total > 1) {
					double factor = (double) d * (total - d) / (total - 1.0);
					for (int a = 0; a < k; a++) {
						double pa = (double) atRisk[a] / total;
						for (int b = 0; b < k; b++) {
							double pb = (double) atRisk[b] / total;
							variance[a][b] += factor * pa * ((a == b ? 1.0 : 0.0) - pb);
						}
					}
				}
			}
			for (int a = 0; a < k; a++) {
				atRisk[a] -= leaving[a];
			}
			total -= leftHere;
		}

		// As survdiff: keep groups with expected events, drop the first of them.
		List<Integer> kept = new ArrayList<>();
		for (int a = 0; a < k; a++) {
			if (expected[a] > 0) {
				kept.add(a);
			}
		}
		double chiSquare = 0;
		int df = 0;
		if (kept.size() >= 2) {
			int m = kept.size() - 1;
			double[] u = new double[m];
			double[][] v = new double[m][m];
			String[] names = new String[m];
			for (int a = 0; a < m; a++) {
				int ga = kept.get(a + 1);
				u[a] = observed[ga] - expected[ga];
				names[a] = "group " + levels.get(ga);
				for (int b = 0; b < m; b++) {
					v[a][b] = variance[ga][kept.get(b + 1)];
				}
			}
			double[] solved = Matrices.solve(Matrices.cholesky(v, names), u);
			for (int a = 0; a < m; a++) {
				chiSquare += u[a] * solved[a];
			}
			df = m;
		}
		return new LogRankTest(levels, sizes, observed, expected, chiSquare, df);
	}

	/** Group labels, in order of first appearance. */
	public List<String> levels() {
		return levels;
	}

	public double chiSquare() {
		return chiSquare;
	}

	public int degreesOfFreedom() {
		return degreesOfFreedom;
	}

	/** Upper tail of χ²(df) at the statistic. */
	public double pValue() {
		return ChiSquare.upperTail(chiSquare, degreesOfFreedom);
	}

	/** Number of subjects in the group. */
	public int size(String level) {
		return sizes[indexOf(level)];
	}

	/** Observed events in the group. */
	public double observed(String level) {
		return observed[indexOf(level)];
	}

	/** Expected events in the group under equal hazards. */
	public double expected(String level) {
		return expected[indexOf(level)];
	}

	public double[] observed() {
		return observed.clone();
	}

	public double[] expected() {
		return expected.clone();
	}

	private int indexOf(String level) {
		int j = levels.indexOf(level);
		if (j < 0) {
			throw new IllegalArgumentException("no group " + level + "; groups are " + levels);
		}
		return j;
	}
}
