package org.immunorisk.features;

import java.util.List;
import java.util.Set;

/**
 * One model input taken from a patient's record: a number in its canonical unit, a flag, a code or a set of
 * codes, with the FHIR resources it came from (they become RiskAssessment.basis). Plain Java: models read
 * features without knowing FHIR.
 *
 * @param name    the input's name, as in feature-definitions.json
 * @param value   a {@link Double}, {@link Boolean}, {@link String} (one code) or {@code Set<String>} (several codes)
 * @param unit    UCUM unit of a number, else null
 * @param sources references ("Observation/123") of the resources the value came from
 */
public record Feature(String name, Object value, String unit, List<String> sources) {

	public Feature {
		if (!(value instanceof Double || value instanceof Boolean || value instanceof String || value instanceof Set<?>)) {
			throw new IllegalArgumentException(name + ": unsupported value " + value);
		}
		sources = List.copyOf(sources);
		if (value instanceof Set<?> set) {
			value = Set.copyOf(set);
		}
	}

	/** Human-readable value for rationales and cards. */
	public String display() {
		if (value instanceof Double number) {
			String text = number == Math.rint(number) && Math.abs(number) < 1e9
					? String.valueOf(number.longValue()) : String.valueOf(Math.round(number * 1000) / 1000.0);
			return unit == null || unit.isEmpty() || "1".equals(unit) ? text : text + " " + unit;
		}
		if (value instanceof Set<?> set) {
			return String.join(", ", set.stream().map(String::valueOf).sorted().toList());
		}
		return String.valueOf(value);
	}
}
