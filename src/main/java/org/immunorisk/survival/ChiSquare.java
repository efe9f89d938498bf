package org.immunorisk.survival;

/**
 * Upper tail of the chi-square distribution, for the p-values of the log-rank test. P(X > x) for X ~ χ²(df) is
 * the regularised upper incomplete gamma function Q(df/2, x/2), evaluated by its power series below a + 1 and by
 * its continued fraction above (the classical split, e.g. Press et al., Numerical Recipes §6.2), with Lanczos'
 * log-gamma.
 */
final class ChiSquare {

	private static final int MAX_TERMS = 10_000;
	private static final double EPSILON = 1e-15;
	private static final double TINY = 1e-300;

	private ChiSquare() {}

	static double upperTail(double x, int df) {
		if (df <= 0) {
			// No degrees of freedom: the statistic is identically 0 and nothing is tested (R prints p = 1).
			return 1.0;
		}
		if (x <= 0) {
			return 1.0;
		}
		double a = df / 2.0;
		double z = x / 2.0;
		if (z < a + 1) {
			return 1.0 - lowerSeries(a, z);
		}
		return upperContinuedFraction(a, z);
	}

	/** Regularised lower incomplete gamma P(a, z) by its series. */
	private static double lowerSeries(double a, double z) {
		double term = 1.0 / a;
		double sum = term;
		for (int n = 1; n < MAX_TERMS; n++) {
			term *= z / (a + n);
			sum += term;
			if (Math.abs(term) < Math.abs(sum) * EPSILON) {
				break;
			}
		}
		return sum * Math.exp(-z + a * Math.log(z) - logGamma(a));
	}

	/** Regularised upper incomplete gamma Q(a, z) by Lentz's continued fraction. */
	private static double upperContinuedFraction(double a, double z) {
		double b = z + 1 - a;
		double c = 1 / TINY;
		double d = 1 / b;
		double h = d;
		for (int i = 1; i < MAX_TERMS; i++) {
			double an = -i * (i - a);
			b += 2;
			d = an * d + b;
			if (Math.abs(d) < TINY) {
				d = TINY;
			}
			c = b + an / c;
			if (Math.abs(c) < TINY) {
				c = TINY;
			}
			d = 1 / d;
			double delta = d * c;
			h *= delta;
			if (Math.abs(delta - 1) < EPSILON) {
				break;
			}
		}
		return Math.exp(-z + a * Math.log(z) - logGamma(a)) * h;
	}

	/** Lanczos approximation (g = 7, 9 terms), accurate to about 15 digits for positive arguments. */
	static double logGamma(double x) {
		if (x < 0.5) {
			// Reflection formula keeps the approximation in its accurate range.
			return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
		}
		double[] g = {0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
				-176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
				1.5056327351493116e-7};
		double y = x - 1;
		double sum = g[0];
		for (int i = 1; i < g.length; i++) {
			sum += g[i] / (y + i);
		}
		double t = y + 7.5;
		return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(sum);
	}
}
