package org.immunorisk.features;

import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Type;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
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
		return extract(record, asOf, List.of());
	}

	/**
	 * The record's inputs with supposed results laid over them, as if a pending test had returned them: used to
	 * show what an ordered test's result would add. A supposed value replaces the recorded one, except for
	 * multi-valued inputs (HLA alleles), where it joins the codes on record (typing one more locus adds to the
	 * loci already typed). Derived inputs (serum IgG4 as a multiple of its upper limit, ratios) are computed
	 * after, from the supposed value.
	 */
	public FeatureVector extract(PatientRecord record, LocalDate asOf, List<Feature> supposed) {
		FeatureVector.Builder vector = base(record, asOf);
		if (supposed.isEmpty()) { // every assessment but a test order's: no copy of the record's inputs needed
			return DerivedFeatures.derive(vector.build());
		}
		FeatureVector recorded = vector.build();
		for (Feature result : supposed) {
			Optional<Feature> onRecord = recorded.get(result.name());
			if (result.value() instanceof Set<?> codes && onRecord.isPresent() && onRecord.get().value() instanceof Set<?> known) {
				Set<Object> union = new LinkedHashSet<>(known);
				union.addAll(codes);
				@SuppressWarnings("unchecked")
				Set<String> merged = (Set<String>) (Set<?>) union;
				vector.add(new Feature(result.name(), merged, result.unit(), result.sources()));
			} else {
				vector.add(result);
			}
		}
		return DerivedFeatures.derive(vector.build());
	}

	private FeatureVector.Builder base(PatientRecord record, LocalDate asOf) {
		FeatureVector.Builder vector = FeatureVector.builder();
		DerivedFeatures.demographics(record.patient(), asOf, vector);
		Map<String, Set<Resource>> byCode = byCode(record);
		for (FeatureDefinition definition : definitions.all()) {
			List<Resource> matches = matching(record, definition, asOf, byCode);
			if (matches.isEmpty()) {
				continue;
			}
			if (definition.isUnion()) {
				union(definition, matches, vector);
			} else if ("max".equals(definition.combine())) {
				maximum(definition, matches, vector);
			} else {
				latest(definition, matches, asOf, vector);
			}
		}
		return vector;
	}

	/**
	 * The record's Observations and Conditions by each {@code system|code} of their code, built once per extraction:
	 * every definition (some two hundred) then looks its codes up instead of comparing every coding of every resource
	 * with its list (which built a string per coding, per resource, per definition).
	 */
	private static Map<String, Set<Resource>> byCode(PatientRecord record) {
		Map<String, Set<Resource>> index = new HashMap<>();
		for (Resource resource : record.resources()) {
			if (resource instanceof Observation || resource instanceof Condition) {
				for (Coding coding : codeOf(resource).getCoding()) {
					index.computeIfAbsent(coding.getSystem() + "|" + coding.getCode(),
							key -> Collections.newSetFromMap(new IdentityHashMap<>())).add(resource);
				}
			}
		}
		return index;
	}

	private List<Resource> matching(PatientRecord record, FeatureDefinition definition, LocalDate asOf,
			Map<String, Set<Resource>> byCode) {
		Set<Resource> coded = Collections.newSetFromMap(new IdentityHashMap<>());
		for (String code : definition.codes()) {
			coded.addAll(byCode.getOrDefault(code, Set.of()));
		}
		if (coded.isEmpty()) {
			return List.of();
		}
		LocalDate earliest = asOf.minusDays(definition.lookbackDays());
		List<Resource> matches = new ArrayList<>();
		for (Resource resource : record.resources()) { // record order, as before: ties in date keep it
			if (!resource.fhirType().equals(definition.resourceType()) || !usable(resource)) {
				continue;
			}
			if (definition.profile() != null && resource.getMeta().getProfile().stream()
					.noneMatch(p -> definition.profile().equals(p.getValue()))) {
				continue;
			}
			if (!coded.contains(resource)) {
				continue;
			}
			if (definition.where() != null && !meets(definition.where(), resource, record)) {
				continue;
			}
			Optional<LocalDate> date = date(resource);
			// Undated data cannot be placed in a look-back window (an undated WBC could be years old): not used.
			// Neither is data after the assessment date or before the window.
			if (date.isEmpty() || date.get().isAfter(asOf) || date.get().isBefore(earliest)) {
				continue;
			}
			matches.add(resource);
		}
		matches.sort(Comparator.comparing((Resource r) -> date(r).orElse(LocalDate.MIN)).reversed());
		return matches;
	}

	/** Whether an Observation meets a definition's further conditions (lesion, image type, series). */
	static boolean meets(FeatureDefinition.Where where, Resource resource, PatientRecord record) {
		if (!(resource instanceof Observation observation)) {
			return false;
		}
		if (!where.focusCodes().isEmpty()) {
			boolean focused = false;
			for (Reference focus : observation.getFocus()) {
				IdType id = new IdType(focus.getReference() == null ? "" : focus.getReference());
				if (!"Condition".equals(id.getResourceType()) || id.getIdPart() == null) {
					continue;
				}
				// The lesion's Condition, whatever its status: a resected primary may be resolved by the assessment date.
				focused |= record.resources().stream().anyMatch(r -> r instanceof Condition condition
						&& id.getIdPart().equals(condition.getIdElement().getIdPart()) && hasCode(condition.getCode(), where.focusCodes()));
			}
			if (!focused) {
				return false;
			}
		}
		if (where.componentCode() != null && observation.getComponent().stream()
				.noneMatch(c -> hasCode(c.getCode(), List.of(where.componentCode())) && (where.componentValue() == null
						|| c.getValue() instanceof CodeableConcept value && hasCode(value, List.of(where.componentValue()))))) {
			return false;
		}
		return where.methodTextContains() == null || (observation.getMethod().hasText()
				&& observation.getMethod().getText().toLowerCase(java.util.Locale.ROOT)
						.contains(where.methodTextContains().toLowerCase(java.util.Locale.ROOT)));
	}

	private static boolean usable(Resource resource) {
		if (resource instanceof Observation observation) {
			// A resource stored without our profile may lack a status: not usable, rather than a crash.
			return observation.getStatus() != null && switch (observation.getStatus()) {
				case FINAL, AMENDED, CORRECTED, PRELIMINARY -> true;
				default -> false;
			};
		}
		if (resource instanceof Condition condition) {
			boolean wrong = condition.getVerificationStatus().getCoding().stream()
					.anyMatch(c -> "entered-in-error".equals(c.getCode()) || "refuted".equals(c.getCode()));
			boolean over = condition.getClinicalStatus().getCoding().stream()
					.anyMatch(c -> "inactive".equals(c.getCode()) || "resolved".equals(c.getCode())
							|| "remission".equals(c.getCode()));
			return !wrong && !over;
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

	/** When the finding held: effective (or issued) for an Observation, onset for a Condition. */
	static Optional<LocalDate> date(Resource resource) {
		if (resource instanceof Observation observation) {
			if (observation.hasEffectiveDateTimeType()) {
				return FhirDates.localDate(observation.getEffectiveDateTimeType());
			}
			if (observation.hasEffectivePeriod() && observation.getEffectivePeriod().hasStart()) {
				return FhirDates.localDate(observation.getEffectivePeriod().getStartElement());
			}
			if (observation.hasIssued()) {
				return FhirDates.localDate(observation.getIssuedElement());
			}
		} else if (resource instanceof Condition condition && condition.hasOnsetDateTimeType()) {
			// recordedDate is when it was written down, not when the disease began: not used as onset.
			return FhirDates.localDate(condition.getOnsetDateTimeType());
		}
		return Optional.empty();
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

	/** The highest value in the window (e.g. "prednisone > 15 mg/day in the last 3 months"). */
	private void maximum(FeatureDefinition definition, List<Resource> matches, FeatureVector.Builder vector) {
		Double best = null;
		String bestSource = null;
		for (Resource resource : matches) {
			if (((Observation) resource).getValue() instanceof Quantity quantity) {
				Optional<Double> value = toUnit(quantity, definition.unit());
				if (value.isPresent() && (best == null || value.get() > best)) {
					best = value.get();
					bestSource = reference(resource);
				}
			}
		}
		if (best == null) {
			vector.missing(definition.name(), "no value convertible to '" + definition.unit() + "' in the window");
		} else {
			vector.number(definition.name(), best, definition.unit(), bestSource);
		}
	}

	private void latest(FeatureDefinition definition, List<Resource> matches, LocalDate asOf, FeatureVector.Builder vector) {
		Resource resource = matches.get(0);
		String source = reference(resource);
		if (definition.value().equals("onset-years")) {
			date(resource).ifPresentOrElse(
					onset -> vector.number(definition.name(), ChronoUnit.DAYS.between(onset, asOf) / 365.25, "a", source),
					() -> vector.missing(definition.name(), source + " has no onset date"));
			return;
		}
		if (definition.value().equals("stage-group")) {
			stageGroup((Condition) resource).ifPresentOrElse(stage -> vector.number(definition.name(), stage, "1", source),
					() -> vector.missing(definition.name(), source + " has no stage summary coded as a SNOMED CT stage 1–4"));
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
		// The general range: one without appliesTo/age (a neonatal range must not become the adult ULN).
		observation.getReferenceRange().stream().filter(r -> !r.hasAppliesTo() && !r.hasAge()).findFirst()
				.or(() -> observation.getReferenceRange().stream().findFirst())
				.ifPresent(range -> {
					if (definition.referenceRangeHigh() != null && range.hasHigh()) {
						limit(definition.referenceRangeHigh(), range.getHigh(), definition.unit(), source, vector);
					}
					if (definition.referenceRangeLow() != null && range.hasLow()) {
						limit(definition.referenceRangeLow(), range.getLow(), definition.unit(), source, vector);
					}
				});
	}

	private void limit(String name, Quantity limit, String unit, String source, FeatureVector.Builder vector) {
		toUnit(limit, unit).ifPresentOrElse(value -> vector.number(name, value, unit, source),
				() -> vector.missing(name, source + ": reference limit '" + limit.getCode() + "' is not a UCUM quantity convertible to '" + unit + "'"));
	}

	private Optional<Double> toUnit(Quantity quantity, String unit) {
		if (!quantity.hasValue() || !UCUM.equals(quantity.getSystem())) {
			return Optional.empty();
		}
		return units.convert(quantity.getValue().doubleValue(), quantity.getCode(), unit);
	}

	/**
	 * SNOMED CT stage-group qualifiers (Stage 1 258215001, Stage 2 258219007, Stage 3 258224005, Stage 4 258228008;
	 * checked against public FHIR examples and code tables, secondary) as the numbers 1–4. Sub-stages (IIIB, IVA) are
	 * read from these summary codes; a Condition coding only a sub-stage concept gives no stage group.
	 */
	private static final java.util.Map<String, Integer> STAGE_GROUPS = java.util.Map.of(
			"258215001", 1, "258219007", 2, "258224005", 3, "258228008", 4);

	private static Optional<Integer> stageGroup(Condition condition) {
		for (Condition.ConditionStageComponent stage : condition.getStage()) {
			for (Coding coding : stage.getSummary().getCoding()) {
				if ("http://snomed.info/sct".equals(coding.getSystem()) && STAGE_GROUPS.containsKey(coding.getCode())) {
					return Optional.of(STAGE_GROUPS.get(coding.getCode()));
				}
			}
		}
		return Optional.empty();
	}

	/** The date used for an assessment when the caller gives none. */
	public static LocalDate today() {
		return LocalDate.now(ZoneOffset.UTC);
	}

}
