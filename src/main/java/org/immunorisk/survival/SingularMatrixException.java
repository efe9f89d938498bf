package org.immunorisk.survival;

/**
 * A variance or information matrix that cannot be inverted, e.g. a constant covariate, two collinear covariates,
 * or a covariate that does not vary among the subjects at risk. Raised instead of returning NaN estimates.
 */
public class SingularMatrixException extends ArithmeticException {

	private static final long serialVersionUID = 1L;

	public SingularMatrixException(String message) {
		super(message);
	}
}
