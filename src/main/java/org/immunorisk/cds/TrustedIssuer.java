package org.immunorisk.cds;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import java.net.URI;
import java.util.List;

/**
 * A CDS client allowed to call ImmunoRisk: its JWT {@code iss} and the URL of the JWKS holding its public keys
 * (configuration {@code immunorisk.cds.trusted-issuers}). A token's {@code jku} is honoured only when it is this URL.
 * A client whose keys this server holds itself (the development sandbox) has {@code localKeys} and no JWKS URL,
 * so verifying its tokens needs no HTTP round trip; any {@code jku} in its tokens is refused.
 */
public record TrustedIssuer(String iss, URI jwksUrl, List<String> fhirServers, JWKSource<SecurityContext> localKeys) {

	public TrustedIssuer {
		if (iss == null || iss.isBlank() || (jwksUrl == null && localKeys == null)) {
			throw new IllegalArgumentException("A trusted issuer needs iss and jwks-url");
		}
		fhirServers = fhirServers == null ? List.of() : List.copyOf(fhirServers);
	}

	public TrustedIssuer(String iss, URI jwksUrl, List<String> fhirServers) {
		this(iss, jwksUrl, fhirServers, null);
	}

	public TrustedIssuer(String iss, URI jwksUrl) {
		this(iss, jwksUrl, List.of());
	}

	/** An issuer whose public keys are held in memory here (no JWKS URL). */
	public static TrustedIssuer local(String iss, JWKSource<SecurityContext> keys, List<String> fhirServers) {
		return new TrustedIssuer(iss, null, fhirServers, keys);
	}

	/**
	 * Whether ImmunoRisk may fetch from this FHIR server for this issuer: only allow-listed URL prefixes, so a
	 * caller cannot point the service at an arbitrary host (server-side request forgery).
	 */
	public boolean mayFetchFrom(String fhirServer) {
		return fhirServer != null && fhirServers.stream().anyMatch(fhirServer::startsWith);
	}
}
