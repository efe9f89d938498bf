package org.immunorisk.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.immunorisk.features.PatientRecord;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.immunorisk.testsupport.ShippedContent.TEST_BUNDLES;
import static org.immunorisk.testsupport.ShippedContent.parse;
import static org.immunorisk.testsupport.ShippedContent.read;

/** The test-bundle patients in the shapes tests and benchmarks need: a PatientRecord, or a CDS Hooks request. */
public final class ScenarioPatients {

	private static final ObjectMapper JSON = new ObjectMapper();

	private ScenarioPatients() {}

	/** The scenario's Patient and the other resources of its bundle. */
	public static PatientRecord record(String scenario) {
		Bundle bundle = parse(TEST_BUNDLES.resolve(scenario + ".json"), Bundle.class);
		Patient patient = null;
		List<Resource> resources = new ArrayList<>();
		for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
			if (entry.getResource() instanceof Patient p) {
				patient = p;
			} else {
				resources.add(entry.getResource());
			}
		}
		return new PatientRecord(patient, resources);
	}

	/** The scenario's bundle with every effective date moved to yesterday, so look-back windows hold whenever it runs. */
	public static String redatedBundle(String scenario) {
		String yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1).toString();
		return read(TEST_BUNDLES.resolve(scenario + ".json"))
				.replaceAll("\"effectiveDateTime\": \"[^\"]*\"", "\"effectiveDateTime\": \"" + yesterday + "\"");
	}

	/**
	 * A patient-view request for the (re-dated) scenario: with the bundle as prefetch when {@code fhirServer} is
	 * null, else with no prefetch and that fhirServer plus a fhirAuthorization. Each resource goes under the key
	 * whose template would return it (CDS Hooks 2.0: prefetch data is what the template gives), Observations
	 * under {@code observations}, Conditions under {@code conditions}.
	 */
	public static String patientView(String scenario, String fhirServer) {
		return request(scenario, fhirServer).toString();
	}

	/** {@link #patientView} as a JSON tree, for tests that change it. */
	public static ObjectNode request(String scenario, String fhirServer) {
		try {
			ObjectNode patient = null;
			ArrayNode observations = JSON.createArrayNode();
			ArrayNode conditions = JSON.createArrayNode();
			for (JsonNode entry : JSON.readTree(redatedBundle(scenario)).get("entry")) {
				JsonNode resource = entry.get("resource");
				switch (resource.get("resourceType").asText()) {
					case "Patient" -> patient = (ObjectNode) resource;
					case "Observation" -> observations.addObject().set("resource", resource);
					case "Condition" -> conditions.addObject().set("resource", resource);
					default -> { } // no template asks for other types
				}
			}
			ObjectNode request = JSON.createObjectNode();
			request.put("hook", "patient-view").put("hookInstance", UUID.randomUUID().toString());
			request.putObject("context").put("userId", "Practitioner/1").put("patientId", patient.get("id").asText());
			if (fhirServer == null) {
				ObjectNode prefetch = request.putObject("prefetch");
				prefetch.set("patient", patient);
				prefetch.set("observations", searchset(observations));
				prefetch.set("conditions", searchset(conditions));
			} else {
				request.put("fhirServer", fhirServer);
				request.putObject("fhirAuthorization").put("access_token", "test").put("token_type", "Bearer")
						.put("expires_in", 300).put("scope", "patient/*.read").put("subject", "immunorisk-test");
			}
			return request;
		} catch (java.io.IOException e) {
			throw new java.io.UncheckedIOException(e);
		}
	}

	/**
	 * An order-select or order-sign request for the (re-dated) scenario with one draft order: a MedicationRequest
	 * (medicationCodeableConcept) or a ServiceRequest (code) with the given coding, selected for order-select.
	 */
	public static String orderRequest(String scenario, String hook, String resourceType, String system, String code,
			String display) {
		ObjectNode request = request(scenario, null);
		request.put("hook", hook);
		ObjectNode context = (ObjectNode) request.get("context");
		ObjectNode order = JSON.createObjectNode();
		order.put("resourceType", resourceType).put("id", "draft-1").put("status", "draft")
				.put("intent", resourceType.equals("ServiceRequest") ? "order" : "proposal");
		order.putObject("subject").put("reference", "Patient/" + context.get("patientId").asText());
		order.putObject(resourceType.equals("ServiceRequest") ? "code" : "medicationCodeableConcept").putArray("coding")
				.addObject().put("system", system).put("code", code).put("display", display);
		context.putObject("draftOrders").put("resourceType", "Bundle").put("type", "collection").putArray("entry")
				.addObject().set("resource", order);
		if (hook.equals("order-select")) {
			context.putArray("selections").add(resourceType + "/draft-1");
		}
		return request.toString();
	}

	/** A searchset Bundle of the entries (no "entry" at all when there are none: JSON has no empty arrays). */
	private static ObjectNode searchset(ArrayNode entries) {
		ObjectNode bundle = JSON.createObjectNode().put("resourceType", "Bundle").put("type", "searchset");
		if (!entries.isEmpty()) {
			bundle.set("entry", entries);
		}
		return bundle;
	}
}
