package org.immunorisk.survival;

import static org.immunorisk.survival.KaplanMeierTest.assertMessage;
import static org.immunorisk.survival.Printed.assertPrinted;
import static org.immunorisk.survival.Printed.assertSignificant;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.immunorisk.survival.CoxModel.Ties;
import org.junit.jupiter.api.Test;

/**
 * Cox model against R's coxph(Surv(time, status) ~ trt + celltype + karno + diagtime + age + prior, veteran)
 * (reference: /work/shared/data/survival/README.md).
 */
class CoxModelTest {

	private static final Veteran VETERAN = Veteran.load();

	private static CoxModel fit(Ties ties) {
		return CoxModel.fit(Veteran.COX_TERMS, VETERAN.coxDesign(), VETERAN.time, VETERAN.status, ties);
	}

	@Test
	void efronCoefficientsAndStandardErrorsMatchCoxph() {
		String[][] table = {
				{"trt", "0.2946028", "0.2075496"},
				{"celltype smallcell", "0.8615605", "0.2752845"},
				{"celltype adeno", "1.1960660", "0.3009170"},
				{"celltype large", "0.4012917", "0.2826886"},
				{"karno", "-0.03281533", "0.005507757"},
				{"diagtime", "0.00008132051", "0.009136062"},
				{"age", "-0.008706475", "0.009300299"},
				{"prior", "0.007159360", "0.02323054"}};
		// R prints 7 significant digits per entry (summary(fit)$coefficients); "1.1960660" is 1.196066 padded.
		CoxModel model = fit(Ties.EFRON);
		for (String[] row : table) {
			assertSignificant(row[1], 7, model.coefficient(row[0]), "Efron coef " + row[0]);
			assertSignificant(row[2], 7, model.standardError(row[0]), "Efron se " + row[0]);
		}
		assertPrinted("-505.4491", model.logLikelihoodNull(), "null log partial likelihood");
		assertPrinted("-474.3971", model.logLikelihood(), "fitted log partial likelihood");
	}

	@Test
	void breslowCoefficientsMatchCoxph() {
		String[] reference = {"0.28993588", "0.85648665", "1.1882993", "0.39962778", "-0.032621719",
				"-0.000092001717", "-0.0085494236", "0.0072326537"};
		// 8 significant digits, which only an iteration stopped where R's coxfit6 stops (|1 − ℓ_old/ℓ_new| ≤ 1e-9,
		// last Newton step kept) reproduces: diagtime moves in the 8th digit if iterated to machine precision.
		double[] coefficients = fit(Ties.BRESLOW).coefficients();
		for (int j = 0; j < reference.length; j++) {
			assertPrinted(reference[j], coefficients[j], "Breslow coef " + Veteran.COX_TERMS[j]);
		}
	}

	@Test
	void concordanceOfTheLinearPredictorMatchesR() {
		CoxModel model = fit(Ties.EFRON);
		Concordance c = Concordance.ofRisk(VETERAN.time, VETERAN.status, model.linearPredictors());
		assertPrinted("0.736", c.index(), "concordance of the Cox linear predictor");
		assertEquals(6480, c.concordant());
		assertEquals(2324, c.discordant());
		assertEquals(39, c.tiedY());
		assertEquals(0, c.tiedX());
		assertEquals(0, c.tiedXY());
	}

	@Test
	void medianSplitOfTheLinearPredictorSeparatesRisk() {
		double[] lp = fit(Ties.EFRON).linearPredictors();
		double median = median(lp);
		String[] group = new String[lp.length];
		for (int i = 0; i < lp.length; i++) {
			group[i] = lp[i] > median ? "high" : "low";
		}
		LogRankTest test = LogRankTest.of(VETERAN.time, VETERAN.status, group);
		assertPrinted("41.0", test.chiSquare(), "log-rank, high vs low linear predictor");
		assertEquals(68, test.size("high"));
		assertEquals(65, test.observed("high"));
		assertPrinted("34.5", test.expected("high"), "expected deaths, high risk");
	}

	@Test
	void linearPredictorIsCentredAsR() {
		CoxModel model = fit(Ties.EFRON);
		double[] lp = model.linearPredictors();
		assertEquals(0, Arrays.stream(lp).sum(), 1e-9);
		double[][] x = VETERAN.coxDesign();
		assertEquals(lp[7], model.linearPredictor(x[7]), 1e-12);
	}

	@Test
	void efronAndBreslowAgreeWithoutTies() {
		double[] time = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
		int[] status = {1, 1, 0, 1, 1, 1, 0, 1, 1, 1};
		double[][] x = {{0.5}, {1.2}, {-0.3}, {0.8}, {-1.1}, {0.1}, {2.0}, {-0.6}, {0.4}, {-0.9}};
		CoxModel efron = CoxModel.fit(x, time, status, Ties.EFRON);
		CoxModel breslow = CoxModel.fit(x, time, status, Ties.BRESLOW);
		assertEquals(efron.coefficients()[0], breslow.coefficients()[0], 1e-12);
		assertEquals(efron.logLikelihood(), breslow.logLikelihood(), 1e-12);
	}

	@Test
	void tiesEverywhere() {
		// Four deaths tied at t = 5, four subjects followed longer: the two tie methods differ only in how the
		// tied deaths share the risk set.
		double[] time = {5, 5, 5, 5, 5, 5, 9, 9};
		int[] status = {1, 1, 1, 1, 0, 0, 0, 0};
		double[][] x = {{1}, {0}, {1}, {0}, {1}, {0}, {1}, {0}};
		CoxModel efron = CoxModel.fit(x, time, status, Ties.EFRON);
		CoxModel breslow = CoxModel.fit(x, time, status, Ties.BRESLOW);
		// Balanced: deaths split 2–2 between x = 0 and 1, so β = 0 for both methods.
		assertEquals(0, efron.coefficients()[0], 1e-10);
		assertEquals(0, breslow.coefficients()[0], 1e-10);
		// Breslow's null log-likelihood: −4 log 8; Efron's: −(log 8 + log 7 + log 6 + log 5).
		assertEquals(-4 * Math.log(8), breslow.logLikelihoodNull(), 1e-12);
		assertEquals(-(Math.log(8) + Math.log(7) + Math.log(6) + Math.log(5)), efron.logLikelihoodNull(), 1e-12);
	}

	@Test
	void separatedDataDoNotConverge() {
		// x = 1 subjects all die before any x = 0 subject: the partial likelihood increases for ever in β.
		double[] time = {1, 2, 3, 4, 5, 6, 7, 8};
		int[] status = {1, 1, 1, 1, 1, 1, 1, 1};
		double[][] x = {{1}, {1}, {1}, {1}, {0}, {0}, {0}, {0}};
		NonConvergenceException e = assertThrows(NonConvergenceException.class,
				() -> CoxModel.fit(x, time, status, Ties.EFRON));
		assertTrue(e.getMessage().contains("infinite"), e.getMessage());
	}

	@Test
	void constantCovariateIsSingular() {
		double[][] x = VETERAN.coxDesign();
		for (double[] row : x) {
			row[7] = 3; // prior made constant
		}
		SingularMatrixException e = assertThrows(SingularMatrixException.class,
				() -> CoxModel.fit(Veteran.COX_TERMS, x, VETERAN.time, VETERAN.status, Ties.EFRON));
		assertTrue(e.getMessage().contains("prior"), e.getMessage());
	}

	@Test
	void collinearCovariatesAreSingular() {
		double[][] x = new double[VETERAN.n][];
		for (int i = 0; i < VETERAN.n; i++) {
			x[i] = new double[] {VETERAN.karno[i], VETERAN.age[i], 2 * VETERAN.karno[i] - VETERAN.age[i]};
		}
		SingularMatrixException e = assertThrows(SingularMatrixException.class, () -> CoxModel.fit(
				new String[] {"karno", "age", "combo"}, x, VETERAN.time, VETERAN.status, Ties.EFRON));
		assertTrue(e.getMessage().contains("combo"), e.getMessage());
	}

	@Test
	void iterationLimitIsReported() {
		NonConvergenceException e = assertThrows(NonConvergenceException.class,
				() -> CoxModel.fit(Veteran.COX_TERMS, VETERAN.coxDesign(), VETERAN.time, VETERAN.status, Ties.EFRON, 1,
						1e-9));
		assertTrue(e.getMessage().contains("did not converge in 1"), e.getMessage());
	}

	@Test
	void singleObservation() {
		// One death alone in its risk set carries no information about β.
		assertThrows(SingularMatrixException.class,
				() -> CoxModel.fit(new double[][] {{1}}, new double[] {2}, new int[] {1}, Ties.EFRON));
	}

	@Test
	void invalidInputIsRejected() {
		double[] time = {1, 2, 3};
		int[] status = {1, 0, 1};
		assertMessage("no events", () -> CoxModel.fit(new double[][] {{1}, {2}, {3}}, time, new int[] {0, 0, 0},
				Ties.EFRON));
		assertMessage("covariate x1 of observation 1 is not a finite number",
				() -> CoxModel.fit(new double[][] {{1}, {Double.NaN}, {3}}, time, status, Ties.EFRON));
		assertMessage("covariate matrix has 2 values but there are 3 observations",
				() -> CoxModel.fit(new double[][] {{1}, {2}}, time, status, Ties.EFRON));
		assertMessage("covariate row 2 has 2 values, expected 1",
				() -> CoxModel.fit(new double[][] {{1}, {2}, {3, 4}}, time, status, Ties.EFRON));
		assertMessage("status[1] must be 1 (event) or 0 (censored)",
				() -> CoxModel.fit(new double[][] {{1}, {2}, {3}}, time, new int[] {1, -1, 1}, Ties.EFRON));
		assertMessage("time[2] is negative",
				() -> CoxModel.fit(new double[][] {{1}, {2}, {3}}, new double[] {1, 2, -3}, status, Ties.EFRON));
	}

	static double median(double[] values) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		int n = sorted.length;
		return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
	}
}
