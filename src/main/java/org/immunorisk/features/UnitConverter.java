package org.immunorisk.features;

import org.fhir.ucum.Decimal;
import org.fhir.ucum.UcumEssenceService;
import org.fhir.ucum.UcumException;
import org.fhir.ucum.UcumService;
import org.immunorisk.conformance.QuantitySafety;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Map;

/** UCUM conversion to a feature's canonical unit (g/L → mg/dL, /uL → 10*3/uL, mg/dL → mg/L …). */
public final class UnitConverter {

	private final UcumService ucum;
	// factor per (from, to): conversions are linear for every unit the definitions use (no temperatures).
	private final Map<String, Optional<Double>> factors = new ConcurrentHashMap<>();

	public UnitConverter() {
		try (InputStream essence = UcumEssenceService.class.getClassLoader().getResourceAsStream("ucum-essence.xml")) {
			this.ucum = new UcumEssenceService(essence);
		} catch (IOException | UcumException e) {
			throw new IllegalStateException("Cannot load the UCUM essence", e);
		}
	}

	/** The value in the target unit, or empty when the units are not commensurable (or not UCUM). */
	public Optional<Double> convert(double value, String fromUnit, String toUnit) {
		if (fromUnit == null || toUnit == null) {
			return Optional.empty();
		}
		if (fromUnit.equals(toUnit)) {
			return Optional.of(value);
		}
		return factor(fromUnit, toUnit).map(factor -> value * factor);
	}

	private Optional<Double> factor(String fromUnit, String toUnit) {
		String key = fromUnit + "\u0000" + toUnit;
		Optional<Double> cached = factors.get(key);
		if (cached != null) {
			return cached;
		}
		Optional<Double> factor = computeFactor(fromUnit, toUnit);
		if (factors.size() < MAX_CACHED_PAIRS) { // units come from clients: keep the cache bounded
			factors.put(key, factor);
		}
		return factor;
	}

	private static final int MAX_CACHED_PAIRS = 10_000;

	private Optional<Double> computeFactor(String fromUnit, String toUnit) {
		{
			if (QuantitySafety.unitProblem(fromUnit).isPresent()) {
				return Optional.empty();
			}
			try {
				if (ucum.validate(fromUnit) != null || !ucum.isComparable(fromUnit, toUnit)) {
					return Optional.empty();
				}
				return Optional.of(Double.parseDouble(ucum.convert(new Decimal(1), fromUnit, toUnit).asDecimal()));
			} catch (UcumException | RuntimeException e) {
				return Optional.empty();
			}
		}
	}
}
