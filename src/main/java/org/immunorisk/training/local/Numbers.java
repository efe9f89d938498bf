package org.immunorisk.training.local;

import java.math.BigDecimal;
import java.util.Locale;

/** Numbers as people read them in messages and cards: no "1.0E-4", no trailing zeros, a point as decimal mark. */
final class Numbers {

	private Numbers() {}

	static String plain(double value) {
		if (Double.isNaN(value) || Double.isInfinite(value)) {
			return Double.toString(value);
		}
		if (value == Math.rint(value) && Math.abs(value) < 1e15) {
			return Long.toString((long) value);
		}
		return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
	}

	/** Three decimals, for metrics. */
	static String three(double value) {
		return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.3f", value);
	}

	static String percent(double fraction) {
		return plain(Math.round(fraction * 1000) / 10.0) + "%";
	}
}
