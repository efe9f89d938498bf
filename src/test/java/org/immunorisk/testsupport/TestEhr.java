package org.immunorisk.testsupport;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/**
 * An EHR acting as CDS client in tests: its own EC P-384 key pair, its JWKS served over HTTP on localhost, and
 * CDS Hooks JWTs signed with it. One per test JVM (the shared Spring context trusts it as an issuer).
 */
public final class TestEhr {

	public static final String ISSUER = "https://ehr.test.immunorisk.example";
	private static TestEhr instance;

	private final ECKey key;
	private final String jwksUrl;

	private TestEhr() throws Exception {
		key = new ECKeyGenerator(Curve.P_384).keyID("test-ehr-1").generate();
		String jwks = new JWKSet(key.toPublicJWK()).toString();
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.createContext("/jwks", exchange -> {
			byte[] body = jwks.getBytes(StandardCharsets.UTF_8);
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
			try {
				instance = new TestEhr();
			} catch (Exception e) {
				throw new IllegalStateException(e);
			}
		}
		return instance;
	}

	public String jwksUrl() {
		return jwksUrl;
	}

	/** "Bearer ..." for a call to the given URL. */
	public String bearer(String audience) {
		try {
			Instant now = Instant.now();
			JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(ISSUER).audience(audience)
					.issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)))
					.jwtID(UUID.randomUUID().toString()).build();
			SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES384).type(JOSEObjectType.JWT)
					.keyID(key.getKeyID()).build(), claims);
			jwt.sign(new ECDSASigner(key));
			return "Bearer " + jwt.serialize();
		} catch (Exception e) {
			throw new IllegalStateException(e);
		}
	}
}
