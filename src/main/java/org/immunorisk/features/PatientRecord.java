package org.immunorisk.features;

import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;

import java.util.List;

/**
 * A patient and the resources about them that features are read from (Observations, Conditions), however
 * they were obtained: from the local store, or from a CDS Hooks prefetch.
 */
public record PatientRecord(Patient patient, List<Resource> resources) {

	public PatientRecord {
		resources = List.copyOf(resources);
	}

	public String patientReference() {
		return "Patient/" + patient.getIdElement().getIdPart();
	}
}
