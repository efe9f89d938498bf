package org.immunorisk.features;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a patient's record from the local HAPI store: the Patient (404 when unknown) and every Observation
 * and Condition whose subject it is. Two searches per patient, whatever the number of models.
 */
public final class PatientRecordReader {

	private static final List<String> TYPES = List.of("Observation", "Condition");

	private final DaoRegistry daoRegistry;

	public PatientRecordReader(DaoRegistry daoRegistry) {
		this.daoRegistry = daoRegistry;
	}

	public PatientRecord read(String patientId, RequestDetails request) {
		Patient patient = (Patient) daoRegistry.getResourceDao("Patient").read(new IdType("Patient", patientId), request);
		List<Resource> resources = new ArrayList<>();
		for (String type : TYPES) {
			SearchParameterMap search = SearchParameterMap.newSynchronous()
					.add("subject", new ReferenceParam("Patient/" + patient.getIdElement().getIdPart()));
			// A system request: the caller's HTTP request (an operation POST) would make HAPI page the search
			// asynchronously, and the whole record is needed at once.
			for (IBaseResource found : daoRegistry.getResourceDao(type).search(search, new SystemRequestDetails()).getAllResources()) {
				resources.add((Resource) found);
			}
		}
		return new PatientRecord(patient, resources);
	}
}
