package org.immunorisk.cds;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.StrictErrorHandler;
import com.fasterxml.jackson.databind.JsonNode;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DeviceRequest;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.NutritionOrder;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.VisionPrescription;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The draft orders of an order-select / order-sign call ({@code context.draftOrders}), checked as the hooks
 * define them, and those that fire a service: MedicationRequest (medicationCodeableConcept) and ServiceRequest
 * (code) whose coding matches one of the service's triggers. For order-select only the orders named in
 * {@code context.selections} count (the clinician's current choice); the others are context.
 */
final class DraftOrders {

	/** order-select 1.0 / order-sign 1.0: the R4 request resources a draft order may be. */
	static final Set<String> ORDER_TYPES = Set.of("DeviceRequest", "MedicationRequest", "NutritionOrder", "ServiceRequest",
			"VisionPrescription");

	private DraftOrders() {}

	/** How a matched order is named on a card: "nivolumab (http://www.nlm.nih.gov/research/umls/rxnorm|1597876)". */
	static String display(CdsServiceDescriptor.Trigger trigger) {
		return trigger.display() + " (" + trigger.system() + "|" + trigger.code() + ")";
	}

	/**
	 * The service triggers the draft orders match, once each, in order of the orders; empty when none matches.
	 * A 400 when draftOrders is not an R4 Bundle of request resources for the patient in context, or a selection
	 * names no draft order.
	 */
	static List<CdsServiceDescriptor.Trigger> triggers(CdsServiceDescriptor service, JsonNode context, String patientId,
			FhirContext fhirContext) {
		return matching(service, context, patientId, fhirContext).stream().distinct().toList();
	}

	private static List<CdsServiceDescriptor.Trigger> matching(CdsServiceDescriptor service, JsonNode context,
			String patientId, FhirContext fhirContext) {
		Bundle bundle = parse(context.get("draftOrders"), fhirContext);
		Set<String> orders = new HashSet<>();
		for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
			Resource order = entry.getResource();
			if (order == null || !ORDER_TYPES.contains(order.fhirType())) {
				throw CdsRequestException.badRequest("context.draftOrders may hold only " + String.join(", ",
						ORDER_TYPES.stream().sorted().toList()) + " (FHIR R4); found "
						+ (order == null ? "an entry without a resource" : "a " + order.fhirType()));
			}
			Reference subject = subject(order);
			String reference = subject == null ? null : subject.getReference();
			if (reference == null || !(reference.equals("Patient/" + patientId) || reference.endsWith("/Patient/" + patientId))) {
				throw CdsRequestException.badRequest("Every draft order must be for Patient/" + patientId
						+ " (context.patientId); " + order.fhirType() + "/" + order.getIdElement().getIdPart() + " is not");
			}
			if (order.getIdElement().hasIdPart()) {
				orders.add(order.fhirType() + "/" + order.getIdElement().getIdPart());
			}
		}
		Set<String> selections = new LinkedHashSet<>();
		if (service.hook().equals("order-select")) {
			context.get("selections").forEach(s -> selections.add(s.asText()));
			for (String selection : selections) {
				if (!orders.contains(selection)) {
					throw CdsRequestException.badRequest("context.selections names " + selection
							+ ", which is not an entry of context.draftOrders");
				}
			}
		}
		List<CdsServiceDescriptor.Trigger> matches = new ArrayList<>();
		for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
			Resource order = entry.getResource();
			if (!selections.isEmpty() && !selections.contains(order.fhirType() + "/" + order.getIdElement().getIdPart())) {
				continue;
			}
			CodeableConcept code = order instanceof MedicationRequest medication && medication.hasMedicationCodeableConcept()
					? medication.getMedicationCodeableConcept()
					: order instanceof ServiceRequest request ? request.getCode() : null;
			if (code == null) {
				continue;
			}
			for (Coding coding : code.getCoding()) {
				service.trigger(coding.getSystem(), coding.getCode()).ifPresent(trigger ->
						matches.add(trigger));
			}
		}
		return matches;
	}

	/**
	 * Strictly parsed, so a resource of another FHIR version (an STU3 ProcedureRequest, STU3-only elements) is a
	 * 400 instead of being dropped quietly by a lenient parser.
	 */
	private static Bundle parse(JsonNode draftOrders, FhirContext fhirContext) {
		IBaseResource parsed;
		try {
			parsed = fhirContext.newJsonParser().setParserErrorHandler(new StrictErrorHandler())
					.parseResource(draftOrders.toString());
		} catch (RuntimeException e) {
			throw CdsRequestException.badRequest("context.draftOrders is not a FHIR R4 resource: "
					+ firstLine(e.getMessage()));
		}
		if (!(parsed instanceof Bundle bundle)) {
			throw CdsRequestException.badRequest("context.draftOrders must be a FHIR Bundle, not a " + parsed.fhirType());
		}
		return bundle;
	}

	private static Reference subject(Resource order) {
		if (order instanceof MedicationRequest r) {
			return r.getSubject();
		} else if (order instanceof ServiceRequest r) {
			return r.getSubject();
		} else if (order instanceof DeviceRequest r) {
			return r.getSubject();
		} else if (order instanceof NutritionOrder r) {
			return r.getPatient();
		} else if (order instanceof VisionPrescription r) {
			return r.getPatient();
		}
		return null;
	}

	private static String firstLine(String message) {
		if (message == null) {
			return "unreadable";
		}
		String line = message.lines().findFirst().orElse("");
		return line.length() > 300 ? line.substring(0, 300) + "…" : line;
	}
}
