package org.immunorisk.cds;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.immunorisk.features.PatientRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A patient record from a CDS Hooks prefetch: the Patient and every Observation and Condition found in the
 * prefetched resources (single resources or search Bundles). A prefetch value that is null or an
 * OperationOutcome means the client could not get it (CDS Hooks 2.0 §prefetch): treated as absent.
 */
final class PrefetchRecord {

	private PrefetchRecord() {}

	static Optional<PatientRecord> from(JsonNode prefetch, String patientId, FhirContext fhirContext) {
		if (prefetch == null || !prefetch.isObject()) {
			return Optional.empty();
		}
		Patient patient = null;
		List<Resource> resources = new ArrayList<>();
		for (JsonNode value : (Iterable<JsonNode>) prefetch::elements) {
			if (value == null || value.isNull() || !value.isObject()) {
				continue;
			}
			IBaseResource resource = fhirContext.newJsonParser().parseResource(value.toString());
			List<IBaseResource> found = new ArrayList<>();
			if (resource instanceof Bundle bundle) {
				bundle.getEntry().forEach(e -> found.add(e.getResource()));
			} else {
				found.add(resource);
			}
			for (IBaseResource item : found) {
				if (item instanceof Patient p && patientId.equals(p.getIdElement().getIdPart())) {
					patient = p;
				} else if ((item instanceof Observation || item instanceof Condition) && about((Resource) item, patientId)) {
					resources.add((Resource) item);
				}
			}
		}
		return patient == null ? Optional.empty() : Optional.of(new PatientRecord(patient, resources));
	}

	/** Only resources about the patient in context: a prefetch must not mix another patient's data in. */
	private static boolean about(Resource resource, String patientId) {
		String subject = resource instanceof Observation o ? o.getSubject().getReference()
				: ((Condition) resource).getSubject().getReference();
		return subject != null && (subject.equals("Patient/" + patientId) || subject.endsWith("/Patient/" + patientId));
	}
}
