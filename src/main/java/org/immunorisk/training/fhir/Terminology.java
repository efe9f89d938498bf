package org.immunorisk.training.fhir;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.ValueSet;
import org.immunorisk.conformance.ConformanceContent;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The codes of {@code terminology/} (as the server loads them from the classpath), so that the cohort writer uses
 * exactly the codes and displays the profiles bind to and never invents one: a lookup of a code that is neither a
 * concept of an ImmunoRisk CodeSystem nor listed in an ImmunoRisk ValueSet fails.
 */
final class Terminology {

	private record Concept(String display, Map<String, String> properties) {}

	/** "system|code" → concept, for local CodeSystem concepts and the LOINC/SNOMED CT concepts our ValueSets list. */
	private final Map<String, Concept> concepts = new HashMap<>();
	/** ValueSet url → its members as "system|code". */
	private final Map<String, Set<String>> valueSets = new HashMap<>();

	Terminology(ConformanceContent content) {
		Map<String, CodeSystem> codeSystems = new HashMap<>();
		for (MetadataResource resource : content.terminology()) {
			if (resource instanceof CodeSystem codeSystem) {
				codeSystems.put(codeSystem.getUrl(), codeSystem);
				for (CodeSystem.ConceptDefinitionComponent concept : codeSystem.getConcept()) {
					Map<String, String> properties = new HashMap<>();
					for (CodeSystem.ConceptPropertyComponent property : concept.getProperty()) {
						properties.put(property.getCode(), property.getValue().primitiveValue());
					}
					concepts.put(key(codeSystem.getUrl(), concept.getCode()), new Concept(concept.getDisplay(), properties));
				}
			}
		}
		for (MetadataResource resource : content.terminology()) {
			if (resource instanceof ValueSet valueSet) {
				Set<String> members = new HashSet<>();
				for (ValueSet.ConceptSetComponent include : valueSet.getCompose().getInclude()) {
					if (include.hasConcept()) {
						for (ValueSet.ConceptReferenceComponent concept : include.getConcept()) {
							String key = key(include.getSystem(), concept.getCode());
							members.add(key);
							concepts.putIfAbsent(key, new Concept(concept.getDisplay(), Map.of()));
						}
					} else if (!include.hasFilter() && codeSystems.containsKey(include.getSystem())) {
						codeSystems.get(include.getSystem()).getConcept().forEach(c -> members.add(key(include.getSystem(), c.getCode())));
					}
				}
				valueSets.put(valueSet.getUrl(), members);
			}
		}
	}

	static Terminology fromClasspath(FhirContext fhir) {
		return new Terminology(ConformanceContent.fromClasspath(fhir));
	}

	/** The coding with the display of {@code terminology/}; fails for a code that is not there. */
	Coding coding(String system, String code) {
		Concept concept = concepts.get(key(system, code));
		if (concept == null) {
			throw new IllegalArgumentException(system + "|" + code + " is not in terminology/ (no CodeSystem concept, no ValueSet member)");
		}
		return new Coding(system, code, concept.display());
	}

	boolean has(String system, String code) {
		return concepts.containsKey(key(system, code));
	}

	/** Whether a ValueSet of {@code terminology/} (by canonical url) lists the code. */
	boolean inValueSet(String valueSetUrl, String system, String code) {
		Set<String> members = valueSets.get(valueSetUrl);
		if (members == null) {
			throw new IllegalArgumentException("no ValueSet " + valueSetUrl + " in terminology/");
		}
		return members.contains(key(system, code));
	}

	/** A property of a local CodeSystem concept (e.g. the canonical {@code unit} of a radiomics feature). */
	Optional<String> property(String system, String code, String property) {
		Concept concept = concepts.get(key(system, code));
		return concept == null ? Optional.empty() : Optional.ofNullable(concept.properties().get(property));
	}

	private static String key(String system, String code) {
		return system + "|" + code;
	}
}
