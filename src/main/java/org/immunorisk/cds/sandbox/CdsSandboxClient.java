package org.immunorisk.cds.sandbox;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.immunorisk.cds.TrustedIssuer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The CDS client behind the sandbox page (development setting {@code immunorisk.cds.sandbox.enabled}): an ES384
 * key pair made at start and never stored, so a restart invalidates every token it signed. The CDS service
 * trusts it as one more issuer, {@code <server base>/cds-sandbox}, whose public key is held in memory (no JWKS
 * round trip), and lets it name this server's own FHIR endpoint as {@code fhirServer}. When the setting is off
 * the client holds no key and trusts nothing.
 */
public final class CdsSandboxClient {

	public static final String PATH = "/cds-sandbox";
	static final Duration TOKEN_LIFETIME = Duration.ofMinutes(5);

	private static final Logger log = LoggerFactory.getLogger(CdsSandboxClient.class);

	private final ECKey key;
	private final ImmutableJWKSet<SecurityContext> publicKeys;
	private final Supplier<String> serverBase;
	private final Supplier<String> localBase;
	private final String publicBaseUrl;
	private final String fhirPath;
	private final Clock clock;

	CdsSandboxClient(ECKey key, Supplier<String> serverBase, Supplier<String> localBase, String publicBaseUrl,
			String fhirPath, Clock clock) {
		this.localBase = localBase;
		this.key = key;
		this.publicKeys = key == null ? null : new ImmutableJWKSet<>(new JWKSet(key.toPublicJWK()));
		this.serverBase = serverBase;
		this.publicBaseUrl = publicBaseUrl == null || publicBaseUrl.isBlank() ? null : publicBaseUrl.replaceAll("/+$", "");
		this.fhirPath = fhirPath;
		this.clock = clock;
	}

	/**
	 * @param publicBaseUrl the external base URL when configured ({@code immunorisk.cds.public-base-url}), which the
	 *                      CDS service also checks {@code aud} against
	 * @param fhirPath      where the host serves FHIR ({@code /fhir})
	 * @param environment   for the port the server listens on, known only once it does (random in tests)
	 */
	public static CdsSandboxClient start(boolean enabled, String publicBaseUrl, String fhirPath, Environment environment) {
		Supplier<String> base = () -> {
			String origin = publicBaseUrl != null && !publicBaseUrl.isBlank() ? publicBaseUrl.replaceAll("/+$", "")
					: localOrigin(environment);
			return origin + environment.getProperty("server.servlet.context-path", "").replaceAll("/+$", "");
		};
		// The service fetches from itself over loopback: a public base URL may not be reachable from the host itself.
		Supplier<String> localBase = () -> localOrigin(environment)
				+ environment.getProperty("server.servlet.context-path", "").replaceAll("/+$", "");
		if (!enabled) {
			return new CdsSandboxClient(null, base, localBase, publicBaseUrl, fhirPath, Clock.systemUTC());
		}
		log.warn("""

				*****************************************************************************
				*  ImmunoRisk: immunorisk.cds.sandbox.enabled=true  (DEVELOPMENT ONLY)       *
				*  /cds-sandbox/ signs CDS Hooks JWTs for ANYONE who can reach this server:  *
				*  through it anyone can call the CDS services. Never enable it in production. *
				*****************************************************************************""");
		return new CdsSandboxClient(newKey(), base, localBase, publicBaseUrl, fhirPath, Clock.systemUTC());
	}

	private static String localOrigin(Environment environment) {
		return "http://localhost:" + environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
	}

	static ECKey newKey() {
		try {
			return new ECKeyGenerator(Curve.P_384).keyID("cds-sandbox-" + UUID.randomUUID()).generate();
		} catch (JOSEException e) {
			throw new IllegalStateException("Cannot make the CDS sandbox key pair", e);
		}
	}

	public boolean enabled() {
		return key != null;
	}

	/** This server's base URL as the sandbox names it (the configured public base URL, else localhost and the port). */
	String serverBase() {
		return serverBase.get();
	}

	String publicBaseUrl() {
		return publicBaseUrl;
	}

	public String iss() {
		return serverBase() + PATH;
	}

	/**
	 * This server's FHIR endpoint on loopback, the only {@code fhirServer} the CDS service fetches from for the
	 * sandbox (the server reads itself; a public base URL behind a proxy need not be reachable from inside).
	 */
	public String fhirServer() {
		return localBase.get() + fhirPath;
	}

	/**
	 * The CDS service's allow-list: the configured issuers, and the sandbox client when it is on (its {@code iss}
	 * contains the port, so it is matched when a token arrives rather than fixed at start).
	 */
	public Function<String, TrustedIssuer> trusting(List<TrustedIssuer> configured) {
		Map<String, TrustedIssuer> byIss = configured.stream().collect(Collectors.toUnmodifiableMap(TrustedIssuer::iss, i -> i));
		return iss -> {
			TrustedIssuer issuer = byIss.get(iss);
			if (issuer == null && enabled() && iss.equals(iss())) {
				issuer = TrustedIssuer.local(iss, publicKeys, List.of(fhirServer()));
			}
			return issuer;
		};
	}

	/** A CDS Hooks 2.0 client JWT for one call to {@code aud}; the caller has checked that aud is this server's. */
	String sign(String aud) {
		if (!enabled()) {
			throw new IllegalStateException("The CDS sandbox is off");
		}
		Instant now = clock.instant();
		JWTClaimsSet claims = new JWTClaimsSet.Builder()
				.issuer(iss())
				.audience(aud)
				.issueTime(Date.from(now))
				.expirationTime(Date.from(now.plus(TOKEN_LIFETIME)))
				.jwtID(UUID.randomUUID().toString())
				.build();
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES384).type(JOSEObjectType.JWT)
				.keyID(key.getKeyID()).build(), claims);
		try {
			jwt.sign(new ECDSASigner(key));
		} catch (JOSEException e) {
			throw new IllegalStateException("Cannot sign a CDS sandbox token", e);
		}
		return jwt.serialize();
	}
}
