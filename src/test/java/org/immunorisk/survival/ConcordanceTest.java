package org.immunorisk.survival;

import static org.immunorisk.survival.KaplanMeierTest.assertMessage;
import static org.immunorisk.survival.Printed.assertPrinted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Harrell's C against R's survival::concordance (reference: /work/shared/data/survival/README.md). */
class ConcordanceTest {

	private static final Veteran VETERAN = Veteran.load();

	@Test
	void karnofskyScoreAloneMatchesR() {
		// concordance(Surv(time, status) ~ karno, veteran): higher karno, longer survival.
		Concordance c = Concordance.of(VETERAN.time, VETERAN.status, VETERAN.karno);
		assertPrinted("0.7093", c.index(), "Harrell's C of karno");
		assertEquals(5674, c.concordant());
		assertEquals(1989, c.discordant());
		assertEquals(1141, c.tiedX());
		assertEquals(34, c.tiedY());
		assertEquals(5, c.tiedXY());
	}

	@Test
	void riskOrientationIsTheMirrorImage() {
		double[] negated = new double[VETERAN.n];
		for (int i = 0; i < VETERAN.n; i++) {
			negated[i] = -VETERAN.karno[i];
		}
		Concordance c = Concordance.ofRisk(VETERAN.time, VETERAN.status, negated);
		assertEquals(5674, c.concordant());
		assertEquals(1989, c.discordant());
	}

	@Test
	void deathAndCensoringAtTheSameTimeAreComparable() {
		// R's rule: the death at t = 3 comes before the censoring at t = 3.
		Concordance c = Concordance.of(new double[] {3, 3}, new int[] {1, 0}, new double[] {1, 2});
		assertEquals(1, c.concordant());
		assertEquals(1.0, c.index(), 0);
		Concordance reversed = Concordance.of(new double[] {3, 3}, new int[] {0, 1}, new double[] {1, 2});
		assertEquals(1, reversed.discordant());
	}

	@Test
	void tiesEverywhere() {
		// Three deaths at one time: no comparable pair, three tied.y/xy pairs.
		Concordance c = Concordance.of(new double[] {2, 2, 2}, new int[] {1, 1, 1}, new double[] {1, 1, 5});
		assertEquals(1, c.tiedXY());
		assertEquals(2, c.tiedY());
		assertTrue(Double.isNaN(c.index()));
		// Tied predictions among comparable pairs count one half.
		Concordance tiedX = Concordance.of(new double[] {1, 2, 3}, new int[] {1, 1, 1}, new double[] {4, 4, 4});
		assertEquals(3, tiedX.tiedX());
		assertEquals(0.5, tiedX.index(), 0);
	}

	@Test
	void allCensoredHasNoComparablePair() {
		Concordance c = Concordance.of(new double[] {1, 2, 3}, new int[] {0, 0, 0}, new double[] {3, 2, 1});
		assertEquals(0, c.concordant() + c.discordant() + c.tiedX());
		assertTrue(Double.isNaN(c.index()));
	}

	@Test
	void invalidInputIsRejected() {
		assertMessage("predictor[1] is not a finite number",
				() -> Concordance.of(new double[] {1, 2}, new int[] {1, 1}, new double[] {0, Double.NaN}));
		assertMessage("predictor has 1 values but there are 2 observations",
				() -> Concordance.of(new double[] {1, 2}, new int[] {1, 1}, new double[] {0}));
		assertMessage("status[1] must be 1 (event) or 0 (censored)",
				() -> Concordance.ofRisk(new double[] {1, 2}, new int[] {1, 3}, new double[] {0, 1}));
	}
}
