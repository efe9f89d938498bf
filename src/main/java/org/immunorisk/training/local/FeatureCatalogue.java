package org.immunorisk.training.local;

import org.immunorisk.features.FeatureDefinition;
import org.immunorisk.features.FeatureDefinitions;
import org.apache.commons.text.similarity.LevenshteinDistance;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Every input name a model may ask for (feature-definitions.json: defined inputs, their reference limits, derived
 * inputs), with what kind of value the server's extractor gives for it and in which unit. A locally trained model
 * must use these names, so that the server computes the same input from FHIR at scoring time.
 */
final class FeatureCatalogue {

	/** What the extractor puts in the feature vector for an input. */
	enum Kind {
		NUMBER("a number"), CODE("a code"), FLAG("a yes/no value"), CODES("a set of codes");

		final String wording;

		Kind(String wording) {
			this.wording = wording;
		}
	}

	/**
	 * One input.
	 *
	 * @param unit         the unit the extractor gives numbers in (canonical UCUM unit); null when the definition
	 *                     has none (the value is used in whatever unit the result carries, e.g. signature scores)
	 * @param lookbackDays how far before the assessment date a result still counts; 0 for derived inputs
	 */
	record Entry(String name, Kind kind, String unit, int lookbackDays) {}

	/**
	 * Derived inputs that carry no unit in the file, with the kind {@code DerivedFeatures} writes: sex is
	 * {@code Patient.gender}'s code, hypocomplementemia a flag. A new unit-less derived input must be added here (the
	 * catalogue refuses to start without it, see {@link #of}).
	 */
	private static final Map<String, Kind> DERIVED_WITHOUT_UNIT = Map.of("sex", Kind.CODE, "hypocomplementemia", Kind.FLAG);

	private final Map<String, Entry> entries;

	private FeatureCatalogue(Map<String, Entry> entries) {
		this.entries = entries;
	}

	static FeatureCatalogue of(FeatureDefinitions definitions) {
		Map<String, Entry> entries = new LinkedHashMap<>();
		for (FeatureDefinition d : definitions.all()) {
			entries.putIfAbsent(d.name(), new Entry(d.name(), kind(d), unit(d), d.lookbackDays()));
			if (d.referenceRangeHigh() != null) {
				entries.putIfAbsent(d.referenceRangeHigh(), new Entry(d.referenceRangeHigh(), Kind.NUMBER, d.unit(), d.lookbackDays()));
			}
			if (d.referenceRangeLow() != null) {
				entries.putIfAbsent(d.referenceRangeLow(), new Entry(d.referenceRangeLow(), Kind.NUMBER, d.unit(), d.lookbackDays()));
			}
		}
		for (Map<String, String> derived : definitions.derived()) {
			String name = derived.get("name");
			if (entries.containsKey(name)) {
				continue; // a reported value is defined above (nlr, dnlr, igg4-igg-ratio): same name, same unit
			}
			String unit = derived.get("unit");
			Kind kind = unit != null ? Kind.NUMBER : DERIVED_WITHOUT_UNIT.get(name);
			if (kind == null) {
				throw new IllegalStateException("feature-definitions.json: derived input " + name
						+ " has no unit and FeatureCatalogue does not know its kind");
			}
			entries.put(name, new Entry(name, kind, unit, 0));
		}
		return new FeatureCatalogue(entries);
	}

	private static Kind kind(FeatureDefinition d) {
		return switch (d.value()) {
			case "quantity", "integer", "component-integer", "onset-years", "stage-group" -> Kind.NUMBER;
			case "code", "component-code" -> Kind.CODE;
			case "boolean", "component-boolean" -> Kind.FLAG;
			case "codes", "hla-alleles" -> Kind.CODES;
			default -> throw new IllegalStateException(d.name() + ": value kind " + d.value() + " unknown to FeatureCatalogue");
		};
	}

	/** The unit FeatureExtractor gives the number in: integers and stage groups are unitless ("1"), onset years "a". */
	private static String unit(FeatureDefinition d) {
		return switch (d.value()) {
			case "integer", "component-integer", "stage-group" -> "1";
			case "onset-years" -> "a";
			default -> d.unit();
		};
	}

	Optional<Entry> find(String name) {
		return Optional.ofNullable(entries.get(name));
	}

	/** Up to five known names close to {@code name} (edit distance, or one containing the other), closest first. */
	List<String> closeTo(String name) {
		String wanted = name.toLowerCase(Locale.ROOT);
		List<String> close = new ArrayList<>();
		Map<String, Integer> distance = new LinkedHashMap<>();
		for (String known : entries.keySet()) {
			int d = LevenshteinDistance.getDefaultInstance().apply(wanted, known.toLowerCase(Locale.ROOT));
			boolean contains = wanted.length() >= 3 && (known.contains(wanted) || wanted.contains(known));
			if (d <= Math.max(2, wanted.length() / 3) || contains) {
				close.add(known);
				distance.put(known, d);
			}
		}
		close.sort(Comparator.comparing(distance::get));
		return close.subList(0, Math.min(5, close.size()));
	}
}
