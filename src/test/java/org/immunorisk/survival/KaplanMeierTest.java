package org.immunorisk.survival;

import static org.immunorisk.survival.Printed.assertPrinted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Kaplan–Meier against R's survfit on the veteran data (reference: /work/shared/data/survival/README.md). */
class KaplanMeierTest {

	private static final Veteran VETERAN = Veteran.load();

	@ParameterizedTest(name = "t = {0}: n.risk {1}, surv {2}, std.err {3}")
	@CsvSource({"30, 97, 0.700, 0.0392", "90, 62, 0.464, 0.0428", "180, 27, 0.222, 0.0369", "365, 10, 0.090, 0.0265"})
	void summaryAtTimesMatchesR(double t, int nRisk, String survival, String stdErr) {
		KaplanMeier km = KaplanMeier.fit(VETERAN.time, VETERAN.status);
		assertEquals(nRisk, km.atRiskAt(t), "n at risk at " + t);
		assertPrinted(survival, km.survivalAt(t), "S(" + t + ")");
		assertPrinted(stdErr, km.standardErrorAt(t), "Greenwood std. err at " + t);
	}

	@Test
	void mediansByArmMatchR() {
		int[] arm1 = VETERAN.rowsOfArm(1);
		int[] arm2 = VETERAN.rowsOfArm(2);
		KaplanMeier km1 = KaplanMeier.fit(Veteran.select(VETERAN.time, arm1), Veteran.select(VETERAN.status, arm1));
		KaplanMeier km2 = KaplanMeier.fit(Veteran.select(VETERAN.time, arm2), Veteran.select(VETERAN.status, arm2));
		assertPrinted("103.0", km1.median().orElseThrow(), "median survival, trt = 1");
		// trt = 2 has S exactly 0.5 between two event times: R takes the midpoint.
		assertPrinted("52.5", km2.median().orElseThrow(), "median survival, trt = 2");
	}

	@Test
	void flatCurveAtOneHalfTakesTheMidpoint() {
		// S = 1/2 from t = 2 until the death at t = 6: R's quantile.survfit gives (2 + 6) / 2.
		KaplanMeier km = KaplanMeier.fit(new double[] {1, 2, 6, 8}, new int[] {1, 1, 1, 1});
		assertEquals(0.5, km.survivalAt(3), 1e-15);
		assertEquals(4.0, km.median().orElseThrow(), 1e-12);
		// Flat at 1/2 to the end of follow-up: midpoint of that time and the last follow-up time.
		KaplanMeier flatEnd = KaplanMeier.fit(new double[] {1, 2, 5, 9}, new int[] {1, 1, 0, 0});
		assertEquals(5.5, flatEnd.median().orElseThrow(), 1e-12);
	}

	@Test
	void allCensoredStaysAtOneWithoutMedian() {
		KaplanMeier km = KaplanMeier.fit(new double[] {3, 5, 7}, new int[] {0, 0, 0});
		assertEquals(1.0, km.survivalAt(10), 0);
		assertEquals(0.0, km.standardErrorAt(10), 0);
		assertFalse(km.median().isPresent());
		assertEquals(1, km.atRiskAt(6));
	}

	@Test
	void singleObservation() {
		KaplanMeier km = KaplanMeier.fit(new double[] {4}, new int[] {1});
		assertEquals(1.0, km.survivalAt(3.9), 0);
		assertEquals(0.0, km.survivalAt(4), 0);
		assertEquals(4.0, km.median().orElseThrow(), 0);
		// Greenwood is undefined once S reaches 0 (R reports NA).
		assertTrue(Double.isNaN(km.standardErrorAt(4)));
	}

	@Test
	void tiesEverywhere() {
		// Six subjects, all at t = 5, four deaths: one step to 2/6.
		KaplanMeier km = KaplanMeier.fit(new double[] {5, 5, 5, 5, 5, 5}, new int[] {1, 0, 1, 1, 0, 1});
		assertEquals(1, km.times().length);
		assertEquals(2.0 / 6, km.survivalAt(5), 1e-15);
		assertEquals(6, km.atRiskAt(5));
		assertEquals(0, km.atRiskAt(5.1));
		// Greenwood: S² · d / (n (n − d)) = (1/3)² · 4 / (6 · 2).
		assertEquals(Math.sqrt(1.0 / 9 * 4 / 12), km.standardErrorAt(5), 1e-15);
		assertEquals(5.0, km.median().orElseThrow(), 0);
	}

	@Test
	void invalidInputIsRejectedWithTheReason() {
		assertMessage("time[1] is negative", () -> KaplanMeier.fit(new double[] {1, -2}, new int[] {1, 1}));
		assertMessage("status[0] must be 1 (event) or 0 (censored), was 2",
				() -> KaplanMeier.fit(new double[] {1, 2}, new int[] {2, 1}));
		assertMessage("time[0] is not a finite number", () -> KaplanMeier.fit(new double[] {Double.NaN}, new int[] {1}));
		assertMessage("differ in length", () -> KaplanMeier.fit(new double[] {1, 2}, new int[] {1}));
		assertMessage("no observations", () -> KaplanMeier.fit(new double[0], new int[0]));
	}

	static void assertMessage(String fragment, org.junit.jupiter.api.function.Executable call) {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
		assertTrue(e.getMessage().contains(fragment), () -> "message '" + e.getMessage() + "' lacks '" + fragment + "'");
	}
}
