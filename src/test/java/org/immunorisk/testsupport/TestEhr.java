package org.immunorisk.testsupport;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An EHR acting as CDS client in tests: its own key pairs (EC P-384 for ES384, RSA for RS384), its JWKS served
 * over HTTP on localhost, and CDS Hooks JWTs signed with them. The shared Spring context trusts two: {@link #get()},
 * the EHR every test uses, and {@link #rotating()}, whose JWKS tests may change (key rotation) without disturbing
 * the first one's cached keys.
 */
public final class TestEhr {

	public static final String ISSUER = "https://ehr.test.immunorisk.example";
	public static final String ROTATING_ISSUER = "https://ehr2.test.immunorisk.example";
	private static TestEhr instance;
	private static TestEhr rotating;

	private final String issuer;
	private final ECKey key;
	private final RSAKey rsaKey;
	private final List<JWK> published = new CopyOnWriteArrayList<>();
	private final AtomicInteger jwksRequests = new AtomicInteger();
	private final String jwksUrl;

	private TestEhr(String issuer, String kidPrefix) throws Exception {
		this.issuer = issuer;
		key = new ECKeyGenerator(Curve.P_384).keyID(kidPrefix + "-1").generate();
		rsaKey = new RSAKeyGenerator(2048).keyID(kidPrefix + "-rsa-1").generate();
		published.add(key.toPublicJWK());
		published.add(rsaKey.toPublicJWK());
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.createContext("/jwks", exchange -> {
			jwksRequests.incrementAndGet();
			byte[] body = new JWKSet(List.copyOf(published)).toString().getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		server.start(); // daemon-less but harmless: it ends with the test JVM
		jwksUrl = "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks";
	}

	public static synchronized TestEhr get() {
		if (instance == null) {
			instance = create(ISSUER, "test-ehr");
		}
		return instance;
	}

	/** The second trusted EHR: tests may publish new keys in its JWKS. */
	public static synchronized TestEhr rotating() {
		if (rotating == null) {
			rotating = create(ROTATING_ISSUER, "rotating-ehr");
		}
		return rotating;
	}

	private static TestEhr create(String issuer, String kidPrefix) {
		try {
			return new TestEhr(issuer, kidPrefix);
		} catch (Exception e) {
			throw new IllegalStateException(e);
		}
	}

	public String issuer() {
		return issuer;
	}

	public String jwksUrl() {
		return jwksUrl;
	}

	/** How often the JWKS has been fetched (a service that verifies tokens fetches it, then caches it). */
	public int jwksRequests() {
		return jwksRequests.get();
	}

	/** Adds a public key to the JWKS, as an EHR does when it rotates keys. */
	public void publish(JWK publicKey) {
		published.add(publicKey.toPublicJWK());
	}

	/** The ES384 key pair whose public half is in the JWKS. */
	public ECKey ecKey() {
		return key;
	}

	/** The RS384 key pair whose public half is in the JWKS. */
	public RSAKey rsaKey() {
		return rsaKey;
	}

	/** "Bearer ..." for a call to the given URL. */
	public String bearer(String audience) {
		return "Bearer " + sign(header(JWSAlgorithm.ES384).build(), claims(audience).build(), key);
	}

	/** The claims CDS Hooks 2.0 requires, for a call to the given URL: iss, aud, iat now, exp in 5 min, a new jti. */
	public JWTClaimsSet.Builder claims(String audience) {
		Instant now = Instant.now();
		return new JWTClaimsSet.Builder().issuer(issuer).audience(audience)
				.issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)))
				.jwtID(UUID.randomUUID().toString());
	}

	/** A header with typ JWT and the kid of this EHR's key for the algorithm (the RSA key for RS*). */
	public JWSHeader.Builder header(JWSAlgorithm algorithm) {
		String kid = JWSAlgorithm.Family.RSA.contains(algorithm) ? rsaKey.getKeyID() : key.getKeyID();
		return new JWSHeader.Builder(algorithm).type(JOSEObjectType.JWT).keyID(kid);
	}

	/** The compact serialisation of a JWT signed with the given private key (EC or RSA). */
	public static String sign(JWSHeader header, JWTClaimsSet claims, JWK privateKey) {
		try {
			JWSSigner signer = privateKey instanceof RSAKey rsa ? new RSASSASigner(rsa) : new ECDSASigner((ECKey) privateKey);
			SignedJWT jwt = new SignedJWT(header, claims);
			jwt.sign(signer);
			return jwt.serialize();
		} catch (Exception e) {
			throw new IllegalStateException(e);
		}
	}
}
