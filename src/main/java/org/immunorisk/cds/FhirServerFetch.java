package org.immunorisk.cds;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.immunorisk.features.PatientRecord;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a patient's record from the CDS client's FHIR server when the prefetch lacks it (CDS Hooks 2.0:
 * the service may query {@code fhirServer} with {@code fhirAuthorization}). Bounded: 5 s timeouts, at most
 * {@link #MAX_PAGES} pages of {@link #PAGE_SIZE} per search. Only called for allow-listed servers.
 */
final class FhirServerFetch {

	static final int PAGE_SIZE = 500;
	static final int MAX_PAGES = 4;

	/** A context of its own, so the client timeouts set here do not change the host server's context. */
	private static final FhirContext CLIENT_CONTEXT = clientContext();

	private FhirServerFetch() {}

	private static FhirContext clientContext() {
		FhirContext context = FhirContext.forR4();
		context.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
		context.getRestfulClientFactory().setConnectTimeout(5_000);
		context.getRestfulClientFactory().setSocketTimeout(5_000);
		return context;
	}

	static PatientRecord read(String fhirServer, String accessToken, String patientId) {
		IGenericClient client = CLIENT_CONTEXT.newRestfulGenericClient(fhirServer);
		if (accessToken != null && !accessToken.isBlank()) {
			client.registerInterceptor(new BearerTokenAuthInterceptor(accessToken));
		}
		Patient patient = client.read().resource(Patient.class).withId(patientId).execute();
		List<Resource> resources = new ArrayList<>();
		resources.addAll(search(client, Observation.class, patientId));
		resources.addAll(search(client, Condition.class, patientId));
		return new PatientRecord(patient, resources);
	}

	private static <T extends Resource> List<Resource> search(IGenericClient client, Class<T> type, String patientId) {
		List<Resource> found = new ArrayList<>();
		Bundle page = client.search().forResource(type).where(new ca.uhn.fhir.rest.gclient.ReferenceClientParam("subject")
				.hasId("Patient/" + patientId)).count(PAGE_SIZE).returnBundle(Bundle.class).execute();
		for (int pages = 1; page != null; pages++) {
			page.getEntry().stream().map(Bundle.BundleEntryComponent::getResource).filter(type::isInstance).forEach(found::add);
			page = pages < MAX_PAGES && page.getLink(Bundle.LINK_NEXT) != null ? client.loadPage().next(page).execute() : null;
		}
		return found;
	}
}
