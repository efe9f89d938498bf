package org.immunorisk.training;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The calibration figures of the model cards: definitions checked on small cases worked by hand or by Newton–Raphson. */
class CalibrationTest {

	/** Outcomes drawn from the very probabilities: calibrated by construction, so intercept near 0 and slope near 1. */
	@Test
	void perfectlyCalibratedPredictionsGiveInterceptNearZeroAndSlopeNearOne() {
		Random random = new Random(7);
		int n = 4000;
		double[] p = new double[n];
		int[] y = new int[n];
		for (int i = 0; i < n; i++) {
			p[i] = 0.05 + 0.9 * random.nextDouble();
			y[i] = random.nextDouble() < p[i] ? 1 : 0;
		}
		Map<String, Object> m = Calibration.binary("test", y, p, new Random(1));
		assertThat((Double) m.get("calibrationIntercept")).isCloseTo(0, within(0.1));
		assertThat((Double) m.get("calibrationSlope")).isCloseTo(1, within(0.1));
		assertThat((Double) m.get("hosmerLemeshowP")).isGreaterThan(0.01);
		assertThat(m.get("sampleSize").toString()).endsWith("of the rarer outcome (at least 100)");
		assertThat((List<?>) m.get("groups")).hasSize(5);
	}

	/** Predictions pushed away from 0.5 (logit doubled) are too extreme: the slope comes out near 1/2. */
	@Test
	void overconfidentPredictionsGiveASlopeBelowOne() {
		Random random = new Random(8);
		int n = 4000;
		double[] p = new double[n];
		int[] y = new int[n];
		for (int i = 0; i < n; i++) {
			double truth = 0.1 + 0.8 * random.nextDouble();
			y[i] = random.nextDouble() < truth ? 1 : 0;
			double logit = 2 * Math.log(truth / (1 - truth));
			p[i] = 1 / (1 + Math.exp(-logit));
		}
		Map<String, Object> m = Calibration.binary("test", y, p, new Random(1));
		assertThat((Double) m.get("calibrationSlope")).isCloseTo(0.5, within(0.06));
		@SuppressWarnings("unchecked")
		List<Double> ci = (List<Double>) m.get("calibrationSlopeCi95");
		assertThat(ci.get(1)).isLessThan(1);
	}

	/** Smile's unpenalised fit is the maximum-likelihood estimate: it agrees with a plain two-parameter Newton–Raphson. */
	@Test
	void smilesRecalibrationIsTheMaximumLikelihoodEstimate() {
		double[] logit = {-2.1, -1.3, -0.9, -0.4, -0.2, 0.1, 0.3, 0.8, 1.2, 1.9, 2.4, -1.7, 0.6, -0.6, 1.5};
		int[] y = {0, 0, 1, 0, 0, 1, 0, 1, 1, 1, 1, 0, 0, 1, 0};
		double[] smile = Calibration.recalibration(y, logit);
		double a = 0;
		double b = 0;
		for (int iteration = 0; iteration < 50; iteration++) {
			double g0 = 0;
			double g1 = 0;
			double i00 = 0;
			double i01 = 0;
			double i11 = 0;
			for (int i = 0; i < y.length; i++) {
				double q = 1 / (1 + Math.exp(-(a + b * logit[i])));
				g0 += y[i] - q;
				g1 += (y[i] - q) * logit[i];
				i00 += q * (1 - q);
				i01 += q * (1 - q) * logit[i];
				i11 += q * (1 - q) * logit[i] * logit[i];
			}
			double det = i00 * i11 - i01 * i01;
			a += (i11 * g0 - i01 * g1) / det;
			b += (i00 * g1 - i01 * g0) / det;
		}
		assertThat(smile[0]).isCloseTo(a, within(1e-6));
		assertThat(smile[1]).isCloseTo(b, within(1e-6));
	}

	/** Hand-worked: 20 patients, two groups of 10 at p 0.2 and 0.6 with 3 and 5 events. */
	@Test
	void brierGroupsAndHosmerLemeshowByHand() {
		double[] p = new double[20];
		int[] y = new int[20];
		for (int i = 0; i < 20; i++) {
			p[i] = i < 10 ? 0.2 : 0.6;
			y[i] = i < 3 || (i >= 10 && i < 15) ? 1 : 0;
		}
		Map<String, Object> m = Calibration.binary("test", y, p, new Random(1));
		// Brier: group 1: 3 × 0.64 + 7 × 0.04 = 2.2; group 2: 5 × 0.16 + 5 × 0.36 = 2.6; (2.2 + 2.6) / 20
		assertThat((Double) m.get("brier")).isCloseTo(0.24, within(1e-12));
		assertThat((Double) m.get("meanPredicted")).isCloseTo(0.4, within(1e-12));
		assertThat((Double) m.get("observedRate")).isCloseTo(0.4, within(1e-12));
		assertThat((Double) m.get("brierNoSkill")).isCloseTo(0.24, within(1e-12));
		// HL: (3 − 2)² / (2 × 0.8) + (5 − 6)² / (6 × 0.4) = 0.625 + 0.41667
		assertThat((Double) m.get("hosmerLemeshowChiSquare")).isCloseTo(0.625 + 1 / 2.4, within(1e-12));
		assertThat(m.get("hosmerLemeshowDf")).isEqualTo(2);
		assertThat((Double) m.get("hosmerLemeshowP")).isCloseTo(Math.exp(-(0.625 + 1 / 2.4) / 2), within(1e-12)); // χ²(2) tail
		@SuppressWarnings("unchecked")
		List<Map<String, Object>> groups = (List<Map<String, Object>>) m.get("groups");
		assertThat(groups).extracting(g -> g.get("events")).containsExactly(3, 5);
		assertThat(m.get("sampleSize").toString()).startsWith("too small");
	}

	@Test
	void equalProbabilitiesStayInOneGroupAndEmptyGroupsAreDropped() {
		double[] p = new double[60];
		for (int i = 0; i < 60; i++) {
			p[i] = i < 45 ? 0.9 : 0.1 + i / 1000.0; // 45 ties at the top, 15 distinct below
		}
		List<int[]> groups = Calibration.groups(p, 5);
		assertThat(groups).hasSize(2);
		assertThat(groups.get(0)).containsExactly(0, 12); // cut at 60/5
		assertThat(groups.get(1)).containsExactly(12, 60); // the next cut falls among the ties: moved past them all
	}

	@Test
	void separationLeavesTheSlopeNotEstimableAndProbabilitiesOfZeroOrOneAreClipped() {
		double[] p = {0.0, 0.0, 0.1, 0.2, 0.3, 0.7, 0.8, 0.9, 1.0, 1.0, 0.0, 0.05, 0.2, 0.95, 1.0, 0.85, 0.1, 0.3, 0.75, 0.9};
		int[] y = {0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 0, 0, 0, 1, 1, 1, 0, 0, 1, 1};
		Map<String, Object> m = Calibration.binary("test", y, p, new Random(1));
		assertThat(m.get("calibrationSlope")).isNull();
		assertThat(m.get("slopeNote").toString()).contains("separates");
		assertThat((Double) m.get("calibrationIntercept")).isFinite();
		assertThat(Calibration.separated(new int[] {0, 1, 0, 1}, new double[] {-1, 1, 1, 2})).as("quasi-complete").isTrue();
		assertThat(Calibration.separated(new int[] {0, 1, 0, 1}, new double[] {-1, 1, 1.5, 2})).isFalse();
	}

	@Test
	void oneOutcomeOnlyIsRefused() {
		assertThatThrownBy(() -> Calibration.binary("test", new int[] {0, 0}, new double[] {0.1, 0.2}, new Random(1)))
				.isInstanceOf(IllegalArgumentException.class).hasMessageContaining("both outcomes");
	}

	/** Survival: groups of predicted survival against Kaplan–Meier at the horizon, worked by hand. */
	@Test
	@SuppressWarnings("unchecked")
	void survivalGroupsAreComparedWithKaplanMeierAtTheHorizon() {
		// Group of low predicted survival: 4 patients, deaths at 10 and 20, one censored at 30, one alive past 100.
		// Group of high predicted survival: 4 patients, no death before 100.
		double[] time = {10, 20, 30, 150, 120, 130, 140, 160};
		int[] status = {1, 1, 0, 0, 0, 1, 0, 0};
		double[] predicted = {0.4, 0.45, 0.5, 0.55, 0.9, 0.92, 0.95, 0.97};
		Map<String, Object> m = Calibration.survival("test", "S", 100, "100 days", time, status, predicted, 2);
		List<Map<String, Object>> groups = (List<Map<String, Object>>) m.get("groups");
		assertThat(groups).hasSize(2);
		// KM of group 1 at 100: (1 − 1/4)(1 − 1/3) = 0.5
		assertThat((Double) groups.get(0).get("observed")).isCloseTo(0.5, within(1e-12));
		assertThat((Double) groups.get(0).get("meanPredicted")).isCloseTo(0.475, within(1e-12));
		assertThat(groups.get(0)).containsEntry("deathsByHorizon", 2).containsEntry("censoredBeforeHorizon", 1)
				.containsEntry("atRiskAtHorizon", 1);
		assertThat((Double) groups.get(1).get("observed")).isEqualTo(1.0);
		assertThat(m).containsEntry("deathsByHorizon", 2);
		// Greenwood: S² (1/(4·3) + 1/(3·2)) = 0.25 × 0.25; log-scale CI 0.5 · exp(±1.96 × 0.25 / 0.5)
		List<Double> ci = (List<Double>) groups.get(0).get("observedCi95");
		assertThat(ci.get(0)).isCloseTo(0.5 * Math.exp(-1.959963984540054 * 0.5), within(1e-9));
		assertThat(ci.get(1)).isCloseTo(Math.min(1, 0.5 * Math.exp(1.959963984540054 * 0.5)), within(1e-9));
	}

	/** The plot has no text and no antialiasing: the same entries give the same bytes. */
	@Test
	void thePlotIsByteReproducible() {
		double[] p = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.15, 0.25, 0.35, 0.45, 0.55, 0.65, 0.75, 0.85, 0.95, 0.05, 0.5};
		int[] y = {0, 0, 0, 1, 0, 1, 1, 1, 1, 0, 0, 1, 0, 1, 0, 1, 1, 1, 0, 0};
		Map<String, Object> m = Calibration.binary("test", y, p, new Random(1));
		byte[] first = CalibrationPlot.png(List.of(CalibrationPlot.binary(m, CalibrationPlot.FIRST)));
		byte[] second = CalibrationPlot.png(List.of(CalibrationPlot.binary(m, CalibrationPlot.FIRST)));
		assertThat(second).isEqualTo(first);
	}
}
