package org.immunorisk.cds;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import java.net.URI;
import java.net.URISyntaxException;
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
	 * Whether ImmunoRisk may fetch this URL (a {@code fhirServer}, or a page link under it) for this issuer: only
	 * under an allow-listed prefix, so a caller cannot point the service at an arbitrary host (server-side
	 * request forgery). An {@code http:} server is used only when the allow-list names that {@code http:} prefix
	 * itself. The URL is parsed first, so {@code http://allowed:1@elsewhere/} (user info) or a dot-segment path
	 * cannot pass a textual prefix check, and a prefix matches only up to a boundary ({@code https://ehr.example}
	 * does not admit {@code https://ehr.example.evil.com}).
	 */
	public boolean mayFetchFrom(String url) {
		if (url == null) {
			return false;
		}
		URI uri;
		try {
			uri = new URI(url);
		} catch (URISyntaxException e) {
			return false;
		}
		if (!uri.isAbsolute() || uri.getRawUserInfo() != null || uri.getHost() == null || uri.getRawFragment() != null
				|| !(uri.getScheme().equals("https") || uri.getScheme().equals("http"))
				|| !uri.normalize().toString().equals(url)) {
			return false;
		}
		return fhirServers.stream().anyMatch(prefix -> startsAtBoundary(url, prefix));
	}

	/** {@code url} starts with {@code prefix}, and the prefix ends where a host, port or path segment ends. */
	static boolean startsAtBoundary(String url, String prefix) {
		if (prefix.isEmpty() || !url.startsWith(prefix)) {
			return false;
		}
		if (url.length() == prefix.length() || prefix.endsWith("/") || prefix.endsWith(":")) {
			return true;
		}
		char next = url.charAt(prefix.length());
		return next == '/' || next == '?';
	}
}
