package org.immunorisk.survival;

/**
 * The little linear algebra the library needs: Cholesky factorisation of small symmetric positive definite
 * matrices (Cox information, log-rank variance). Kept in-house rather than adding commons-math3, which is not on
 * the project's classpath; the matrices are at most a few dozen rows.
 */
final class Matrices {

	/**
	 * A pivot smaller than this fraction of the column's original diagonal means the column is (numerically) a
	 * linear combination of the previous ones. R's cholesky2 uses a similar relative tolerance (toler.chol).
	 */
	private static final double RELATIVE_PIVOT_TOLERANCE = 1e-10;

	private Matrices() {}

	/** Lower-triangular L with A = L Lᵀ; throws {@link SingularMatrixException} naming the offending column. */
	static double[][] cholesky(double[][] a, String[] names) {
		int p = a.length;
		double[][] l = new double[p][p];
		for (int j = 0; j < p; j++) {
			double diagonal = a[j][j];
			for (int k = 0; k < j; k++) {
				diagonal -= l[j][k] * l[j][k];
			}
			if (!(diagonal > RELATIVE_PIVOT_TOLERANCE * Math.abs(a[j][j])) || !(a[j][j] > 0)) {
				String name = names == null ? "column " + j : names[j];
				throw new SingularMatrixException("matrix is singular at " + name
						+ ": it is constant or a linear combination of the preceding terms among the subjects at risk");
			}
			l[j][j] = Math.sqrt(diagonal);
			for (int i = j + 1; i < p; i++) {
				double s = a[i][j];
				for (int k = 0; k < j; k++) {
					s -= l[i][k] * l[j][k];
				}
				l[i][j] = s / l[j][j];
			}
		}
		return l;
	}

	/** Solves L Lᵀ x = b. */
	static double[] solve(double[][] l, double[] b) {
		int p = l.length;
		double[] y = new double[p];
		for (int i = 0; i < p; i++) {
			double s = b[i];
			for (int k = 0; k < i; k++) {
				s -= l[i][k] * y[k];
			}
			y[i] = s / l[i][i];
		}
		double[] x = new double[p];
		for (int i = p - 1; i >= 0; i--) {
			double s = y[i];
			for (int k = i + 1; k < p; k++) {
				s -= l[k][i] * x[k];
			}
			x[i] = s / l[i][i];
		}
		return x;
	}

	/** (L Lᵀ)⁻¹, column by column. */
	static double[][] inverse(double[][] l) {
		int p = l.length;
		double[][] inv = new double[p][p];
		for (int j = 0; j < p; j++) {
			double[] e = new double[p];
			e[j] = 1;
			double[] column = solve(l, e);
			for (int i = 0; i < p; i++) {
				inv[i][j] = column[i];
			}
		}
		return inv;
	}
}
