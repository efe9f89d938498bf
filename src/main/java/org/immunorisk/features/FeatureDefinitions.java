package org.immunorisk.features;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** The feature definitions shipped in {@code immunorisk/features/feature-definitions.json}. */
public final class FeatureDefinitions {

	private static final String LOCATION = "immunorisk/features/feature-definitions.json";

	private record File(String description, Map<String, String> valueKinds, Map<String, String> combine,
			List<FeatureDefinition> features, List<Map<String, String>> derived) {}

	private final List<FeatureDefinition> definitions;
	private final List<String> derivedNames;
	private final List<Map<String, String>> derived;

	private FeatureDefinitions(List<FeatureDefinition> definitions, List<Map<String, String>> derived) {
		this.definitions = List.copyOf(definitions);
		this.derived = derived.stream().map(d -> java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(d))).toList();
		this.derivedNames = this.derived.stream().map(d -> d.get("name")).toList();
	}

	public static FeatureDefinitions fromClasspath() {
		try (InputStream in = FeatureDefinitions.class.getClassLoader().getResourceAsStream(LOCATION)) {
			if (in == null) {
				throw new IllegalStateException(LOCATION + " is missing from the classpath");
			}
			File file = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
					.readValue(in, File.class);
			for (FeatureDefinition definition : file.features()) {
				if (!file.valueKinds().containsKey(definition.value())) {
					throw new IllegalStateException(definition.name() + ": unknown value kind " + definition.value());
				}
				if (!file.combine().containsKey(definition.combine())) {
					throw new IllegalStateException(definition.name() + ": unknown combination " + definition.combine());
				}
			}
			return new FeatureDefinitions(file.features(), file.derived());
		} catch (IOException e) {
			throw new UncheckedIOException("Cannot read " + LOCATION, e);
		}
	}

	/**
	 * Definitions given in code rather than read from the shipped file (no derived names): e.g. to read inputs a
	 * future model may need, with exactly the shipped extractor's matching rules.
	 */
	public static FeatureDefinitions of(List<FeatureDefinition> definitions) {
		return new FeatureDefinitions(definitions, List.of());
	}

	public List<FeatureDefinition> all() {
		return definitions;
	}

	/**
	 * The derived inputs as listed under "derived" in the file: name, unit (for numbers) and formula. Read by the
	 * local-data trainer to check a column's unit against the input's.
	 */
	public List<Map<String, String>> derived() {
		return derived;
	}

	/** Every input name a model may ask for: defined, reference limits and derived. */
	public List<String> knownNames() {
		java.util.List<String> names = new java.util.ArrayList<>();
		for (FeatureDefinition definition : definitions) {
			names.add(definition.name());
			if (definition.referenceRangeHigh() != null) {
				names.add(definition.referenceRangeHigh());
			}
			if (definition.referenceRangeLow() != null) {
				names.add(definition.referenceRangeLow());
			}
		}
		names.addAll(derivedNames);
		return names;
	}
}
