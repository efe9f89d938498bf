package org.immunorisk.survival;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Named covariate columns for the random survival forest: numeric columns, and categorical columns kept as
 * labels (the forest codes them against the levels it saw in training, so new data need not list levels in the
 * same order).
 */
public final class Features {

	private final List<String> names;
	private final List<double[]> numeric;
	private final List<String[]> categorical;
	private final int size;

	private Features(List<String> names, List<double[]> numeric, List<String[]> categorical, int size) {
		this.names = names;
		this.numeric = numeric;
		this.categorical = categorical;
		this.size = size;
	}

	public static Builder builder() {
		return new Builder();
	}

	/** Column names, in the order they were added. */
	public List<String> names() {
		return names;
	}

	/** Number of columns. */
	public int count() {
		return names.size();
	}

	/** Number of observations (rows). */
	public int size() {
		return size;
	}

	public boolean isCategorical(int column) {
		return categorical.get(column) != null;
	}

	double numericValue(int row, int column) {
		return numeric.get(column)[row];
	}

	String categoricalValue(int row, int column) {
		return categorical.get(column)[row];
	}

	public static final class Builder {

		private final List<String> names = new ArrayList<>();
		private final List<double[]> numeric = new ArrayList<>();
		private final List<String[]> categorical = new ArrayList<>();

		private Builder() {}

		/** A numeric (or ordered) column; split as x ≤ c. */
		public Builder numeric(String name, double[] values) {
			add(name, values == null ? -1 : values.length);
			for (int i = 0; i < values.length; i++) {
				if (!Double.isFinite(values[i])) {
					throw new IllegalArgumentException(name + "[" + i + "] is not a finite number: " + values[i]);
				}
			}
			numeric.add(values.clone());
			categorical.add(null);
			return this;
		}

		/** An unordered categorical column; split by partitions of its levels. */
		public Builder categorical(String name, String[] values) {
			add(name, values == null ? -1 : values.length);
			for (int i = 0; i < values.length; i++) {
				if (values[i] == null) {
					throw new IllegalArgumentException(name + "[" + i + "] is missing");
				}
			}
			numeric.add(null);
			categorical.add(values.clone());
			return this;
		}

		private void add(String name, int length) {
			if (name == null || name.isBlank()) {
				throw new IllegalArgumentException("a column needs a name");
			}
			if (names.contains(name)) {
				throw new IllegalArgumentException("column " + name + " added twice");
			}
			if (length < 0) {
				throw new IllegalArgumentException("column " + name + " has no values");
			}
			int expected = expectedSize();
			if (expected >= 0 && length != expected) {
				throw new IllegalArgumentException(
						"column " + name + " has " + length + " values, the earlier columns " + expected);
			}
			names.add(name);
		}

		private int expectedSize() {
			if (numeric.isEmpty()) {
				return -1;
			}
			return numeric.get(0) != null ? numeric.get(0).length : categorical.get(0).length;
		}

		public Features build() {
			if (names.isEmpty()) {
				throw new IllegalArgumentException("at least one column is required");
			}
			// Unmodifiable views over copies; a column is numeric or categorical, the other slot holds null.
			return new Features(Collections.unmodifiableList(new ArrayList<>(names)),
					Collections.unmodifiableList(new ArrayList<>(numeric)),
					Collections.unmodifiableList(new ArrayList<>(categorical)), expectedSize());
		}
	}
}
