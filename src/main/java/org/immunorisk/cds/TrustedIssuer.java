package org.immunorisk.cds;

import java.net.URI;
import java.util.List;

/**
 * A CDS client allowed to call ImmunoRisk: its JWT {@code iss} and the URL of the JWKS holding its public keys
 * (configuration {@code immunorisk.cds.trusted-issuers}). A token's {@code jku} is honoured only when it is this URL.
 */
public record TrustedIssuer(String iss, URI jwksUrl, List<String> fhirServers) {

	public TrustedIssuer {
		if (iss == null || iss.isBlank() || jwksUrl == null) {
			throw new IllegalArgumentException("A trusted issuer needs iss and jwks-url");
		}
		fhirServers = fhirServers == null ? List.of() : List.copyOf(fhirServers);
	}

	public TrustedIssuer(String iss, URI jwksUrl) {
		this(iss, jwksUrl, List.of());
	}

	/**
	 * Whether ImmunoRisk may fetch from this FHIR server for this issuer: only allow-listed URL prefixes, so a
	 * caller cannot point the service at an arbitrary host (server-side request forgery).
	 */
	public boolean mayFetchFrom(String fhirServer) {
		return fhirServer != null && fhirServers.stream().anyMatch(fhirServer::startsWith);
	}
}
