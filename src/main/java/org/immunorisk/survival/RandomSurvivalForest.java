package org.immunorisk.survival;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * Random survival forest (Ishwaran, Kogalur, Blackstone &amp; Lauer 2008, Ann. Appl. Stat. 2:841–860).
 *
 * <p>Each tree is grown on a bootstrap sample (n draws with replacement) by log-rank splitting over mtry randomly
 * chosen candidate variables (see {@link SurvivalTree} for the node rules, which follow ranger); each leaf holds
 * the Nelson–Aalen cumulative hazard of its samples. The ensemble cumulative hazard is the average over trees, and
 * the ensemble mortality of a subject is the sum of its cumulative hazard over the distinct event times of the
 * training data (Ishwaran et al. 2008, §4.1; what ranger and randomForestSRC report), an expected number of
 * events: higher mortality, higher risk.
 *
 * <p>Out-of-bag (OOB) estimates use, for every subject, only the trees whose bootstrap sample left it out. The
 * OOB C-index is Harrell's C of the OOB mortality with R's tie rules ({@link Concordance#ofRisk}); subjects that
 * were in bag for every tree (possible only with very few trees) are left out of it. Permutation importance is
 * Ishwaran's (2008, §6.1): for each variable, its values are permuted among each tree's OOB subjects, the OOB
 * ensemble is recomputed, and the importance is the drop in OOB C (equivalently the rise in OOB error 1 − C).
 *
 * <p>Deterministic for a seed: a master {@link SplittableRandom} hands every tree its own seeds before any tree is
 * grown, trees may then be grown on several threads, and all ensemble sums run in tree order.
 */
public final class RandomSurvivalForest {

	private final List<String> names;
	private final boolean[] categorical;
	private final List<List<String>> levels;
	private final double[] deathTimes;
	private final SurvivalTree[] trees;
	private final double[] oobMortality;
	private final int[] oobTrees;
	private final double oobConcordance;
	private final Map<String, Double> importance;

	private RandomSurvivalForest(List<String> names, boolean[] categorical, List<List<String>> levels,
			double[] deathTimes, SurvivalTree[] trees, double[] oobMortality, int[] oobTrees, double oobConcordance,
			Map<String, Double> importance) {
		this.names = names;
		this.categorical = categorical;
		this.levels = levels;
		this.deathTimes = deathTimes;
		this.trees = trees;
		this.oobMortality = oobMortality;
		this.oobTrees = oobTrees;
		this.oobConcordance = oobConcordance;
		this.importance = importance;
	}

	public static Builder builder() {
		return new Builder();
	}

	/** Settings; defaults are ranger's (500 trees, mtry ⌊√p⌋, min node size 3), importance off. */
	public static final class Builder {

		private int trees = 500;
		private int mtry = 0;
		private int minNodeSize = 3;
		private long seed = 1;
		private int threads = 1;
		private boolean importance;

		private Builder() {}

		public Builder trees(int trees) {
			if (trees < 1) {
				throw new IllegalArgumentException("need at least one tree, was " + trees);
			}
			this.trees = trees;
			return this;
		}

		/** Candidate variables tried at each split; 0 (default) means ⌊√p⌋. */
		public Builder mtry(int mtry) {
			if (mtry < 0) {
				throw new IllegalArgumentException("mtry must be positive, was " + mtry);
			}
			this.mtry = mtry;
			return this;
		}

		/** Nodes of at most this many samples are not split; no child may be smaller. */
		public Builder minNodeSize(int minNodeSize) {
			if (minNodeSize < 1) {
				throw new IllegalArgumentException("min node size must be at least 1, was " + minNodeSize);
			}
			this.minNodeSize = minNodeSize;
			return this;
		}

		public Builder seed(long seed) {
			this.seed = seed;
			return this;
		}

		/** Worker threads for growing trees; the result does not depend on it. */
		public Builder threads(int threads) {
			if (threads < 1) {
				throw new IllegalArgumentException("threads must be at least 1, was " + threads);
			}
			this.threads = threads;
			return this;
		}

		/** Compute OOB permutation importance (costs one extra pass over every tree per variable). */
		public Builder importance(boolean importance) {
			this.importance = importance;
			return this;
		}

		public RandomSurvivalForest fit(Features features, double[] time, int[] status) {
			return RandomSurvivalForest.fit(this, features, time, status);
		}
	}

	private static RandomSurvivalForest fit(Builder settings, Features features, double[] time, int[] status) {
		SurvivalInput.checkTimes(time, status);
		if (features == null) {
			throw new IllegalArgumentException("features are required");
		}
		int n = time.length;
		SurvivalInput.checkLength("features", features.size(), n);
		if (SurvivalInput.events(status) == 0) {
			throw new IllegalArgumentException("no events: a survival forest needs at least one observed event");
		}
		int p = features.count();
		int mtry = settings.mtry == 0 ? Math.max(1, (int) Math.floor(Math.sqrt(p))) : settings.mtry;
		if (mtry > p) {
			throw new IllegalArgumentException("mtry " + mtry + " exceeds the number of variables " + p);
		}

		boolean[] categorical = new boolean[p];
		List<List<String>> levels = new ArrayList<>();
		double[][] x = new double[p][n];
		for (int v = 0; v < p; v++) {
			categorical[v] = features.isCategorical(v);
			if (categorical[v]) {
				Map<String, Integer> codes = new LinkedHashMap<>();
				for (int i = 0; i < n; i++) {
					x[v][i] = codes.computeIfAbsent(features.categoricalValue(i, v), key -> codes.size());
				}
				if (codes.size() > SurvivalTree.MAX_CATEGORICAL_LEVELS) {
					throw new IllegalArgumentException("categorical variable " + features.names().get(v) + " has "
							+ codes.size() + " levels; at most " + SurvivalTree.MAX_CATEGORICAL_LEVELS
							+ " are split by partitions (group rare levels or code it numerically)");
				}
				levels.add(List.copyOf(codes.keySet()));
			} else {
				for (int i = 0; i < n; i++) {
					x[v][i] = features.numericValue(i, v);
				}
				levels.add(List.of());
			}
		}
		double[] deathTimes = Arrays.stream(indices(n)).filter(i -> status[i] == 1).mapToDouble(i -> time[i])
				.sorted().distinct().toArray();

		int treeCount = settings.trees;
		SplittableRandom master = new SplittableRandom(settings.seed);
		long[] growSeeds = new long[treeCount];
		long[] permuteSeeds = new long[treeCount];
		for (int t = 0; t < treeCount; t++) {
			growSeeds[t] = master.nextLong();
			permuteSeeds[t] = master.nextLong();
		}

		SurvivalTree[] trees = new SurvivalTree[treeCount];
		int[][] outOfBag = new int[treeCount][];
		// Per tree and OOB subject: the leaf mortality, and with importance one such value per permuted variable.
		double[][] oobValues = new double[treeCount][];
		double[][][] permutedValues = settings.importance ? new double[treeCount][][] : null;
		int minNodeSize = settings.minNodeSize;
		runParallel(settings.threads, treeCount, t -> {
			SplittableRandom random = new SplittableRandom(growSeeds[t]);
			int[] sample = new int[n];
			boolean[] inBag = new boolean[n];
			for (int i = 0; i < n; i++) {
				sample[i] = random.nextInt(n);
				inBag[sample[i]] = true;
			}
			SurvivalTree tree = SurvivalTree.grow(x, categorical, time, status, deathTimes, sample, mtry, minNodeSize,
					random);
			int[] oob = IntStream.range(0, n).filter(i -> !inBag[i]).toArray();
			double[] values = new double[oob.length];
			for (int a = 0; a < oob.length; a++) {
				values[a] = tree.mortality(tree.leafOf(x, oob[a], -1, -1));
			}
			trees[t] = tree;
			outOfBag[t] = oob;
			oobValues[t] = values;
			if (permutedValues != null) {
				SplittableRandom permuter = new SplittableRandom(permuteSeeds[t]);
				double[][] permuted = new double[p][oob.length];
				for (int v = 0; v < p; v++) {
					int[] perm = oob.clone();
					for (int a = perm.length - 1; a > 0; a--) {
						int b = permuter.nextInt(a + 1);
						int swap = perm[a];
						perm[a] = perm[b];
						perm[b] = swap;
					}
					for (int a = 0; a < oob.length; a++) {
						permuted[v][a] = tree.mortality(tree.leafOf(x, oob[a], v, perm[a]));
					}
				}
				permutedValues[t] = permuted;
			}
		});

		// Ensemble sums in tree order, so the result does not depend on thread scheduling.
		double[] oobSum = new double[n];
		int[] oobCount = new int[n];
		for (int t = 0; t < treeCount; t++) {
			for (int a = 0; a < outOfBag[t].length; a++) {
				oobSum[outOfBag[t][a]] += oobValues[t][a];
				oobCount[outOfBag[t][a]]++;
			}
		}
		double[] oobMortality = new double[n];
		for (int i = 0; i < n; i++) {
			oobMortality[i] = oobCount[i] > 0 ? oobSum[i] / oobCount[i] : Double.NaN;
		}
		double oobConcordance = oobConcordance(time, status, oobMortality, oobCount);

		Map<String, Double> importance = Map.of();
		if (permutedValues != null) {
			Map<String, Double> vimp = new LinkedHashMap<>();
			for (int v = 0; v < p; v++) {
				double[] sum = new double[n];
				for (int t = 0; t < treeCount; t++) {
					for (int a = 0; a < outOfBag[t].length; a++) {
						sum[outOfBag[t][a]] += permutedValues[t][v][a];
					}
				}
				for (int i = 0; i < n; i++) {
					sum[i] = oobCount[i] > 0 ? sum[i] / oobCount[i] : Double.NaN;
				}
				vimp.put(features.names().get(v), oobConcordance - oobConcordance(time, status, sum, oobCount));
			}
			importance = Collections.unmodifiableMap(vimp);
		}
		return new RandomSurvivalForest(features.names(), categorical, levels, deathTimes, trees, oobMortality,
				oobCount, oobConcordance, importance);
	}

	private static double oobConcordance(double[] time, int[] status, double[] mortality, int[] count) {
		int[] kept = IntStream.range(0, time.length).filter(i -> count[i] > 0).toArray();
		double[] t = new double[kept.length];
		int[] s = new int[kept.length];
		double[] m = new double[kept.length];
		for (int a = 0; a < kept.length; a++) {
			t[a] = time[kept[a]];
			s[a] = status[kept[a]];
			m[a] = mortality[kept[a]];
		}
		if (kept.length < 2) {
			return Double.NaN;
		}
		return Concordance.ofRisk(t, s, m).index();
	}

	private interface TreeTask {
		void run(int tree);
	}

	private static void runParallel(int threads, int count, TreeTask task) {
		if (threads == 1) {
			for (int t = 0; t < count; t++) {
				task.run(t);
			}
			return;
		}
		ForkJoinPool pool = new ForkJoinPool(threads);
		try {
			pool.submit(() -> IntStream.range(0, count).parallel().forEach(task::run)).get();
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while growing the forest", e);
		} catch (ExecutionException e) {
			Throwable cause = e.getCause();
			if (cause instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new IllegalStateException("growing the forest failed", cause);
		} finally {
			pool.shutdown();
		}
	}

	private static int[] indices(int n) {
		return IntStream.range(0, n).toArray();
	}

	/** First bytes of a forest file, then the format version. */
	private static final int MAGIC = 0x49525346; // "IRSF"
	private static final int FORMAT_VERSION = 1;

	/**
	 * Writes what scoring needs (variables and their levels, the training death times, every tree) in a compact
	 * binary form: big-endian, no timestamps, so the same forest always gives the same bytes. The OOB results and
	 * importance are training diagnostics and are not written.
	 */
	public void write(OutputStream target) throws IOException {
		DataOutputStream out = new DataOutputStream(new BufferedOutputStream(target));
		out.writeInt(MAGIC);
		out.writeInt(FORMAT_VERSION);
		out.writeInt(names.size());
		for (int v = 0; v < names.size(); v++) {
			out.writeUTF(names.get(v));
			out.writeBoolean(categorical[v]);
			out.writeInt(levels.get(v).size());
			for (String level : levels.get(v)) {
				out.writeUTF(level);
			}
		}
		out.writeInt(deathTimes.length);
		for (double t : deathTimes) {
			out.writeDouble(t);
		}
		out.writeInt(trees.length);
		for (SurvivalTree tree : trees) {
			tree.write(out);
		}
		out.flush();
	}

	/**
	 * Reads a forest written by {@link #write}. It predicts exactly as the written one did; it has no OOB results
	 * ({@link #oobConcordance()} is NaN, {@link #importance()} empty). A truncated or altered file fails with an
	 * IOException rather than giving a forest that scores differently.
	 */
	public static RandomSurvivalForest read(InputStream source) throws IOException {
		DataInputStream in = new DataInputStream(new BufferedInputStream(source));
		try {
			if (in.readInt() != MAGIC) {
				throw new IOException("not a random survival forest file");
			}
			int version = in.readInt();
			if (version != FORMAT_VERSION) {
				throw new IOException("forest file format " + version + ", this library reads " + FORMAT_VERSION);
			}
			int p = in.readInt();
			if (p < 1) {
				throw new IOException("corrupt forest file: " + p + " variables");
			}
			List<String> names = new ArrayList<>();
			boolean[] categorical = new boolean[p];
			List<List<String>> levels = new ArrayList<>();
			for (int v = 0; v < p; v++) {
				names.add(in.readUTF());
				categorical[v] = in.readBoolean();
				int count = in.readInt();
				List<String> codes = new ArrayList<>();
				for (int l = 0; l < count; l++) {
					codes.add(in.readUTF());
				}
				levels.add(List.copyOf(codes));
			}
			double[] deathTimes = new double[in.readInt()];
			for (int k = 0; k < deathTimes.length; k++) {
				deathTimes[k] = in.readDouble();
			}
			int treeCount = in.readInt();
			if (treeCount < 1) {
				throw new IOException("corrupt forest file: " + treeCount + " trees");
			}
			SurvivalTree[] trees = new SurvivalTree[treeCount];
			for (int t = 0; t < treeCount; t++) {
				trees[t] = SurvivalTree.read(in, deathTimes, p);
			}
			if (in.read() != -1) {
				throw new IOException("corrupt forest file: data after the last tree");
			}
			return new RandomSurvivalForest(List.copyOf(names), categorical, List.copyOf(levels), deathTimes, trees,
					new double[0], new int[0], Double.NaN, Map.of());
		} catch (java.io.EOFException e) {
			throw new IOException("truncated forest file", e);
		}
	}

	/** Variable names, in the order of the training features. */
	public List<String> names() {
		return names;
	}

	public int treeCount() {
		return trees.length;
	}

	/** Distinct event times of the training data, ascending: the grid of {@link #cumulativeHazard(Features)}. */
	public double[] deathTimes() {
		return deathTimes.clone();
	}

	/** Harrell's C of the out-of-bag mortality (R's tie rules); 1 − C is ranger's prediction.error. */
	public double oobConcordance() {
		return oobConcordance;
	}

	/** OOB ensemble mortality per training subject; NaN for a subject in bag for every tree. */
	public double[] oobMortality() {
		return oobMortality.clone();
	}

	/** Number of trees for which each training subject was out of bag. */
	public int[] oobTreeCounts() {
		return oobTrees.clone();
	}

	/**
	 * Permutation importance per variable (drop in OOB C when the variable is permuted), in feature order; empty
	 * unless the forest was built with {@code importance(true)}.
	 */
	public Map<String, Double> importance() {
		return importance;
	}

	/** Variable names by decreasing importance. */
	public List<String> importanceRanking() {
		List<String> ranking = new ArrayList<>(importance.keySet());
		ranking.sort((a, b) -> Double.compare(importance.get(b), importance.get(a)));
		return ranking;
	}

	/** Ensemble mortality (all trees) of new subjects. */
	public double[] mortality(Features data) {
		double[][] x = encode(data);
		int rows = data.size();
		double[] result = new double[rows];
		for (int i = 0; i < rows; i++) {
			double sum = 0;
			for (SurvivalTree tree : trees) {
				sum += tree.mortality(tree.leafOf(x, i, -1, -1));
			}
			result[i] = sum / trees.length;
		}
		return result;
	}

	/** Ensemble cumulative hazard (all trees) of new subjects at each of {@link #deathTimes()}. */
	public double[][] cumulativeHazard(Features data) {
		double[][] x = encode(data);
		int rows = data.size();
		double[][] result = new double[rows][deathTimes.length];
		for (int i = 0; i < rows; i++) {
			for (SurvivalTree tree : trees) {
				tree.addHazard(tree.leafOf(x, i, -1, -1), result[i]);
			}
			for (int k = 0; k < deathTimes.length; k++) {
				result[i][k] /= trees.length;
			}
		}
		return result;
	}

	/** Codes new data with the training levels; an unseen level becomes −1 (it follows the node's majority). */
	private double[][] encode(Features data) {
		if (data == null || !data.names().equals(names)) {
			throw new IllegalArgumentException("features must have the training columns " + names
					+ (data == null ? "" : ", got " + data.names()));
		}
		int p = names.size();
		int rows = data.size();
		double[][] x = new double[p][rows];
		for (int v = 0; v < p; v++) {
			if (data.isCategorical(v) != categorical[v]) {
				throw new IllegalArgumentException("column " + names.get(v) + " was "
						+ (categorical[v] ? "categorical" : "numeric") + " in training");
			}
			for (int i = 0; i < rows; i++) {
				x[v][i] = categorical[v] ? levels.get(v).indexOf(data.categoricalValue(i, v)) : data.numericValue(i, v);
			}
		}
		return x;
	}
}
