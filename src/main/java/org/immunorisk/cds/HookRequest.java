package org.immunorisk.cds;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A CDS Hooks call that passed {@link CdsRequestValidator}: the service it is for, its context, and how the
 * service may reach the client's FHIR server ({@code fhirServer} and {@code fhirAuthorization.access_token},
 * both null when not given). The access token lives only as long as the call: it is never stored or logged.
 */
record HookRequest(CdsServiceDescriptor service, String hookInstance, JsonNode context, String patientId, String userId,
		String fhirServer, String accessToken, JsonNode prefetch) {

	@Override
	public String toString() { // a record's default toString would print the access token
		return "HookRequest[" + service.id() + ", hookInstance=" + hookInstance + "]";
	}
}
