package org.immunorisk.features;

import java.util.List;

/**
 * Where one model input comes from in FHIR (one entry of feature-definitions.json).
 *
 * @param name               the input's name
 * @param description        what it is
 * @param resourceType       Observation or Condition
 * @param codes              matching codes as "system|code"; a resource matches when any coding does
 * @param value              how the value is read (see valueKinds in the JSON file)
 * @param component          for component kinds: the component code as "system|code"
 * @param unit               canonical UCUM unit for numbers (values in other units are converted)
 * @param combine            latest (the most recent value) or union (codes of every matching resource)
 * @param lookbackDays       how far back from the assessment date a value still counts
 * @param referenceRangeHigh name of the derived input holding the result's upper reference limit
 * @param referenceRangeLow  name of the derived input holding the result's lower reference limit
 * @param profile            optional profile a matching resource must claim
 */
public record FeatureDefinition(
		String name,
		String description,
		String resourceType,
		List<String> codes,
		String value,
		String component,
		String unit,
		String combine,
		int lookbackDays,
		String referenceRangeHigh,
		String referenceRangeLow,
		String profile) {

	public FeatureDefinition {
		codes = List.copyOf(codes);
	}

	public boolean isUnion() {
		return "union".equals(combine);
	}
}
