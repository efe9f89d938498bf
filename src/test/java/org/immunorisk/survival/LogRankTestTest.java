package org.immunorisk.survival;

import static org.immunorisk.survival.KaplanMeierTest.assertMessage;
import static org.immunorisk.survival.Printed.assertPrinted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Log-rank tests against R's survdiff on the veteran data (reference: /work/shared/data/survival/README.md). */
class LogRankTestTest {

	private static final Veteran VETERAN = Veteran.load();

	@Test
	void byTreatmentMatchesSurvdiff() {
		LogRankTest test = LogRankTest.of(VETERAN.time, VETERAN.status, VETERAN.trt);
		assertPrinted("0.00823", test.chiSquare(), "chi-square by trt");
		assertEquals(1, test.degreesOfFreedom());
		assertPrinted("0.93", test.pValue(), "p by trt");
		assertEquals(64, test.observed("1"));
		assertPrinted("64.5", test.expected("1"), "expected, trt = 1");
		assertEquals(64, test.observed("2"));
		assertPrinted("63.5", test.expected("2"), "expected, trt = 2");
	}

	@Test
	void byCellTypeMatchesSurvdiff() {
		LogRankTest test = LogRankTest.of(VETERAN.time, VETERAN.status, VETERAN.celltype);
		assertPrinted("25.4", test.chiSquare(), "chi-square by celltype");
		assertEquals(3, test.degreesOfFreedom());
		// R prints p = 1e-05: one significant digit.
		assertEquals(1e-5, test.pValue(), 0.5e-5, "p by celltype");
		String[] levels = {"squamous", "smallcell", "adeno", "large"};
		double[] observed = {31, 45, 26, 26};
		String[] expected = {"47.7", "30.1", "15.7", "34.5"};
		for (int g = 0; g < levels.length; g++) {
			assertEquals(observed[g], test.observed(levels[g]), levels[g]);
			assertPrinted(expected[g], test.expected(levels[g]), "expected, " + levels[g]);
		}
	}

	@Test
	void statisticDoesNotDependOnGroupOrder() {
		// survdiff drops one group from the singular covariance; which one must not matter.
		String[] relabelled = VETERAN.celltype.clone();
		LogRankTest a = LogRankTest.of(VETERAN.time, VETERAN.status, relabelled);
		String[] reversed = new String[VETERAN.n];
		double[] time = new double[VETERAN.n];
		int[] status = new int[VETERAN.n];
		for (int i = 0; i < VETERAN.n; i++) {
			int j = VETERAN.n - 1 - i;
			reversed[i] = relabelled[j];
			time[i] = VETERAN.time[j];
			status[i] = VETERAN.status[j];
		}
		LogRankTest b = LogRankTest.of(time, status, reversed);
		assertEquals(a.chiSquare(), b.chiSquare(), 1e-10);
	}

	@Test
	void chiSquareTailIsRight() {
		// Textbook quantiles: P(χ²₁ > 3.841459) = 0.05, P(χ²₃ > 7.814728) = 0.05, P(χ²₂ > x) = exp(−x/2).
		assertEquals(0.05, ChiSquare.upperTail(3.841458820694124, 1), 1e-12);
		assertEquals(0.05, ChiSquare.upperTail(7.814727903251178, 3), 1e-12);
		assertEquals(Math.exp(-20), ChiSquare.upperTail(40, 2), 1e-20);
		assertEquals(Math.exp(-0.25), ChiSquare.upperTail(0.5, 2), 1e-14);
	}

	@Test
	void oneGroupTestsNothing() {
		LogRankTest test = LogRankTest.of(new double[] {1, 2, 3}, new int[] {1, 0, 1}, new String[] {"a", "a", "a"});
		assertEquals(List.of("a"), test.levels());
		assertEquals(0, test.chiSquare(), 0);
		assertEquals(0, test.degreesOfFreedom());
		assertEquals(1, test.pValue(), 0);
		assertEquals(2, test.observed("a"), 0);
		assertEquals(2, test.expected("a"), 1e-15);
	}

	@Test
	void allCensoredTestsNothing() {
		LogRankTest test = LogRankTest.of(new double[] {1, 2, 3, 4}, new int[] {0, 0, 0, 0}, new int[] {1, 2, 1, 2});
		assertEquals(0, test.chiSquare(), 0);
		assertEquals(0, test.degreesOfFreedom());
		assertEquals(0, test.expected("1"), 0);
	}

	@Test
	void tiesEverywhereMatchHandComputation() {
		// Everyone at t = 1; A: 2 of 3 die, B: 1 of 3. E_A = 3 · 3/6 = 1.5, V = 3·3/5 · ½·½ = 0.45,
		// χ² = (2 − 1.5)² / 0.45.
		LogRankTest test = LogRankTest.of(new double[] {1, 1, 1, 1, 1, 1}, new int[] {1, 1, 0, 1, 0, 0},
				new String[] {"A", "A", "A", "B", "B", "B"});
		assertEquals(1.5, test.expected("A"), 1e-15);
		assertEquals(0.25 / 0.45, test.chiSquare(), 1e-12);
	}

	@Test
	void invalidInputIsRejected() {
		assertMessage("group has 2 values but there are 3 observations",
				() -> LogRankTest.of(new double[] {1, 2, 3}, new int[] {1, 1, 0}, new int[] {1, 2}));
		assertMessage("group[1] is missing",
				() -> LogRankTest.of(new double[] {1, 2}, new int[] {1, 1}, new String[] {"a", null}));
		assertMessage("time[0] is negative",
				() -> LogRankTest.of(new double[] {-1, 2}, new int[] {1, 1}, new int[] {1, 2}));
		assertThrows(IllegalArgumentException.class, () -> LogRankTest.of(new double[] {1}, new int[] {1},
				new int[] {1}).observed("2"));
	}
}
