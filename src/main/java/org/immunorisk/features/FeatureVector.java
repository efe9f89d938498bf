package org.immunorisk.features;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A patient's model inputs. Missing values are explicit: an input is either present (with its sources) or
 * absent, never silently zero, and absence can carry a reason ("unit mmol/h cannot be converted to mg/dL").
 */
public final class FeatureVector {

	private final Map<String, Feature> present;
	private final Map<String, String> missingReasons;
	private final Map<String, String> assumptions;

	private FeatureVector(Map<String, Feature> present, Map<String, String> missingReasons, Map<String, String> assumptions) {
		this.present = Map.copyOf(present);
		this.missingReasons = Map.copyOf(missingReasons);
		this.assumptions = Map.copyOf(assumptions);
	}

	/** Inputs whose value is an assumption, not data (e.g. a default reference limit), with the wording. */
	public Map<String, String> assumptions() {
		return assumptions;
	}

	public static Builder builder() {
		return new Builder();
	}

	public static FeatureVector empty() {
		return builder().build();
	}

	public boolean has(String name) {
		return present.containsKey(name);
	}

	public Optional<Feature> get(String name) {
		return Optional.ofNullable(present.get(name));
	}

	public Optional<Double> number(String name) {
		return get(name).map(Feature::value).filter(Double.class::isInstance).map(Double.class::cast);
	}

	public Optional<Boolean> flag(String name) {
		return get(name).map(Feature::value).filter(Boolean.class::isInstance).map(Boolean.class::cast);
	}

	public Optional<String> code(String name) {
		return get(name).map(Feature::value).filter(String.class::isInstance).map(String.class::cast);
	}

	/** The codes of a multi-valued input; empty when the input is absent. */
	@SuppressWarnings("unchecked")
	public Set<String> codes(String name) {
		return get(name).map(Feature::value).filter(Set.class::isInstance).map(v -> (Set<String>) v).orElse(Set.of());
	}

	/** Why an input is absent, when the extractor knows (e.g. an unconvertible unit). */
	public Optional<String> missingReason(String name) {
		return Optional.ofNullable(missingReasons.get(name));
	}

	public Collection<Feature> features() {
		return present.values();
	}

	/** Inputs known to be missing, with the reason (only those the extractor could explain). */
	public Map<String, String> missingReasons() {
		return missingReasons;
	}

	/** The resources behind the given inputs, in order, without duplicates. */
	public List<String> sources(Collection<String> names) {
		Set<String> sources = new LinkedHashSet<>();
		for (String name : names) {
			get(name).ifPresent(feature -> sources.addAll(feature.sources()));
		}
		return new ArrayList<>(sources);
	}

	public static final class Builder {
		private final Map<String, Feature> present = new LinkedHashMap<>();
		private final Map<String, String> missing = new LinkedHashMap<>();
		private final Map<String, String> assumptions = new LinkedHashMap<>();

		/** Records that an input's value is assumed, and how it must be described wherever it is used. */
		public Builder assume(String name, String wording) {
			assumptions.put(name, wording);
			return this;
		}

		public Builder add(Feature feature) {
			present.put(feature.name(), feature);
			missing.remove(feature.name());
			return this;
		}

		public Builder number(String name, double value, String unit, String... sources) {
			return add(new Feature(name, value, unit, List.of(sources)));
		}

		public Builder flag(String name, boolean value, String... sources) {
			return add(new Feature(name, value, null, List.of(sources)));
		}

		public Builder code(String name, String value, String... sources) {
			return add(new Feature(name, value, null, List.of(sources)));
		}

		public Builder codes(String name, Set<String> values, String... sources) {
			return add(new Feature(name, values, null, List.of(sources)));
		}

		public Builder missing(String name, String reason) {
			if (!present.containsKey(name)) {
				missing.put(name, reason);
			}
			return this;
		}

		public FeatureVector build() {
			return new FeatureVector(present, missing, assumptions);
		}
	}
}
