package org.immunorisk.training;

import org.apache.commons.statistics.inference.MannWhitneyUTest;
import smile.base.cart.SplitRule;
import smile.classification.GradientTreeBoost;
import smile.classification.RandomForest;
import smile.data.DataFrame;
import smile.data.formula.Formula;
import smile.data.vector.IntVector;
import smile.math.MathEx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.LongStream;

/**
 * The CRC radiomics study's feature selection and classifier (seed 004, "machine learning"): drop one of every
 * pair of features with |Pearson r| &gt; 0.9, keep features whose Mann–Whitney U test between TMB-high and TMB-low
 * gives p &lt; 0.05, rank the rest by random-forest recursive feature elimination, and fit gradient-boosted trees
 * on the top k. The study used XGBoost in R 4.1.0; here Smile 2.6.0's GradientTreeBoost (no XGBoost on this
 * platform) and Smile's random forest (Gini importance) stand in. Everything is computed on the rows given, so a
 * cross-validation can run it inside each training fold. Deterministic for a seed.
 */
public final class RadiomicsSelection {

	/** Smile's version as pinned in pom.xml (its jar carries no Implementation-Version). */
	static final String SMILE = LogisticTraining.SMILE;
	static final String COMMONS_STATISTICS = "commons-statistics-inference 1.2";
	static final String RESPONSE = "tmb_high";

	/**
	 * Smile's random forest grows its trees in a parallel stream and each tree re-seeds Smile's thread-local RNG
	 * (through a static, unsynchronised set of used seeds): one worker keeps that set consistent. The trees are
	 * seeded one by one, so the forest is the same whatever the thread count.
	 */
	private static final ForkJoinPool ONE_WORKER = new ForkJoinPool(1);

	/** Hyper-parameters of the selection and of the classifier. */
	public record Settings(double correlationCutoff, double mannWhitneyAlpha, int mannWhitneyMinimum, int forestTrees,
			double eliminationStep, int boostMaxDepth, int boostMaxNodes, int boostNodeSize, double boostShrinkage,
			double boostSubsample) {}

	/** What selection kept at each step, and the features ranked best first. */
	public record Ranking(int afterCorrelation, int afterMannWhitney, List<Integer> ranked) {}

	private RadiomicsSelection() {}

	/** Correlation filter, Mann–Whitney filter and random-forest RFE on {@code rows}; features best first. */
	public static Ranking rank(double[][] x, int[] y, int[] rows, Settings settings, long seed) {
		List<Integer> kept = uncorrelated(x, rows, settings.correlationCutoff());
		List<Integer> significant = mannWhitney(x, y, rows, kept, settings.mannWhitneyAlpha(), settings.mannWhitneyMinimum());
		return new Ranking(kept.size(), significant.size(), eliminate(x, y, rows, significant, settings, seed));
	}

	/**
	 * Removes features until no pair has |r| &gt; cutoff, as R's caret::findCorrelation (exact): features are visited
	 * in decreasing mean absolute correlation, and of a pair over the cut-off the one with the larger mean absolute
	 * correlation with the features still in goes. Features constant on these rows go first (their r is undefined).
	 */
	static List<Integer> uncorrelated(double[][] x, int[] rows, double cutoff) {
		int p = x[0].length;
		int n = rows.length;
		double[][] z = new double[p][];
		List<Integer> candidates = new ArrayList<>();
		for (int j = 0; j < p; j++) {
			double mean = 0;
			for (int r : rows) {
				mean += x[r][j];
			}
			mean /= n;
			double ss = 0;
			double[] centred = new double[n];
			for (int i = 0; i < n; i++) {
				centred[i] = x[rows[i]][j] - mean;
				ss += centred[i] * centred[i];
			}
			if (ss > 0) {
				double norm = Math.sqrt(ss);
				for (int i = 0; i < n; i++) {
					centred[i] /= norm;
				}
				z[j] = centred;
				candidates.add(j);
			}
		}
		int m = candidates.size();
		double[][] r = new double[m][m];
		for (int a = 0; a < m; a++) {
			r[a][a] = 1;
			double[] za = z[candidates.get(a)];
			for (int b = a + 1; b < m; b++) {
				double[] zb = z[candidates.get(b)];
				double dot = 0;
				for (int i = 0; i < n; i++) {
					dot += za[i] * zb[i];
				}
				r[a][b] = Math.abs(dot);
				r[b][a] = r[a][b];
			}
		}
		double[] meanAbs = new double[m];
		for (int a = 0; a < m; a++) {
			double sum = 0;
			for (int b = 0; b < m; b++) {
				sum += b == a ? 0 : r[a][b];
			}
			meanAbs[a] = sum / Math.max(1, m - 1);
		}
		Integer[] order = new Integer[m];
		for (int a = 0; a < m; a++) {
			order[a] = a;
		}
		Arrays.sort(order, Comparator.comparingDouble((Integer a) -> -meanAbs[a]).thenComparingInt(a -> a));
		boolean[] dropped = new boolean[m];
		for (int i = 0; i < m; i++) {
			int a = order[i];
			if (dropped[a]) {
				continue;
			}
			for (int k = i + 1; k < m && !dropped[a]; k++) {
				int b = order[k];
				if (dropped[b] || r[a][b] <= cutoff) {
					continue;
				}
				if (meanAbsoluteAmongKept(r, a, dropped) > meanAbsoluteAmongKept(r, b, dropped)) {
					dropped[a] = true;
				} else {
					dropped[b] = true;
				}
			}
		}
		List<Integer> kept = new ArrayList<>();
		for (int a = 0; a < m; a++) {
			if (!dropped[a]) {
				kept.add(candidates.get(a));
			}
		}
		return kept;
	}

	private static double meanAbsoluteAmongKept(double[][] r, int a, boolean[] dropped) {
		double sum = 0;
		int count = 0;
		for (int b = 0; b < r.length; b++) {
			if (b != a && !dropped[b]) {
				sum += r[a][b];
				count++;
			}
		}
		return count == 0 ? 0 : sum / count;
	}

	/**
	 * Features whose two-sided Mann–Whitney U test (commons-statistics defaults: exact p for small samples without
	 * ties, else the normal approximation with continuity correction) gives p &lt; alpha. When fewer than
	 * {@code minimum} pass, the {@code minimum} smallest p are kept instead, so that the forest has something to
	 * rank: a guard of ours, the study does not describe the case. Order: smallest p first.
	 */
	static List<Integer> mannWhitney(double[][] x, int[] y, int[] rows, List<Integer> features, double alpha, int minimum) {
		int events = 0;
		for (int r : rows) {
			events += y[r];
		}
		double[] high = new double[events];
		double[] low = new double[rows.length - events];
		MannWhitneyUTest test = MannWhitneyUTest.withDefaults();
		double[] p = new double[features.size()];
		for (int f = 0; f < features.size(); f++) {
			int j = features.get(f);
			int h = 0;
			int l = 0;
			for (int r : rows) {
				if (y[r] == 1) {
					high[h++] = x[r][j];
				} else {
					low[l++] = x[r][j];
				}
			}
			p[f] = test.test(high, low).getPValue();
		}
		Integer[] order = new Integer[features.size()];
		for (int f = 0; f < order.length; f++) {
			order[f] = f;
		}
		Arrays.sort(order, Comparator.comparingDouble((Integer f) -> p[f]).thenComparingInt(f -> features.get(f)));
		List<Integer> kept = new ArrayList<>();
		for (int f : order) {
			if (p[f] < alpha || kept.size() < minimum) {
				kept.add(features.get(f));
			}
		}
		return kept;
	}

	/**
	 * Recursive feature elimination with a random forest: fit, drop the least important fraction (at least one), refit
	 * on the rest, until one is left. The ranking is the reverse order of elimination (the survivor first).
	 */
	static List<Integer> eliminate(double[][] x, int[] y, int[] rows, List<Integer> features, Settings settings, long seed) {
		List<Integer> current = new ArrayList<>(features);
		List<Integer> eliminated = new ArrayList<>();
		int round = 0;
		while (current.size() > 1) {
			double[] importance = forestImportance(x, y, rows, current, settings.forestTrees(), Seeds.of(seed, round++));
			List<Integer> byImportance = new ArrayList<>();
			for (int f = 0; f < current.size(); f++) {
				byImportance.add(f);
			}
			List<Integer> snapshot = List.copyOf(current);
			byImportance.sort(Comparator.comparingDouble((Integer f) -> importance[f]).thenComparingInt(f -> -snapshot.get(f)));
			int drop = Math.max(1, (int) Math.floor(current.size() * settings.eliminationStep()));
			drop = Math.min(drop, current.size() - 1);
			List<Integer> out = new ArrayList<>();
			for (int i = 0; i < drop; i++) {
				out.add(snapshot.get(byImportance.get(i)));
			}
			eliminated.addAll(out); // least important first
			current.removeAll(out);
		}
		List<Integer> ranked = new ArrayList<>(current);
		for (int i = eliminated.size() - 1; i >= 0; i--) {
			ranked.add(eliminated.get(i));
		}
		return ranked;
	}

	private static double[] forestImportance(double[][] x, int[] y, int[] rows, List<Integer> features, int trees, long seed) {
		DataFrame data = frame(x, y, rows, features, null);
		long[] seeds = LongStream.range(0, trees).map(t -> Seeds.of(seed, t)).toArray();
		int n = rows.length;
		try {
			RandomForest forest = ONE_WORKER.submit(() -> RandomForest.fit(Formula.lhs(RESPONSE), data, trees, 0, SplitRule.GINI,
					20, Math.max(2, n), 1, 1.0, null, Arrays.stream(seeds))).get();
			return forest.importance();
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		} catch (ExecutionException e) {
			throw new IllegalStateException("random forest failed", e.getCause());
		}
	}

	/** Gradient-boosted trees (binomial deviance) on the given features; column names from {@code names} or x0, x1, … */
	public static GradientTreeBoost boost(double[][] x, int[] y, int[] rows, List<Integer> features, List<String> names,
			int trees, Settings settings, long seed) {
		DataFrame data = frame(x, y, rows, features, names);
		MathEx.setSeed(seed); // the stochastic subsample draws from Smile's thread-local RNG
		return GradientTreeBoost.fit(Formula.lhs(RESPONSE), data, trees, settings.boostMaxDepth(), settings.boostMaxNodes(),
				settings.boostNodeSize(), settings.boostShrinkage(), settings.boostSubsample());
	}

	/** Probability of TMB-high for each row. */
	public static double[] probabilities(GradientTreeBoost model, double[][] x, int[] rows, List<Integer> features, List<String> names) {
		DataFrame data = frame(x, null, rows, features, names);
		double[] p = new double[rows.length];
		double[] posterior = new double[2];
		for (int i = 0; i < rows.length; i++) {
			model.predict(data.get(i), posterior);
			p[i] = posterior[1];
		}
		return p;
	}

	static DataFrame frame(double[][] x, int[] y, int[] rows, List<Integer> features, List<String> names) {
		double[][] values = new double[rows.length][features.size()];
		for (int i = 0; i < rows.length; i++) {
			for (int f = 0; f < features.size(); f++) {
				values[i][f] = x[rows[i]][features.get(f)];
			}
		}
		String[] columns = new String[features.size()];
		for (int f = 0; f < columns.length; f++) {
			columns[f] = names != null ? names.get(f) : "x" + features.get(f);
		}
		DataFrame data = DataFrame.of(values, columns);
		if (y == null) {
			return data;
		}
		int[] labels = new int[rows.length];
		for (int i = 0; i < rows.length; i++) {
			labels[i] = y[rows[i]];
		}
		return data.merge(IntVector.of(RESPONSE, labels));
	}

	/** Derived seeds: a SplitMix64 mix of a parent seed and a counter, always &gt; 1 (Smile ignores seeds ≤ 1). */
	static final class Seeds {

		private Seeds() {}

		static long of(long parent, long counter) {
			long z = parent * 0x9E3779B97F4A7C15L + counter + 0x632BE59BD9B4E019L;
			z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
			z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
			z = z ^ (z >>> 31);
			return (z >>> 2) + 2;
		}
	}
}
