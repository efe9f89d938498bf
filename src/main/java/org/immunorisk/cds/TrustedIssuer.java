package org.immunorisk.cds;

import java.net.URI;

/**
 * A CDS client allowed to call ImmunoRisk: its JWT {@code iss} and the URL of the JWKS holding its public keys
 * (configuration {@code immunorisk.cds.trusted-issuers}). A token's {@code jku} is honoured only when it is this URL.
 */
public record TrustedIssuer(String iss, URI jwksUrl) {

	public TrustedIssuer {
		if (iss == null || iss.isBlank() || jwksUrl == null) {
			throw new IllegalArgumentException("A trusted issuer needs iss and jwks-url");
		}
	}
}
