package org.immunorisk.survival;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;

/**
 * Compares a value with a reference printed by R to the precision it was printed with: the value must round to
 * the printed digits, i.e. lie within half a unit of the last printed decimal.
 */
final class Printed {

	private Printed() {}

	static void assertPrinted(String printed, double actual, String what) {
		BigDecimal reference = new BigDecimal(printed);
		double halfUnit = 0.5 * Math.pow(10, -Math.max(reference.scale(), 0));
		// A hair of slack for a reference sitting exactly on a rounding boundary.
		assertEquals(reference.doubleValue(), actual, halfUnit * (1 + 1e-9), what + " (R prints " + printed + ")");
	}

	/**
	 * As {@link #assertPrinted} but to a number of significant digits: R prints coefficient tables with 7
	 * significant digits per entry and pads a column to common decimals with zeros (1.196066 appears as 1.1960660),
	 * so a padding zero must not count as a digit.
	 */
	static void assertSignificant(String printed, int digits, double actual, String what) {
		BigDecimal reference = new BigDecimal(printed);
		double magnitude = Math.floor(Math.log10(Math.abs(reference.doubleValue())));
		double halfUnit = 0.5 * Math.pow(10, magnitude - digits + 1);
		assertEquals(reference.doubleValue(), actual, halfUnit * (1 + 1e-9),
				what + " (R prints " + printed + ", " + digits + " significant digits)");
	}
}
