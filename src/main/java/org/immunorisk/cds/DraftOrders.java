package org.immunorisk.cds;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The draft orders of an order-select / order-sign call that fire a service: MedicationRequest
 * (medicationCodeableConcept) and ServiceRequest (code) whose coding matches one of the service's triggers.
 * For order-select only the orders named in {@code context.selections} count (the clinician's current choice).
 */
final class DraftOrders {

	private DraftOrders() {}

	/** Displays of the matching orders ("nivolumab (RxNorm 1597876)"); empty when none matches. */
	static List<String> triggering(CdsServiceDescriptor service, JsonNode context, FhirContext fhirContext) {
		return matching(service, context, fhirContext).stream()
				.map(t -> t.display() + " (" + t.system() + "|" + t.code() + ")").toList();
	}

	/** The service triggers the draft orders match, once each, in order of the orders. */
	static List<CdsServiceDescriptor.Trigger> triggers(CdsServiceDescriptor service, JsonNode context, FhirContext fhirContext) {
		return matching(service, context, fhirContext).stream().distinct().toList();
	}

	private static List<CdsServiceDescriptor.Trigger> matching(CdsServiceDescriptor service, JsonNode context, FhirContext fhirContext) {
		JsonNode draftOrders = context.get("draftOrders");
		if (draftOrders == null || draftOrders.isNull()) {
			throw new IllegalArgumentException("no draftOrders");
		}
		IBaseResource parsed = fhirContext.newJsonParser().parseResource(draftOrders.toString());
		if (!(parsed instanceof Bundle bundle)) {
			throw new IllegalArgumentException("draftOrders is not a Bundle");
		}
		Set<String> selections = new HashSet<>();
		if (service.hook().equals("order-select") && context.has("selections") && context.get("selections").isArray()) {
			context.get("selections").forEach(s -> selections.add(s.asText()));
		}
		List<CdsServiceDescriptor.Trigger> matches = new ArrayList<>();
		for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
			Resource order = entry.getResource();
			if (order == null || (!selections.isEmpty()
					&& !selections.contains(order.fhirType() + "/" + order.getIdElement().getIdPart()))) {
				continue;
			}
			CodeableConcept code = order instanceof MedicationRequest medication && medication.hasMedicationCodeableConcept()
					? medication.getMedicationCodeableConcept()
					: order instanceof ServiceRequest request ? request.getCode() : null;
			if (code == null) {
				continue;
			}
			for (Coding coding : code.getCoding()) {
				service.trigger(coding.getSystem(), coding.getCode()).ifPresent(trigger -> matches.add(trigger));
			}
		}
		return matches;
	}
}
