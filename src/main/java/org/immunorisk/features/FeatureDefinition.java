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
 * @param where              optional further conditions an Observation must meet (which lesion, image, series)
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
		String profile,
		Where where) {

	public FeatureDefinition {
		codes = List.copyOf(codes);
	}

	/**
	 * Conditions that tell apart Observations sharing a code, as radiomics features do (one code, many lesions, images
	 * and series). Each is optional; all given must hold.
	 *
	 * @param focusCodes         the Observation's focus must be a Condition of the record with one of these codes
	 *                           ("system|code"), e.g. the primary tumour rather than the liver metastasis
	 * @param componentCode      a component with this code ("system|code") ...
	 * @param componentValue     ... must have this coded value ("system|code"), e.g. image type wavelet-LLH
	 * @param methodTextContains Observation.method.text must contain this (case-insensitive), e.g. the CT series
	 *                           "prone", which the radiomics profile carries in text only
	 */
	public record Where(List<String> focusCodes, String componentCode, String componentValue, String methodTextContains) {

		public Where {
			focusCodes = focusCodes == null ? List.of() : List.copyOf(focusCodes);
		}
	}

	public boolean isUnion() {
		return "union".equals(combine);
	}
}
