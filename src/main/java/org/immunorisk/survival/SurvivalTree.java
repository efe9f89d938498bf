package org.immunorisk.survival;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.SplittableRandom;

/**
 * One tree of a random survival forest (Ishwaran et al. 2008), grown on a bootstrap sample by log-rank splitting
 * over mtry randomly chosen candidate variables, with a Nelson–Aalen cumulative hazard in each leaf.
 *
 * <p>Node rules follow ranger (Wright &amp; Ziegler 2017), whose results the tests compare with: a node of at most
 * minNodeSize samples is a leaf, and a split is allowed only if both children keep at least minNodeSize samples.
 * Numeric variables are split at midpoints between adjacent distinct values (x ≤ c goes left); categorical
 * variables by every two-way partition of the levels present in the node (ranger's "partition" mode), never by
 * an arbitrary order of the level codes. Bootstrap duplicates count as separate samples, as in ranger.
 */
final class SurvivalTree {

	/** Partitions of up to this many levels are enumerated exhaustively (2^(L−1) − 1 splits). */
	static final int MAX_CATEGORICAL_LEVELS = 12;

	private final double[] deathTimes;

	// Node arrays, grown as needed. splitVariable < 0 marks a leaf.
	private int nodeCount;
	private int[] splitVariable = new int[16];
	private double[] threshold = new double[16];
	private long[] leftLevels = new long[16];
	private int[] leftChild = new int[16];
	private int[] rightChild = new int[16];
	private boolean[] unseenGoesLeft = new boolean[16];
	private int[] leafIndex = new int[16];

	// Leaves: the death times (indices into deathTimes) where the leaf's cumulative hazard steps, and its values.
	private int leafCount;
	private int[][] leafTimes = new int[8][];
	private double[][] leafHazard = new double[8][];
	private double[] leafMortality = new double[8];

	private SurvivalTree(double[] deathTimes) {
		this.deathTimes = deathTimes;
	}

	/**
	 * @param x            encoded covariates, column-major: x[variable][row]; categorical levels coded 0, 1, …
	 * @param categorical  which variables are categorical
	 * @param time         follow-up time per row
	 * @param status       1 event, 0 censored
	 * @param deathTimes   the distinct event times of the whole training set, ascending
	 * @param samples      the rows this tree is grown on (bootstrap: with duplicates)
	 */
	static SurvivalTree grow(double[][] x, boolean[] categorical, double[] time, int[] status, double[] deathTimes,
			int[] samples, int mtry, int minNodeSize, SplittableRandom random) {
		SurvivalTree tree = new SurvivalTree(deathTimes);
		new Grower(tree, x, categorical, time, status, samples.clone(), mtry, minNodeSize, random).run();
		return tree;
	}

	/** Leaf reached by a row; variable {@code swapVariable} is read from row {@code swapRow} instead (permutation). */
	int leafOf(double[][] x, int row, int swapVariable, int swapRow) {
		int node = 0;
		while (splitVariable[node] >= 0) {
			int v = splitVariable[node];
			double value = x[v][v == swapVariable ? swapRow : row];
			boolean left;
			if (leftLevels[node] != 0) {
				int level = (int) value;
				left = level < 0 ? unseenGoesLeft[node] : (leftLevels[node] & (1L << level)) != 0;
			} else {
				left = value <= threshold[node];
			}
			node = left ? leftChild[node] : rightChild[node];
		}
		return leafIndex[node];
	}

	/** Σ over the training death times of the leaf's cumulative hazard: the leaf's contribution to mortality. */
	double mortality(int leaf) {
		return leafMortality[leaf];
	}

	/** Adds the leaf's cumulative hazard at every training death time to {@code into}. */
	void addHazard(int leaf, double[] into) {
		int[] steps = leafTimes[leaf];
		double[] values = leafHazard[leaf];
		for (int s = 0; s < steps.length; s++) {
			int end = s + 1 < steps.length ? steps[s + 1] : deathTimes.length;
			for (int k = steps[s]; k < end; k++) {
				into[k] += values[s];
			}
		}
	}

	/**
	 * Writes the grown tree (nodes, then leaves with their hazard steps) so that {@link #read} rebuilds one that
	 * routes every subject to the same leaf and gives the same cumulative hazard, bit for bit.
	 */
	void write(DataOutputStream out) throws IOException {
		out.writeInt(nodeCount);
		for (int node = 0; node < nodeCount; node++) {
			out.writeInt(splitVariable[node]);
			if (splitVariable[node] < 0) {
				out.writeInt(leafIndex[node]);
			} else {
				out.writeDouble(threshold[node]);
				out.writeLong(leftLevels[node]);
				out.writeBoolean(unseenGoesLeft[node]);
				out.writeInt(leftChild[node]);
				out.writeInt(rightChild[node]);
			}
		}
		out.writeInt(leafCount);
		for (int leaf = 0; leaf < leafCount; leaf++) {
			out.writeInt(leafTimes[leaf].length);
			for (int s = 0; s < leafTimes[leaf].length; s++) {
				out.writeInt(leafTimes[leaf][s]);
				out.writeDouble(leafHazard[leaf][s]);
			}
		}
	}

	/** Reads a tree written by {@link #write}; {@code variables} and the death times bound what it may refer to. */
	static SurvivalTree read(DataInputStream in, double[] deathTimes, int variables) throws IOException {
		SurvivalTree tree = new SurvivalTree(deathTimes);
		int nodes = in.readInt();
		check(nodes >= 1, "a tree needs at least one node, got " + nodes);
		for (int n = 0; n < nodes; n++) {
			int node = tree.newNode();
			int variable = in.readInt();
			check(variable < variables, "node splits on variable " + variable + " of " + variables);
			tree.splitVariable[node] = variable < 0 ? -1 : variable;
			if (variable < 0) {
				tree.leafIndex[node] = in.readInt();
			} else {
				tree.threshold[node] = in.readDouble();
				tree.leftLevels[node] = in.readLong();
				tree.unseenGoesLeft[node] = in.readBoolean();
				tree.leftChild[node] = in.readInt();
				tree.rightChild[node] = in.readInt();
				// Children come after their parent (grown depth-first), so a walk from the root always ends.
				check(tree.leftChild[node] > node && tree.leftChild[node] < nodes && tree.rightChild[node] > node
						&& tree.rightChild[node] < nodes, "node " + node + " has children outside the tree");
			}
		}
		int leaves = in.readInt();
		for (int leaf = 0; leaf < leaves; leaf++) {
			int steps = in.readInt();
			check(steps >= 0 && steps <= deathTimes.length, "leaf " + leaf + " has " + steps + " hazard steps");
			int[] times = new int[steps];
			double[] hazard = new double[steps];
			for (int s = 0; s < steps; s++) {
				times[s] = in.readInt();
				hazard[s] = in.readDouble();
				check(times[s] >= 0 && times[s] < deathTimes.length && (s == 0 || times[s] > times[s - 1]),
						"leaf " + leaf + " steps at an unknown or unordered death time");
			}
			tree.addLeaf(times, hazard); // recomputes the leaf's mortality exactly as growing did
		}
		for (int node = 0; node < nodes; node++) {
			if (tree.splitVariable[node] < 0) {
				check(tree.leafIndex[node] >= 0 && tree.leafIndex[node] < leaves, "node " + node + " names no leaf");
			}
		}
		return tree;
	}

	private static void check(boolean condition, String message) throws IOException {
		if (!condition) {
			throw new IOException("corrupt survival tree: " + message);
		}
	}

	int nodeCount() {
		return nodeCount;
	}

	int leafCount() {
		return leafCount;
	}

	private int newNode() {
		if (nodeCount == splitVariable.length) {
			int size = nodeCount * 2;
			splitVariable = Arrays.copyOf(splitVariable, size);
			threshold = Arrays.copyOf(threshold, size);
			leftLevels = Arrays.copyOf(leftLevels, size);
			leftChild = Arrays.copyOf(leftChild, size);
			rightChild = Arrays.copyOf(rightChild, size);
			unseenGoesLeft = Arrays.copyOf(unseenGoesLeft, size);
			leafIndex = Arrays.copyOf(leafIndex, size);
		}
		splitVariable[nodeCount] = -1;
		leafIndex[nodeCount] = -1;
		return nodeCount++;
	}

	private void makeLeaf(int node, int[] steps, double[] hazard) {
		splitVariable[node] = -1;
		leafIndex[node] = addLeaf(steps, hazard);
	}

	private int addLeaf(int[] steps, double[] hazard) {
		if (leafCount == leafTimes.length) {
			int size = leafCount * 2;
			leafTimes = Arrays.copyOf(leafTimes, size);
			leafHazard = Arrays.copyOf(leafHazard, size);
			leafMortality = Arrays.copyOf(leafMortality, size);
		}
		double mortality = 0;
		for (int s = 0; s < steps.length; s++) {
			int end = s + 1 < steps.length ? steps[s + 1] : deathTimes.length;
			mortality += hazard[s] * (end - steps[s]);
		}
		leafTimes[leafCount] = steps;
		leafHazard[leafCount] = hazard;
		leafMortality[leafCount] = mortality;
		return leafCount++;
	}

	/** Grows the tree depth-first with an explicit stack (deep trees on large data would overflow recursion). */
	private static final class Grower {

		private final SurvivalTree tree;
		private final double[][] x;
		private final boolean[] categorical;
		private final double[] time;
		private final int[] status;
		private final int[] samples;
		private final int mtry;
		private final int minNodeSize;
		private final SplittableRandom random;
		private final int[] variables;

		// Per-node scratch, sized for the root.
		private final double[] nodeTimes;
		private final int[] riskUpTo;
		private final int[] deathIndex;
		private final Integer[] sortBuffer;

		// Best split found so far in the current node.
		private double bestStatistic;
		private int bestVariable;
		private double bestThreshold;
		private long bestLevels;

		Grower(SurvivalTree tree, double[][] x, boolean[] categorical, double[] time, int[] status, int[] samples,
				int mtry, int minNodeSize, SplittableRandom random) {
			this.tree = tree;
			this.x = x;
			this.categorical = categorical;
			this.time = time;
			this.status = status;
			this.samples = samples;
			this.mtry = mtry;
			this.minNodeSize = minNodeSize;
			this.random = random;
			this.variables = new int[x.length];
			for (int v = 0; v < variables.length; v++) {
				variables[v] = v;
			}
			int n = samples.length;
			this.nodeTimes = new double[n];
			this.riskUpTo = new int[n];
			this.deathIndex = new int[n];
			this.sortBuffer = new Integer[n];
		}

		void run() {
			Deque<int[]> stack = new ArrayDeque<>();
			stack.push(new int[] {tree.newNode(), 0, samples.length});
			while (!stack.isEmpty()) {
				int[] task = stack.pop();
				int node = task[0];
				int from = task[1];
				int to = task[2];
				int m = to - from;
				int k = nodeDeathTimes(from, to);
				if (m <= minNodeSize || k == 0 || m < 2 * minNodeSize || !findSplit(from, to, k)) {
					leaf(node, from, to, k);
					continue;
				}
				int mid = partition(from, to);
				int left = tree.newNode();
				int right = tree.newNode();
				tree.splitVariable[node] = bestVariable;
				tree.threshold[node] = bestThreshold;
				tree.leftLevels[node] = bestLevels;
				tree.leftChild[node] = left;
				tree.rightChild[node] = right;
				// A level never seen in training follows the majority of the node's samples.
				tree.unseenGoesLeft[node] = mid - from >= to - mid;
				stack.push(new int[] {right, mid, to});
				stack.push(new int[] {left, from, mid});
			}
		}

		/**
		 * Collects the node's distinct event times into nodeTimes[0..k) and, per sample, how many of them it is at
		 * risk for (time ≥ T_k) and at which one it dies. Returns k.
		 */
		private int nodeDeathTimes(int from, int to) {
			int k = 0;
			for (int q = from; q < to; q++) {
				int i = samples[q];
				if (status[i] == 1) {
					nodeTimes[k++] = time[i];
				}
			}
			Arrays.sort(nodeTimes, 0, k);
			int distinct = 0;
			for (int a = 0; a < k; a++) {
				if (a == 0 || nodeTimes[a] != nodeTimes[distinct - 1]) {
					nodeTimes[distinct++] = nodeTimes[a];
				}
			}
			for (int q = from; q < to; q++) {
				int i = samples[q];
				int upTo = upperBound(nodeTimes, distinct, time[i]);
				riskUpTo[q - from] = upTo;
				deathIndex[q - from] = status[i] == 1 ? upTo - 1 : -1;
			}
			return distinct;
		}

		/** Nelson–Aalen: H(t) = Σ_{T ≤ t} d(T)/n(T) over the node's samples (duplicates counted, as ranger). */
		private void leaf(int node, int from, int to, int k) {
			int m = to - from;
			int[] atRisk = new int[k];
			int[] deaths = new int[k];
			for (int q = 0; q < m; q++) {
				for (int a = 0; a < riskUpTo[q]; a++) {
					atRisk[a]++;
				}
				if (deathIndex[q] >= 0) {
					deaths[deathIndex[q]]++;
				}
			}
			int[] steps = new int[k];
			double[] hazard = new double[k];
			double h = 0;
			for (int a = 0; a < k; a++) {
				h += (double) deaths[a] / atRisk[a];
				hazard[a] = h;
				steps[a] = Arrays.binarySearch(tree.deathTimes, nodeTimes[a]);
			}
			tree.makeLeaf(node, steps, hazard);
		}

		private boolean findSplit(int from, int to, int k) {
			int m = to - from;
			int[] atRisk = new int[k];
			int[] deaths = new int[k];
			for (int q = 0; q < m; q++) {
				for (int a = 0; a < riskUpTo[q]; a++) {
					atRisk[a]++;
				}
				if (deathIndex[q] >= 0) {
					deaths[deathIndex[q]]++;
				}
			}
			bestStatistic = -1;
			bestVariable = -1;
			// mtry distinct candidates by a partial Fisher–Yates shuffle.
			int p = variables.length;
			int draws = Math.min(mtry, p);
			for (int c = 0; c < draws; c++) {
				int pick = c + random.nextInt(p - c);
				int swap = variables[c];
				variables[c] = variables[pick];
				variables[pick] = swap;
				int v = variables[c];
				if (categorical[v]) {
					searchCategorical(v, from, to, k, atRisk, deaths);
				} else {
					searchNumeric(v, from, to, k, atRisk, deaths);
				}
			}
			return bestVariable >= 0;
		}

		private void searchNumeric(int v, int from, int to, int k, int[] atRisk, int[] deaths) {
			int m = to - from;
			double[] column = x[v];
			for (int q = 0; q < m; q++) {
				sortBuffer[q] = q;
			}
			Arrays.sort(sortBuffer, 0, m, (a, b) -> Double.compare(column[samples[from + a]], column[samples[from + b]]));
			int[] leftRisk = new int[k];
			int[] leftDeaths = new int[k];
			for (int r = 0; r < m - 1; r++) {
				int q = sortBuffer[r];
				for (int a = 0; a < riskUpTo[q]; a++) {
					leftRisk[a]++;
				}
				if (deathIndex[q] >= 0) {
					leftDeaths[deathIndex[q]]++;
				}
				double value = column[samples[from + q]];
				double next = column[samples[from + sortBuffer[r + 1]]];
				int nLeft = r + 1;
				if (value == next || nLeft < minNodeSize || m - nLeft < minNodeSize) {
					continue;
				}
				double statistic = logRank(k, atRisk, deaths, leftRisk, leftDeaths);
				if (statistic > bestStatistic) {
					bestStatistic = statistic;
					bestVariable = v;
					bestLevels = 0;
					double midpoint = (value + next) / 2;
					// As ranger: if the midpoint rounds up to the larger value, split at the smaller one.
					bestThreshold = midpoint == next ? value : midpoint;
				}
			}
		}

		private void searchCategorical(int v, int from, int to, int k, int[] atRisk, int[] deaths) {
			int m = to - from;
			double[] column = x[v];
			long present = 0;
			for (int q = 0; q < m; q++) {
				present |= 1L << (int) column[samples[from + q]];
			}
			int[] levels = new int[Long.bitCount(present)];
			int count = 0;
			for (long bits = present; bits != 0; bits &= bits - 1) {
				levels[count++] = Long.numberOfTrailingZeros(bits);
			}
			if (count < 2) {
				return;
			}
			int[] leftRisk = new int[k];
			int[] leftDeaths = new int[k];
			// Subsets never containing the last present level: each two-way partition is visited once.
			long partitions = 1L << (count - 1);
			for (long local = 1; local < partitions; local++) {
				long mask = 0;
				for (int b = 0; b < count; b++) {
					if ((local & (1L << b)) != 0) {
						mask |= 1L << levels[b];
					}
				}
				Arrays.fill(leftRisk, 0);
				Arrays.fill(leftDeaths, 0);
				int nLeft = 0;
				for (int q = 0; q < m; q++) {
					if ((mask & (1L << (int) column[samples[from + q]])) != 0) {
						nLeft++;
						for (int a = 0; a < riskUpTo[q]; a++) {
							leftRisk[a]++;
						}
						if (deathIndex[q] >= 0) {
							leftDeaths[deathIndex[q]]++;
						}
					}
				}
				if (nLeft < minNodeSize || m - nLeft < minNodeSize) {
					continue;
				}
				double statistic = logRank(k, atRisk, deaths, leftRisk, leftDeaths);
				if (statistic > bestStatistic) {
					bestStatistic = statistic;
					bestVariable = v;
					bestLevels = mask;
					bestThreshold = Double.NaN;
				}
			}
		}

		/**
		 * Two-sample log-rank statistic |Σ (d_L − n_L d/n)| / sqrt(Σ (n_L/n)(1 − n_L/n)(n − d)/(n − 1) d), the
		 * splitting rule of Ishwaran et al. (2008, eq. for L(x, c)); −1 when undefined.
		 */
		private static double logRank(int k, int[] atRisk, int[] deaths, int[] leftRisk, int[] leftDeaths) {
			double numerator = 0;
			double variance = 0;
			for (int a = 0; a < k; a++) {
				double n = atRisk[a];
				if (n < 2) {
					break;
				}
				double d = deaths[a];
				double nl = leftRisk[a];
				double share = nl / n;
				numerator += leftDeaths[a] - nl * d / n;
				variance += share * (1 - share) * (n - d) / (n - 1) * d;
			}
			return variance > 0 ? Math.abs(numerator) / Math.sqrt(variance) : -1;
		}

		/** Moves the samples going left to the front of [from, to); returns the first right position. */
		private int partition(int from, int to) {
			double[] column = x[bestVariable];
			int mid = from;
			for (int q = from; q < to; q++) {
				double value = column[samples[q]];
				boolean left = bestLevels != 0 ? (bestLevels & (1L << (int) value)) != 0 : value <= bestThreshold;
				if (left) {
					int swap = samples[mid];
					samples[mid] = samples[q];
					samples[q] = swap;
					mid++;
				}
			}
			return mid;
		}

		/** Number of entries of sorted[0..length) that are ≤ value. */
		private static int upperBound(double[] sorted, int length, double value) {
			int lo = 0;
			int hi = length;
			while (lo < hi) {
				int mid = (lo + hi) >>> 1;
				if (sorted[mid] <= value) {
					lo = mid + 1;
				} else {
					hi = mid;
				}
			}
			return lo;
		}
	}
}
