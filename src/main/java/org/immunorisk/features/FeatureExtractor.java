package org.immunorisk.features;

import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Type;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a patient's FHIR record into model inputs, following feature-definitions.json: finds the matching
 * resources within each look-back window, takes the latest value (or the union of codes), converts it to the
 * canonical UCUM unit, keeps the references it came from, and records why an input is missing when a value
 * exists but cannot be used. Derived inputs come from {@link DerivedFeatures}.
 */
public final class FeatureExtractor {

	private static final String UCUM = "http://unitsofmeasure.org";

	private final FeatureDefinitions definitions;
	private final UnitConverter units;

	public FeatureExtractor(FeatureDefinitions definitions, UnitConverter units) {
		this.definitions = definitions;
		this.units = units;
	}

	public FeatureVector extract(PatientRecord record, LocalDate asOf) {
		FeatureVector.Builder vector = FeatureVector.builder();
		DerivedFeatures.demographics(record.patient(), asOf, vector);
		for (FeatureDefinition definition : definitions.all()) {
			List<Resource> matches = matching(record, definition, asOf);
			if (matches.isEmpty()) {
				continue;
			}
			if (definition.isUnion()) {
				union(definition, matches, vector);
			} else {
				latest(definition, matches, asOf, vector);
			}
		}
		return DerivedFeatures.derive(vector.build());
	}

	private List<Resource> matching(PatientRecord record, FeatureDefinition definition, LocalDate asOf) {
		LocalDate earliest = asOf.minusDays(definition.lookbackDays());
		List<Resource> matches = new ArrayList<>();
		for (Resource resource : record.resources()) {
			if (!resource.fhirType().equals(definition.resourceType()) || !usable(resource)) {
				continue;
			}
			if (definition.profile() != null && resource.getMeta().getProfile().stream()
					.noneMatch(p -> definition.profile().equals(p.getValue()))) {
				continue;
			}
			if (!hasCode(codeOf(resource), definition.codes())) {
				continue;
			}
			Optional<LocalDate> date = date(resource);
			// Undated data is kept (a finding without a date is still a finding); data after the
			// assessment date or before the look-back window is not.
			if (date.isPresent() && (date.get().isAfter(asOf) || date.get().isBefore(earliest))) {
				continue;
			}
			matches.add(resource);
		}
		matches.sort(Comparator.comparing((Resource r) -> date(r).orElse(LocalDate.MIN)).reversed());
		return matches;
	}

	private static boolean usable(Resource resource) {
		if (resource instanceof Observation observation) {
			return switch (observation.getStatus()) {
				case FINAL, AMENDED, CORRECTED, PRELIMINARY -> true;
				default -> false;
			};
		}
		if (resource instanceof Condition condition) {
			return condition.getVerificationStatus().getCoding().stream()
					.noneMatch(c -> "entered-in-error".equals(c.getCode()) || "refuted".equals(c.getCode()));
		}
		return false;
	}

	private static CodeableConcept codeOf(Resource resource) {
		if (resource instanceof Observation observation) {
			return observation.getCode();
		}
		return ((Condition) resource).getCode();
	}

	static boolean hasCode(CodeableConcept concept, List<String> codes) {
		for (Coding coding : concept.getCoding()) {
			if (codes.contains(coding.getSystem() + "|" + coding.getCode())) {
				return true;
			}
		}
		return false;
	}

	static Optional<LocalDate> date(Resource resource) {
		Date date = null;
		if (resource instanceof Observation observation) {
			if (observation.hasEffectiveDateTimeType()) {
				date = observation.getEffectiveDateTimeType().getValue();
			} else if (observation.hasEffectivePeriod()) {
				date = observation.getEffectivePeriod().getStart();
			} else if (observation.hasIssued()) {
				date = observation.getIssued();
			}
		} else if (resource instanceof Condition condition) {
			if (condition.hasOnsetDateTimeType()) {
				date = condition.getOnsetDateTimeType().getValue();
			} else if (condition.hasRecordedDate()) {
				date = condition.getRecordedDate();
			}
		}
		return Optional.ofNullable(date).map(d -> d.toInstant().atZone(ZoneOffset.UTC).toLocalDate());
	}

	private static String reference(Resource resource) {
		return resource.fhirType() + "/" + resource.getIdElement().getIdPart();
	}

	private void union(FeatureDefinition definition, List<Resource> matches, FeatureVector.Builder vector) {
		Set<String> codes = new LinkedHashSet<>();
		List<String> sources = new ArrayList<>();
		for (Resource resource : matches) {
			Observation observation = (Observation) resource;
			Set<String> found = definition.value().equals("hla-alleles")
					? HlaAlleles.of(observation.getValue())
					: codesOf(observation.getValue());
			if (!found.isEmpty()) {
				codes.addAll(found);
				sources.add(reference(resource));
			}
		}
		if (!codes.isEmpty()) {
			vector.add(new Feature(definition.name(), codes, null, sources));
		}
	}

	private static Set<String> codesOf(Type value) {
		Set<String> codes = new LinkedHashSet<>();
		if (value instanceof CodeableConcept concept) {
			concept.getCoding().stream().map(Coding::getCode).filter(c -> c != null).forEach(codes::add);
		}
		return codes;
	}

	private void latest(FeatureDefinition definition, List<Resource> matches, LocalDate asOf, FeatureVector.Builder vector) {
		Resource resource = matches.get(0);
		String source = reference(resource);
		if (definition.value().equals("onset-years")) {
			date(resource).ifPresent(onset -> vector.number(definition.name(),
					ChronoUnit.DAYS.between(onset, asOf) / 365.25, "a", source));
			return;
		}
		Observation observation = (Observation) resource;
		Type value = observation.getValue();
		if (definition.component() != null) {
			value = observation.getComponent().stream()
					.filter(c -> hasCode(c.getCode(), List.of(definition.component())))
					.map(Observation.ObservationComponentComponent::getValue)
					.findFirst().orElse(null);
		}
		if (value == null || value.isEmpty()) {
			vector.missing(definition.name(), source + " has no value");
			return;
		}
		switch (definition.value()) {
			case "quantity" -> quantity(definition, observation, value, source, vector);
			case "boolean", "component-boolean" -> {
				if (value instanceof BooleanType flag) {
					vector.flag(definition.name(), flag.booleanValue(), source);
				} else {
					vector.missing(definition.name(), source + " is not a boolean");
				}
			}
			case "integer", "component-integer" -> {
				if (value instanceof IntegerType integer) {
					vector.number(definition.name(), integer.getValue(), "1", source);
				} else if (value instanceof Quantity quantity && quantity.hasValue()) {
					vector.number(definition.name(), quantity.getValue().doubleValue(), "1", source);
				} else {
					vector.missing(definition.name(), source + " is not an integer");
				}
			}
			case "code", "component-code" -> {
				Set<String> codes = codesOf(value);
				if (codes.isEmpty()) {
					vector.missing(definition.name(), source + " has no coded value");
				} else {
					vector.code(definition.name(), codes.iterator().next(), source);
				}
			}
			default -> throw new IllegalStateException("Unhandled value kind " + definition.value());
		}
	}

	private void quantity(FeatureDefinition definition, Observation observation, Type value, String source,
			FeatureVector.Builder vector) {
		if (!(value instanceof Quantity quantity) || !quantity.hasValue()) {
			vector.missing(definition.name(), source + " has no quantity");
			return;
		}
		if (definition.unit() == null) {
			vector.number(definition.name(), quantity.getValue().doubleValue(), quantity.getCode(), source);
			return;
		}
		Optional<Double> converted = toUnit(quantity, definition.unit());
		if (converted.isEmpty()) {
			vector.missing(definition.name(), source + ": unit '" + quantity.getCode() + "' cannot be converted to '"
					+ definition.unit() + "'");
			return;
		}
		vector.number(definition.name(), converted.get(), definition.unit(), source);
		for (Observation.ObservationReferenceRangeComponent range : observation.getReferenceRange()) {
			if (definition.referenceRangeHigh() != null && range.hasHigh()) {
				toUnit(range.getHigh(), definition.unit())
						.ifPresent(high -> vector.number(definition.referenceRangeHigh(), high, definition.unit(), source));
			}
			if (definition.referenceRangeLow() != null && range.hasLow()) {
				toUnit(range.getLow(), definition.unit())
						.ifPresent(low -> vector.number(definition.referenceRangeLow(), low, definition.unit(), source));
			}
		}
	}

	private Optional<Double> toUnit(Quantity quantity, String unit) {
		if (!quantity.hasValue() || !UCUM.equals(quantity.getSystem())) {
			return Optional.empty();
		}
		return units.convert(quantity.getValue().doubleValue(), quantity.getCode(), unit);
	}

	/** The date used for an assessment when the caller gives none. */
	public static LocalDate today() {
		return LocalDate.now(ZoneOffset.UTC);
	}

}
