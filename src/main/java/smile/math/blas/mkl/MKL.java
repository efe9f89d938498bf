package smile.math.blas.mkl;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

import smile.math.blas.BLAS;
import smile.math.blas.Diag;
import smile.math.blas.Layout;
import smile.math.blas.Side;
import smile.math.blas.Transpose;
import smile.math.blas.UPLO;

/**
 * A pure-Java BLAS engine for Smile 2.6.0, under the one class name Smile looks up before its native OpenBLAS.
 * NOT Intel MKL: the name is Smile's plug-in point ({@code smile.math.blas.BLAS.getInstance()} loads
 * {@code smile.math.blas.mkl.MKL} by name when present, else {@code OpenBLAS}, which needs the bytedeco natives
 * that pom.xml excludes). Without an engine, Smile's {@code smile.classification.MLP} fails at its first forward
 * pass with {@code NoClassDefFoundError: org/bytedeco/openblas/global/openblas}, because its layers multiply with
 * {@code Matrix.mv} (BLAS dgemv) and accumulate gradients with {@code Matrix.add(alpha, x, y)} (BLAS dger).
 *
 * <p>Implemented: the double-precision routines the MLP needs (dgemv, dger) and the double level-1 routines, in
 * the reference BLAS loop order, single-threaded, without fused multiply-add. So training is deterministic and
 * byte-reproducible across machines (Java's double arithmetic is strict IEEE 754 since Java 17), which OpenBLAS's
 * CPU-dependent kernels would not guarantee. Everything else throws {@link UnsupportedOperationException}: Smile
 * code that needs it fails loudly, as it did without natives. Speed is ample for ImmunoRisk's small networks
 * (tens of units, hundreds of patients). Used at training time only: the served MLP computes its forward pass
 * from the manifest's weights ({@code org.immunorisk.models.trained.TrainedMlpModel}).
 *
 * <p>Side effect: Smile logs "smile-mkl module is available." at INFO when it picks this class up.
 */
public final class MKL implements BLAS {

	/** Smile instantiates the engine reflectively with this constructor. */
	public MKL() {}

	private static UnsupportedOperationException unsupported(String routine) {
		return new UnsupportedOperationException("BLAS " + routine + " is not implemented by ImmunoRisk's pure-Java engine"
				+ " (smile.math.blas.mkl.MKL; only the double routines of Smile's MLP are); Smile's native OpenBLAS is excluded"
				+ " from the build");
	}

	/** Element (i, j) of a matrix stored from {@code base} with leading dimension {@code ld}. */
	private static int index(Layout layout, int base, int ld, int i, int j) {
		return layout == Layout.COL_MAJOR ? base + i + j * ld : base + i * ld + j;
	}

	// Level 1, double precision (reference BLAS semantics; a negative increment walks the vector backwards).

	private static int start(int n, int inc) {
		return inc < 0 ? (1 - n) * inc : 0;
	}

	@Override
	public double asum(int n, double[] x, int incx) {
		double sum = 0;
		for (int i = 0, ix = start(n, incx); i < n; i++, ix += incx) {
			sum += Math.abs(x[ix]);
		}
		return sum;
	}

	@Override
	public void axpy(int n, double alpha, double[] x, int incx, double[] y, int incy) {
		if (alpha == 0) {
			return;
		}
		for (int i = 0, ix = start(n, incx), iy = start(n, incy); i < n; i++, ix += incx, iy += incy) {
			y[iy] += alpha * x[ix];
		}
	}

	@Override
	public double dot(int n, double[] x, int incx, double[] y, int incy) {
		double sum = 0;
		for (int i = 0, ix = start(n, incx), iy = start(n, incy); i < n; i++, ix += incx, iy += incy) {
			sum += x[ix] * y[iy];
		}
		return sum;
	}

	@Override
	public double nrm2(int n, double[] x, int incx) {
		// scaled sum of squares as reference BLAS does, so large entries do not overflow
		double scale = 0;
		double ssq = 1;
		for (int i = 0, ix = start(n, incx); i < n; i++, ix += incx) {
			if (x[ix] != 0) {
				double absxi = Math.abs(x[ix]);
				if (scale < absxi) {
					ssq = 1 + ssq * (scale / absxi) * (scale / absxi);
					scale = absxi;
				} else {
					ssq += (absxi / scale) * (absxi / scale);
				}
			}
		}
		return scale * Math.sqrt(ssq);
	}

	@Override
	public void scal(int n, double alpha, double[] x, int incx) {
		if (incx <= 0) {
			return; // reference dscal does nothing for a non-positive increment
		}
		for (int i = 0, ix = 0; i < n; i++, ix += incx) {
			x[ix] *= alpha;
		}
	}

	@Override
	public void swap(int n, double[] x, int incx, double[] y, int incy) {
		for (int i = 0, ix = start(n, incx), iy = start(n, incy); i < n; i++, ix += incx, iy += incy) {
			double t = x[ix];
			x[ix] = y[iy];
			y[iy] = t;
		}
	}

	/** Zero-based index of the first element of largest absolute value (CBLAS convention), -1 when n is 0. */
	@Override
	public long iamax(int n, double[] x, int incx) {
		if (n <= 0 || incx <= 0) {
			return -1;
		}
		int best = 0;
		double max = Math.abs(x[0]);
		for (int i = 1, ix = incx; i < n; i++, ix += incx) {
			if (Math.abs(x[ix]) > max) {
				max = Math.abs(x[ix]);
				best = i;
			}
		}
		return best;
	}

	// Level 2, double precision: what Smile's MLP calls.

	@Override
	public void gemv(Layout layout, Transpose trans, int m, int n, double alpha, double[] A, int lda, double[] x, int incx,
			double beta, double[] y, int incy) {
		gemv(layout, trans, m, n, alpha, DoubleBuffer.wrap(A), lda, DoubleBuffer.wrap(x), incx, beta, DoubleBuffer.wrap(y), incy);
	}

	/**
	 * y = alpha·op(A)·x + beta·y, op(A) = A or A' (an m × n A). Buffers are read from their current position, as
	 * Smile passes sub-buffers ({@code DoubleBuffer.wrap(work, offset, length)}). Loop order of reference dgemv:
	 * each y[i] accumulates its terms in column order, so a forward pass gives bias + w[i][0]·x[0] + w[i][1]·x[1] + …
	 */
	@Override
	public void gemv(Layout layout, Transpose trans, int m, int n, double alpha, DoubleBuffer A, int lda, DoubleBuffer x,
			int incx, double beta, DoubleBuffer y, int incy) {
		if (trans == Transpose.CONJUGATE_TRANSPOSE) {
			trans = Transpose.TRANSPOSE; // real matrices
		}
		boolean transposed = trans == Transpose.TRANSPOSE;
		int lenx = transposed ? m : n;
		int leny = transposed ? n : m;
		int a0 = A.position();
		int x0 = x.position() + start(lenx, incx);
		int y0 = y.position() + start(leny, incy);
		if (beta != 1) {
			for (int i = 0, iy = y0; i < leny; i++, iy += incy) {
				y.put(iy, beta == 0 ? 0 : beta * y.get(iy));
			}
		}
		if (alpha == 0) {
			return;
		}
		if (!transposed) {
			for (int j = 0, jx = x0; j < n; j++, jx += incx) {
				double temp = alpha * x.get(jx);
				for (int i = 0, iy = y0; i < m; i++, iy += incy) {
					y.put(iy, y.get(iy) + temp * A.get(index(layout, a0, lda, i, j)));
				}
			}
		} else {
			for (int j = 0, jy = y0; j < n; j++, jy += incy) {
				double temp = 0;
				for (int i = 0, ix = x0; i < m; i++, ix += incx) {
					temp += A.get(index(layout, a0, lda, i, j)) * x.get(ix);
				}
				y.put(jy, y.get(jy) + alpha * temp);
			}
		}
	}

	@Override
	public void ger(Layout layout, int m, int n, double alpha, double[] x, int incx, double[] y, int incy, double[] A, int lda) {
		ger(layout, m, n, alpha, DoubleBuffer.wrap(x), incx, DoubleBuffer.wrap(y), incy, DoubleBuffer.wrap(A), lda);
	}

	/** A += alpha·x·y' (an m × n A), in reference dger's loop order. */
	@Override
	public void ger(Layout layout, int m, int n, double alpha, DoubleBuffer x, int incx, DoubleBuffer y, int incy, DoubleBuffer A,
			int lda) {
		if (alpha == 0) {
			return;
		}
		int a0 = A.position();
		int x0 = x.position() + start(m, incx);
		int y0 = y.position() + start(n, incy);
		for (int j = 0, jy = y0; j < n; j++, jy += incy) {
			double yj = y.get(jy);
			if (yj != 0) {
				double temp = alpha * yj;
				for (int i = 0, ix = x0; i < m; i++, ix += incx) {
					int k = index(layout, a0, lda, i, j);
					A.put(k, A.get(k) + x.get(ix) * temp);
				}
			}
		}
	}

	// Not needed by the MLP: fail loudly.

	@Override
	public float asum(int n, float[] x, int incx) {
		throw unsupported("asum");
	}

	@Override
	public void axpy(int n, float alpha, float[] x, int incx, float[] y, int incy) {
		throw unsupported("axpy");
	}

	@Override
	public float dot(int n, float[] x, int incx, float[] y, int incy) {
		throw unsupported("dot");
	}

	@Override
	public float nrm2(int n, float[] x, int incx) {
		throw unsupported("nrm2");
	}

	@Override
	public void scal(int n, float alpha, float[] x, int incx) {
		throw unsupported("scal");
	}

	@Override
	public void swap(int n, float[] x, int incx, float[] y, int incy) {
		throw unsupported("swap");
	}

	@Override
	public long iamax(int n, float[] x, int incx) {
		throw unsupported("iamax");
	}

	@Override
	public void gemv(Layout layout, Transpose trans, int m, int n, float alpha, float[] A, int lda, float[] x, int incx, float beta, float[] y, int incy) {
		throw unsupported("gemv");
	}

	@Override
	public void gemv(Layout layout, Transpose trans, int m, int n, float alpha, FloatBuffer A, int lda, FloatBuffer x, int incx, float beta, FloatBuffer y, int incy) {
		throw unsupported("gemv");
	}

	@Override
	public void symv(Layout layout, UPLO uplo, int n, double alpha, double[] A, int lda, double[] x, int incx, double beta, double[] y, int incy) {
		throw unsupported("symv");
	}

	@Override
	public void symv(Layout layout, UPLO uplo, int n, double alpha, DoubleBuffer A, int lda, DoubleBuffer x, int incx, double beta, DoubleBuffer y, int incy) {
		throw unsupported("symv");
	}

	@Override
	public void symv(Layout layout, UPLO uplo, int n, float alpha, float[] A, int lda, float[] x, int incx, float beta, float[] y, int incy) {
		throw unsupported("symv");
	}

	@Override
	public void symv(Layout layout, UPLO uplo, int n, float alpha, FloatBuffer A, int lda, FloatBuffer x, int incx, float beta, FloatBuffer y, int incy) {
		throw unsupported("symv");
	}

	@Override
	public void spmv(Layout layout, UPLO uplo, int n, double alpha, double[] A, double[] x, int incx, double beta, double[] y, int incy) {
		throw unsupported("spmv");
	}

	@Override
	public void spmv(Layout layout, UPLO uplo, int n, double alpha, DoubleBuffer A, DoubleBuffer x, int incx, double beta, DoubleBuffer y, int incy) {
		throw unsupported("spmv");
	}

	@Override
	public void spmv(Layout layout, UPLO uplo, int n, float alpha, float[] A, float[] x, int incx, float beta, float[] y, int incy) {
		throw unsupported("spmv");
	}

	@Override
	public void spmv(Layout layout, UPLO uplo, int n, float alpha, FloatBuffer A, FloatBuffer x, int incx, float beta, FloatBuffer y, int incy) {
		throw unsupported("spmv");
	}

	@Override
	public void trmv(Layout layout, UPLO uplo, Transpose trans, Diag diag, int n, double[] A, int lda, double[] x, int incx) {
		throw unsupported("trmv");
	}

	@Override
	public void trmv(Layout layout, UPLO uplo, Transpose trans, Diag diag, int n, DoubleBuffer A, int lda, DoubleBuffer x, int incx) {
		throw unsupported("trmv");
	}

	@Override
	public void trmv(Layout layout, UPLO uplo, Transpose trans, Diag diag, int n, float[] A, int lda, float[] x, int incx) {
		throw unsupported("trmv");
	}

	@Override
	public void trmv(Layout layout, UPLO uplo, Transpose trans, Diag diag, int n, FloatBuffer A, int lda, FloatBuffer x, int incx) {
		throw unsupported("trmv");
	}

	@Override
	public void tpmv(Layout layout, UPLO uplo, Transpose trans, Diag diag, int n, double[] A, double[] x, int incx) {
		throw unsupported("tpmv");
	}

	@Override
	public void tpmv(Layout layout, UPLO uplo, Transpose trans, Diag diag, int n, DoubleBuffer A, DoubleBuffer x, int incx) {
		throw unsupported("tpmv");
	}

	@Override
	public void tpmv(Layout layout, UPLO uplo, Transpose trans, Diag diag, int n, float[] A, float[] x, int incx) {
		throw unsupported("tpmv");
	}

	@Override
	public void tpmv(Layout layout, UPLO uplo, Transpose trans, Diag diag, int n, FloatBuffer A, FloatBuffer x, int incx) {
		throw unsupported("tpmv");
	}

	@Override
	public void gbmv(Layout layout, Transpose trans, int m, int n, int kl, int ku, double alpha, double[] A, int lda, double[] x, int incx, double beta, double[] y, int incy) {
		throw unsupported("gbmv");
	}

	@Override
	public void gbmv(Layout layout, Transpose trans, int m, int n, int kl, int ku, double alpha, DoubleBuffer A, int lda, DoubleBuffer x, int incx, double beta, DoubleBuffer y, int incy) {
		throw unsupported("gbmv");
	}

	@Override
	public void gbmv(Layout layout, Transpose trans, int m, int n, int kl, int ku, float alpha, float[] A, int lda, float[] x, int incx, float beta, float[] y, int incy) {
		throw unsupported("gbmv");
	}

	@Override
	public void gbmv(Layout layout, Transpose trans, int m, int n, int kl, int ku, float alpha, FloatBuffer A, int lda, FloatBuffer x, int incx, float beta, FloatBuffer y, int incy) {
		throw unsupported("gbmv");
	}

	@Override
	public void sbmv(Layout layout, UPLO uplo, int n, int k, double alpha, double[] A, int lda, double[] x, int incx, double beta, double[] y, int incy) {
		throw unsupported("sbmv");
	}

	@Override
	public void sbmv(Layout layout, UPLO uplo, int n, int k, double alpha, DoubleBuffer A, int lda, DoubleBuffer x, int incx, double beta, DoubleBuffer y, int incy) {
		throw unsupported("sbmv");
	}

	@Override
	public void sbmv(Layout layout, UPLO uplo, int n, int k, float alpha, float[] A, int lda, float[] x, int incx, float beta, float[] y, int incy) {
		throw unsupported("sbmv");
	}

	@Override
	public void sbmv(Layout layout, UPLO uplo, int n, int k, float alpha, FloatBuffer A, int lda, FloatBuffer x, int incx, float beta, FloatBuffer y, int incy) {
		throw unsupported("sbmv");
	}

	@Override
	public void ger(Layout layout, int m, int n, float alpha, float[] x, int incx, float[] y, int incy, float[] A, int lda) {
		throw unsupported("ger");
	}

	@Override
	public void ger(Layout layout, int m, int n, float alpha, FloatBuffer x, int incx, FloatBuffer y, int incy, FloatBuffer A, int lda) {
		throw unsupported("ger");
	}

	@Override
	public void syr(Layout layout, UPLO uplo, int n, double alpha, double[] x, int incx, double[] A, int lda) {
		throw unsupported("syr");
	}

	@Override
	public void syr(Layout layout, UPLO uplo, int n, double alpha, DoubleBuffer x, int incx, DoubleBuffer A, int lda) {
		throw unsupported("syr");
	}

	@Override
	public void syr(Layout layout, UPLO uplo, int n, float alpha, float[] x, int incx, float[] A, int lda) {
		throw unsupported("syr");
	}

	@Override
	public void syr(Layout layout, UPLO uplo, int n, float alpha, FloatBuffer x, int incx, FloatBuffer A, int lda) {
		throw unsupported("syr");
	}

	@Override
	public void spr(Layout layout, UPLO uplo, int n, double alpha, double[] x, int incx, double[] A) {
		throw unsupported("spr");
	}

	@Override
	public void spr(Layout layout, UPLO uplo, int n, double alpha, DoubleBuffer x, int incx, DoubleBuffer A) {
		throw unsupported("spr");
	}

	@Override
	public void spr(Layout layout, UPLO uplo, int n, float alpha, float[] x, int incx, float[] A) {
		throw unsupported("spr");
	}

	@Override
	public void spr(Layout layout, UPLO uplo, int n, float alpha, FloatBuffer x, int incx, FloatBuffer A) {
		throw unsupported("spr");
	}

	@Override
	public void gemm(Layout layout, Transpose transA, Transpose transB, int m, int n, int k, double alpha, double[] A, int lda, double[] B, int ldb, double beta, double[] C, int ldc) {
		throw unsupported("gemm");
	}

	@Override
	public void gemm(Layout layout, Transpose transA, Transpose transB, int m, int n, int k, double alpha, DoubleBuffer A, int lda, DoubleBuffer B, int ldb, double beta, DoubleBuffer C, int ldc) {
		throw unsupported("gemm");
	}

	@Override
	public void gemm(Layout layout, Transpose transA, Transpose transB, int m, int n, int k, float alpha, float[] A, int lda, float[] B, int ldb, float beta, float[] C, int ldc) {
		throw unsupported("gemm");
	}

	@Override
	public void gemm(Layout layout, Transpose transA, Transpose transB, int m, int n, int k, float alpha, FloatBuffer A, int lda, FloatBuffer B, int ldb, float beta, FloatBuffer C, int ldc) {
		throw unsupported("gemm");
	}

	@Override
	public void symm(Layout layout, Side side, UPLO uplo, int m, int n, double alpha, double[] A, int lda, double[] B, int ldb, double beta, double[] C, int ldc) {
		throw unsupported("symm");
	}

	@Override
	public void symm(Layout layout, Side side, UPLO uplo, int m, int n, double alpha, DoubleBuffer A, int lda, DoubleBuffer B, int ldb, double beta, DoubleBuffer C, int ldc) {
		throw unsupported("symm");
	}

	@Override
	public void symm(Layout layout, Side side, UPLO uplo, int m, int n, float alpha, float[] A, int lda, float[] B, int ldb, float beta, float[] C, int ldc) {
		throw unsupported("symm");
	}

	@Override
	public void symm(Layout layout, Side side, UPLO uplo, int m, int n, float alpha, FloatBuffer A, int lda, FloatBuffer B, int ldb, float beta, FloatBuffer C, int ldc) {
		throw unsupported("symm");
	}
}
