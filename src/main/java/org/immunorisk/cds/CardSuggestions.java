package org.immunorisk.cds;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.util.RawValue;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RiskAssessment;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.immunorisk.modelcards.ModelCardLinks;
import org.immunorisk.assessment.Assessment;
import org.immunorisk.assessment.ModelResult;
import org.immunorisk.assessment.RiskAssessmentWriter;
import org.immunorisk.features.FeatureDefinition;
import org.immunorisk.features.FeatureDefinitions;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Suggestions on a card (CDS Hooks 2.0 actions): create the RiskAssessment the card shows (the same resource
 * $risk-assess would store), and order each missing laboratory input that has a LOINC code in the feature
 * definitions (a ServiceRequest the EHR can sign).
 */
public final class CardSuggestions {

	private final FhirContext fhirContext;
	private final RiskAssessmentWriter writer;
	private final FeatureDefinitions definitions;

	public CardSuggestions(FhirContext fhirContext, FeatureDefinitions definitions, ModelCardLinks links) {
		this.fhirContext = fhirContext;
		this.writer = new RiskAssessmentWriter(null, links); // building only; the EHR creates the resource if accepted
		this.definitions = definitions;
	}

	List<Map<String, Object>> forResult(Assessment assessment, ModelResult result) {
		List<Map<String, Object>> suggestions = new ArrayList<>();
		RiskAssessment risk = writer.toRiskAssessment(assessment, result, new DateTimeType(assessment.date().toString()));
		risk.setId((String) null); // the EHR assigns the id
		suggestions.add(suggestion("Record this risk assessment in the chart", false,
				"Create the RiskAssessment from " + result.model().id(), risk));
		for (String missing : result.prediction().missingInputs()) {
			loinc(missing).ifPresent(code -> {
				ServiceRequest order = new ServiceRequest()
						.setStatus(ServiceRequest.ServiceRequestStatus.DRAFT)
						.setIntent(ServiceRequest.ServiceRequestIntent.PROPOSAL)
						.setCode(new CodeableConcept(new Coding("http://loinc.org", code, null)).setText(missing))
						.setSubject(new Reference(assessment.record().patientReference()));
				suggestions.add(suggestion("Order " + missing + " (LOINC " + code + ")", true,
						"Propose ordering " + missing + ": " + result.model().id() + " needs it", order));
			});
		}
		return suggestions;
	}

	private Optional<String> loinc(String input) {
		return definitions.all().stream().filter(d -> d.name().equals(input)).map(FeatureDefinition::codes)
				.flatMap(List::stream).filter(c -> c.startsWith("http://loinc.org|")).map(c -> c.substring(17)).findFirst();
	}

	private Map<String, Object> suggestion(String label, boolean recommended, String description,
			org.hl7.fhir.r4.model.Resource resource) {
		Map<String, Object> action = new LinkedHashMap<>();
		action.put("type", "create");
		action.put("description", description);
		// HAPI's JSON goes into the response as it is (RawValue): parsing it back into a tree only to write it out
		// again cost a parse per suggestion on every call.
		action.put("resource", new RawValue(fhirContext.newJsonParser().encodeResourceToString(resource)));
		Map<String, Object> suggestion = new LinkedHashMap<>();
		suggestion.put("label", label);
		suggestion.put("uuid", UUID.randomUUID().toString());
		suggestion.put("isRecommended", recommended);
		suggestion.put("actions", List.of(action));
		return suggestion;
	}
}
