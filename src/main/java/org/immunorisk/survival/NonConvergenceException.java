package org.immunorisk.survival;

/**
 * An iterative fit (Newton–Raphson for the Cox model) that did not reach a finite maximum: the iteration limit
 * was hit, or the likelihood levelled off while a coefficient kept growing (monotone likelihood, e.g. a covariate
 * that separates deaths from survivors perfectly), so the estimate would be infinite.
 */
public class NonConvergenceException extends ArithmeticException {

	private static final long serialVersionUID = 1L;

	public NonConvergenceException(String message) {
		super(message);
	}
}
