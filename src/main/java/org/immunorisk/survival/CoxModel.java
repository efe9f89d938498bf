package org.immunorisk.survival;

import java.util.Arrays;
import java.util.List;

/**
 * Cox proportional hazards model, fitted by Newton–Raphson on the partial likelihood (Cox 1972), with Efron's
 * (1977) or Breslow's (1974) handling of tied event times.
 *
 * <p>Follows R's {@code coxph} (survival 3.x, routine coxfit6): covariates are centred at their means before
 * fitting (this changes neither the coefficients nor the likelihood, only the scale of the linear predictor, which
 * is reported centred as R's {@code linear.predictors}); the iteration starts at β = 0, whose log partial
 * likelihood is the null log-likelihood; a step that lowers the likelihood is halved; convergence is declared when
 * |1 − ℓ_old/ℓ_new| ≤ 1e-9 and the last Newton step is kept; standard errors come from the inverse of the
 * information matrix at the estimate.
 *
 * <p>Where R would warn and carry on, this class throws: {@link NonConvergenceException} when the iteration limit
 * (20, as R's iter.max) is reached or when the likelihood has levelled off while a coefficient is still moving
 * (R's "coefficient may be infinite" test), and {@link SingularMatrixException} when the information matrix cannot
 * be inverted (constant or collinear covariates; R would drop the term and report NA).
 */
public final class CoxModel {

	/** How tied event times enter the partial likelihood. */
	public enum Ties {
		/** Efron (1977): the tied deaths leave the risk set in equal fractions; R's default. */
		EFRON,
		/** Breslow (1974): every tied death sees the full risk set. */
		BRESLOW
	}

	/** R's coxph.control defaults. */
	public static final int DEFAULT_MAX_ITERATIONS = 20;
	public static final double DEFAULT_TOLERANCE = 1e-9;

	private final List<String> names;
	private final Ties ties;
	private final double[] coefficients;
	private final double[][] covariance;
	private final double[] means;
	private final double logLikelihoodNull;
	private final double logLikelihood;
	private final double[] linearPredictors;
	private final int iterations;

	private CoxModel(List<String> names, Ties ties, double[] coefficients, double[][] covariance, double[] means,
			double logLikelihoodNull, double logLikelihood, double[] linearPredictors, int iterations) {
		this.names = names;
		this.ties = ties;
		this.coefficients = coefficients;
		this.covariance = covariance;
		this.means = means;
		this.logLikelihoodNull = logLikelihoodNull;
		this.logLikelihood = logLikelihood;
		this.linearPredictors = linearPredictors;
		this.iterations = iterations;
	}

	/** Fits with covariates named x1, x2, …; see {@link #fit(String[], double[][], double[], int[], Ties)}. */
	public static CoxModel fit(double[][] x, double[] time, int[] status, Ties ties) {
		if (x == null || x.length == 0 || x[0] == null) {
			throw new IllegalArgumentException("covariate matrix is required, one row per observation");
		}
		String[] names = new String[x[0].length];
		for (int j = 0; j < names.length; j++) {
			names[j] = "x" + (j + 1);
		}
		return fit(names, x, time, status, ties);
	}

	/**
	 * Fits the model with R's default control settings.
	 *
	 * @param names  one name per covariate (used in error messages and {@link #names()})
	 * @param x      covariates, one row per observation (n × p); categorical terms must be coded by the caller
	 *               (e.g. dummies against a reference level, as R's treatment contrasts)
	 * @param time   follow-up time
	 * @param status 1 event, 0 censored
	 * @param ties   Efron (R's default) or Breslow
	 */
	public static CoxModel fit(String[] names, double[][] x, double[] time, int[] status, Ties ties) {
		return fit(names, x, time, status, ties, DEFAULT_MAX_ITERATIONS, DEFAULT_TOLERANCE);
	}

	/** As {@link #fit(String[], double[][], double[], int[], Ties)} with explicit iteration limit and tolerance. */
	public static CoxModel fit(String[] names, double[][] x, double[] time, int[] status, Ties ties,
			int maxIterations, double tolerance) {
		SurvivalInput.checkTimes(time, status);
		int n = time.length;
		if (ties == null) {
			throw new IllegalArgumentException("ties method is required (EFRON or BRESLOW)");
		}
		if (x == null) {
			throw new IllegalArgumentException("covariate matrix is required, one row per observation");
		}
		SurvivalInput.checkLength("covariate matrix", x.length, n);
		if (names == null || names.length == 0) {
			throw new IllegalArgumentException("at least one covariate is required");
		}
		int p = names.length;
		for (int i = 0; i < n; i++) {
			if (x[i] == null || x[i].length != p) {
				throw new IllegalArgumentException("covariate row " + i + " has " + (x[i] == null ? 0 : x[i].length)
						+ " values, expected " + p + " (one per name)");
			}
			for (int j = 0; j < p; j++) {
				if (!Double.isFinite(x[i][j])) {
					throw new IllegalArgumentException(
							"covariate " + names[j] + " of observation " + i + " is not a finite number: " + x[i][j]);
				}
			}
		}
		if (SurvivalInput.events(status) == 0) {
			throw new IllegalArgumentException("no events: the partial likelihood is flat, nothing can be estimated");
		}
		if (maxIterations < 1) {
			throw new IllegalArgumentException("maxIterations must be at least 1");
		}

		double[] means = new double[p];
		for (double[] row : x) {
			for (int j = 0; j < p; j++) {
				means[j] += row[j];
			}
		}
		for (int j = 0; j < p; j++) {
			means[j] /= n;
		}
		// Centred copy, in order of decreasing time so the risk sets grow as the data are walked.
		Integer[] order = new Integer[n];
		for (int i = 0; i < n; i++) {
			order[i] = i;
		}
		Arrays.sort(order, (a, b) -> Double.compare(time[b], time[a]));
		double[][] z = new double[n][p];
		double[] t = new double[n];
		int[] d = new int[n];
		for (int r = 0; r < n; r++) {
			int i = order[r];
			for (int j = 0; j < p; j++) {
				z[r][j] = x[i][j] - means[j];
			}
			t[r] = time[i];
			d[r] = status[i];
		}
		PartialLikelihood likelihood = new PartialLikelihood(z, t, d, ties);

		// Newton–Raphson with step halving, as R's coxfit6.
		double[] beta = new double[p];
		likelihood.evaluate(beta);
		double logLikNull = likelihood.logLik;
		double logLik = logLikNull;
		double[] newBeta = add(beta, Matrices.solve(Matrices.cholesky(likelihood.information, names), likelihood.score));
		boolean halving = false;
		for (int iter = 1; iter <= maxIterations; iter++) {
			likelihood.evaluate(newBeta);
			double newLogLik = likelihood.logLik;
			if (Double.isFinite(newLogLik) && !halving && Math.abs(1 - logLik / newLogLik) <= tolerance) {
				double[][] chol = Matrices.cholesky(likelihood.information, names);
				double[][] covariance = Matrices.inverse(chol);
				checkFinite(names, newBeta, likelihood.score, covariance, tolerance);
				double[] lp = new double[n];
				for (int i = 0; i < n; i++) {
					for (int j = 0; j < p; j++) {
						lp[i] += (x[i][j] - means[j]) * newBeta[j];
					}
				}
				return new CoxModel(List.of(names), ties, newBeta, covariance, means, logLikNull, newLogLik, lp, iter);
			}
			if (!Double.isFinite(newLogLik) || newLogLik < logLik) {
				// Overshot: halve the step back towards the last accepted estimate.
				halving = true;
				for (int j = 0; j < p; j++) {
					newBeta[j] = (newBeta[j] + beta[j]) / 2;
				}
			} else {
				halving = false;
				logLik = newLogLik;
				beta = newBeta.clone();
				newBeta = add(beta,
						Matrices.solve(Matrices.cholesky(likelihood.information, names), likelihood.score));
			}
		}
		throw new NonConvergenceException("Cox model did not converge in " + maxIterations
				+ " Newton–Raphson iterations (log partial likelihood " + logLik
				+ "); a coefficient may be infinite (monotone likelihood) or the data too sparse");
	}

	/**
	 * R's coxph.fit test for infinite coefficients: if the Newton step still pending at convergence,
	 * |U·I⁻¹|, exceeds both eps and sqrt(eps)·|β|, the likelihood converged before the coefficient did.
	 */
	private static void checkFinite(String[] names, double[] beta, double[] score, double[][] covariance,
			double tolerance) {
		double toleranceInfinite = Math.sqrt(tolerance);
		for (int j = 0; j < beta.length; j++) {
			double step = 0;
			for (int k = 0; k < beta.length; k++) {
				step += score[k] * covariance[k][j];
			}
			step = Math.abs(step);
			if (step > tolerance && step > toleranceInfinite * Math.abs(beta[j])) {
				throw new NonConvergenceException("log partial likelihood converged before coefficient " + names[j]
						+ " (now " + beta[j] + "): the coefficient may be infinite (monotone likelihood, e.g. a "
						+ "covariate that separates events from survivors)");
			}
		}
	}

	private static double[] add(double[] a, double[] b) {
		double[] c = new double[a.length];
		for (int j = 0; j < a.length; j++) {
			c[j] = a[j] + b[j];
		}
		return c;
	}

	/** Log partial likelihood, score and information at β, for data sorted by decreasing time. */
	private static final class PartialLikelihood {

		private final double[][] z;
		private final double[] t;
		private final int[] d;
		private final Ties ties;
		private final int p;
		double logLik;
		final double[] score;
		final double[][] information;

		PartialLikelihood(double[][] z, double[] t, int[] d, Ties ties) {
			this.z = z;
			this.t = t;
			this.d = d;
			this.ties = ties;
			this.p = z[0].length;
			this.score = new double[p];
			this.information = new double[p][p];
		}

		void evaluate(double[] beta) {
			int n = t.length;
			double[] eta = new double[n];
			double maxEta = Double.NEGATIVE_INFINITY;
			for (int i = 0; i < n; i++) {
				for (int j = 0; j < p; j++) {
					eta[i] += z[i][j] * beta[j];
				}
				maxEta = Math.max(maxEta, eta[i]);
			}
			// The partial likelihood is unchanged by a common shift of η; shifting by the maximum keeps exp finite.
			double[] w = new double[n];
			for (int i = 0; i < n; i++) {
				w[i] = Math.exp(eta[i] - maxEta);
			}
			logLik = 0;
			Arrays.fill(score, 0);
			for (double[] row : information) {
				Arrays.fill(row, 0);
			}
			double s0 = 0;
			double[] s1 = new double[p];
			double[][] s2 = new double[p][p];
			double[] a1 = new double[p];
			double[][] a2 = new double[p][p];
			int r = 0;
			while (r < n) {
				double time = t[r];
				int deaths = 0;
				double a0 = 0;
				Arrays.fill(a1, 0);
				for (double[] row : a2) {
					Arrays.fill(row, 0);
				}
				// Everyone with this time joins the risk set; the deaths among them are also tallied apart.
				while (r < n && t[r] == time) {
					double wi = w[r];
					double[] zi = z[r];
					s0 += wi;
					for (int j = 0; j < p; j++) {
						s1[j] += wi * zi[j];
						for (int k = 0; k <= j; k++) {
							s2[j][k] += wi * zi[j] * zi[k];
						}
					}
					if (d[r] == 1) {
						deaths++;
						a0 += wi;
						logLik += eta[r] - maxEta;
						for (int j = 0; j < p; j++) {
							a1[j] += wi * zi[j];
							score[j] += zi[j];
							for (int k = 0; k <= j; k++) {
								a2[j][k] += wi * zi[j] * zi[k];
							}
						}
					}
					r++;
				}
				if (deaths == 0) {
					continue;
				}
				for (int l = 0; l < deaths; l++) {
					// Efron removes l/d of the tied deaths' weight from the risk set for the l-th death; Breslow none.
					double f = ties == Ties.EFRON ? (double) l / deaths : 0.0;
					double denom = s0 - f * a0;
					logLik -= Math.log(denom);
					for (int j = 0; j < p; j++) {
						double mj = (s1[j] - f * a1[j]) / denom;
						score[j] -= mj;
						for (int k = 0; k <= j; k++) {
							double mk = (s1[k] - f * a1[k]) / denom;
							information[j][k] += (s2[j][k] - f * a2[j][k]) / denom - mj * mk;
						}
					}
				}
			}
			for (int j = 0; j < p; j++) {
				for (int k = 0; k < j; k++) {
					information[k][j] = information[j][k];
				}
			}
		}
	}

	public List<String> names() {
		return names;
	}

	public Ties ties() {
		return ties;
	}

	/** Estimated log hazard ratios, in the order of {@link #names()}. */
	public double[] coefficients() {
		return coefficients.clone();
	}

	public double coefficient(String name) {
		return coefficients[indexOf(name)];
	}

	/** Standard errors, sqrt of the diagonal of the inverse information matrix. */
	public double[] standardErrors() {
		double[] se = new double[coefficients.length];
		for (int j = 0; j < se.length; j++) {
			se[j] = Math.sqrt(covariance[j][j]);
		}
		return se;
	}

	public double standardError(String name) {
		int j = indexOf(name);
		return Math.sqrt(covariance[j][j]);
	}

	/** Inverse information matrix at the estimate (R's {@code vcov}). */
	public double[][] covariance() {
		double[][] copy = new double[covariance.length][];
		for (int j = 0; j < copy.length; j++) {
			copy[j] = covariance[j].clone();
		}
		return copy;
	}

	/** Log partial likelihood at β = 0 (R's {@code loglik[1]}). */
	public double logLikelihoodNull() {
		return logLikelihoodNull;
	}

	/** Log partial likelihood at the estimate (R's {@code loglik[2]}). */
	public double logLikelihood() {
		return logLikelihood;
	}

	/** Likelihood-ratio statistic 2(ℓ − ℓ₀), χ² on p degrees of freedom under β = 0. */
	public double likelihoodRatioChiSquare() {
		return 2 * (logLikelihood - logLikelihoodNull);
	}

	public double likelihoodRatioPValue() {
		return ChiSquare.upperTail(likelihoodRatioChiSquare(), coefficients.length);
	}

	/** Covariate means used for centring. */
	public double[] means() {
		return means.clone();
	}

	/** (x − x̄)ᵀβ of each observation, centred as R's {@code fit$linear.predictors}. */
	public double[] linearPredictors() {
		return linearPredictors.clone();
	}

	/** (x − x̄)ᵀβ for a new covariate vector, as R's {@code predict(fit, newdata, type = "lp")}. */
	public double linearPredictor(double[] covariates) {
		if (covariates == null || covariates.length != coefficients.length) {
			throw new IllegalArgumentException("expected " + coefficients.length + " covariates " + names);
		}
		double lp = 0;
		for (int j = 0; j < coefficients.length; j++) {
			if (!Double.isFinite(covariates[j])) {
				throw new IllegalArgumentException("covariate " + names.get(j) + " is not a finite number");
			}
			lp += (covariates[j] - means[j]) * coefficients[j];
		}
		return lp;
	}

	/** Newton–Raphson iterations used. */
	public int iterations() {
		return iterations;
	}

	private int indexOf(String name) {
		int j = names.indexOf(name);
		if (j < 0) {
			throw new IllegalArgumentException("no covariate " + name + "; covariates are " + names);
		}
		return j;
	}
}
