package smile.math.blas.mkl;

import org.junit.jupiter.api.Test;
import smile.math.blas.BLAS;
import smile.math.blas.Layout;
import smile.math.blas.Transpose;
import smile.math.matrix.Matrix;

import java.nio.DoubleBuffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ImmunoRisk's pure-Java BLAS engine: Smile picks it up, and dgemv/dger agree with loops written out by hand. */
class MKLTest {

	@Test
	void smileUsesThePureJavaEngine() {
		assertThat(BLAS.engine).isInstanceOf(MKL.class);
		// what Smile's MLP layer does: bias + W·x, then W'·g and W += a·g·x'
		Matrix w = new Matrix(new double[][] {{1, 2, 3}, {4, 5, 6}});
		double[] y = {0.5, -0.5};
		w.mv(1.0, new double[] {1, 0, -1}, 1.0, y);
		assertThat(y).containsExactly(0.5 + 1 - 3, -0.5 + 4 - 6);
		assertThat(w.tv(new double[] {1, 2})).containsExactly(9, 12, 15);
		w.add(2.0, new double[] {1, -1}, new double[] {1, 0, 2});
		assertThat(w.toArray()).isDeepEqualTo(new double[][] {{3, 2, 7}, {2, 5, 2}});
	}

	@Test
	void gemvHonoursLayoutLeadingDimensionOffsetsAndIncrements() {
		MKL blas = new MKL();
		// 2 × 3 matrix [[1, 2, 3], [4, 5, 6]] stored row-major with ld 4, after one padding element
		double[] rowMajor = {99, 1, 2, 3, -1, 4, 5, 6, -1};
		DoubleBuffer a = DoubleBuffer.wrap(rowMajor, 1, 8).slice();
		double[] x = {1, 7, 1, 7, 1}; // x = (1, 1, 1) with increment 2
		double[] y = {10, 20};
		blas.gemv(Layout.ROW_MAJOR, Transpose.NO_TRANSPOSE, 2, 3, 2.0, a, 4, DoubleBuffer.wrap(x), 2, 0.5, DoubleBuffer.wrap(y), 1);
		assertThat(y).containsExactly(0.5 * 10 + 2 * 6, 0.5 * 20 + 2 * 15);
		// column-major, transposed: A' · (1, -1) = (1 − 4, 2 − 5, 3 − 6); y from offset 1 of its array
		double[] colMajor = {1, 4, 2, 5, 3, 6};
		double[] out = {42, 0, 0, 0};
		blas.gemv(Layout.COL_MAJOR, Transpose.TRANSPOSE, 2, 3, 1.0, DoubleBuffer.wrap(colMajor), 2, DoubleBuffer.wrap(new double[] {1, -1}), 1,
				0.0, DoubleBuffer.wrap(out, 1, 3), 1);
		assertThat(out).containsExactly(42, -3, -3, -3);
	}

	@Test
	void routinesTheMlpDoesNotNeedFailLoudly() {
		assertThatThrownBy(() -> new MKL().gemm(Layout.COL_MAJOR, Transpose.NO_TRANSPOSE, Transpose.NO_TRANSPOSE, 1, 1, 1, 1.0,
				new double[1], 1, new double[1], 1, 0.0, new double[1], 1)).isInstanceOf(UnsupportedOperationException.class)
				.hasMessageContaining("gemm");
	}
}
