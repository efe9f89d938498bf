package org.immunorisk.cds;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The CDS client's JWT is checked as CDS Hooks 2.0 asks, with real signatures and the issuer's JWKS served over
 * real HTTP on localhost: the positive case, then every negative of the issue (wrong aud, expired, alg none,
 * HS256, unknown kid, replayed jti, untrusted issuer or jku) and a few more.
 */
class CdsJwtVerifierTest {

	private static final String AUDIENCE = "https://cds.immunorisk.example/cds-services/immunorisk-patient-view";
	private static final String ISSUER = "https://ehr.example.org";
	private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");

	private static HttpServer jwksHost;
	private static ECKey ecKey;
	private static RSAKey rsaKey;
	private static ECKey strangerKey;
	private static URI jwksUrl;
	private CdsJwtVerifier verifier;

	@BeforeAll
	static void ehrWithKeys() throws Exception {
		ecKey = new ECKeyGenerator(Curve.P_384).keyID("ec-1").generate();
		rsaKey = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
		strangerKey = new ECKeyGenerator(Curve.P_384).keyID("ec-1").generate(); // same kid, other key
		String jwks = new JWKSet(List.of(ecKey.toPublicJWK(), rsaKey.toPublicJWK())).toString();
		jwksHost = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		jwksHost.createContext("/jwks", exchange -> {
			byte[] body = jwks.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		jwksHost.start();
		jwksUrl = URI.create("http://127.0.0.1:" + jwksHost.getAddress().getPort() + "/jwks");
	}

	@AfterAll
	static void stop() {
		jwksHost.stop(0);
	}

	private CdsJwtVerifier verifier() {
		if (verifier == null) {
			verifier = new CdsJwtVerifier(List.of(new TrustedIssuer(ISSUER, jwksUrl)), new IssuerKeySets(),
					Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofSeconds(60));
		}
		return verifier;
	}

	private static JWTClaimsSet.Builder claims() {
		return new JWTClaimsSet.Builder().issuer(ISSUER).audience(AUDIENCE)
				.issueTime(Date.from(NOW.minusSeconds(5))).expirationTime(Date.from(NOW.plusSeconds(300)))
				.jwtID(UUID.randomUUID().toString());
	}

	private static String es384(JWTClaimsSet claims, ECKey key, URI jku) throws Exception {
		JWSHeader.Builder header = new JWSHeader.Builder(JWSAlgorithm.ES384).type(JOSEObjectType.JWT).keyID(key.getKeyID());
		if (jku != null) {
			header.jwkURL(jku);
		}
		SignedJWT jwt = new SignedJWT(header.build(), claims);
		jwt.sign(new ECDSASigner(key));
		return "Bearer " + jwt.serialize();
	}

	@Test
	void aTokenSignedByATrustedIssuerVerifies() throws Exception {
		assertThat(verifier().verify(es384(claims().build(), ecKey, jwksUrl), AUDIENCE).getIssuer()).isEqualTo(ISSUER);
		SignedJWT rs = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS384).type(JOSEObjectType.JWT).keyID("rsa-1").build(), claims().build());
		rs.sign(new RSASSASigner(rsaKey));
		assertThat(verifier().verify("Bearer " + rs.serialize(), AUDIENCE).getIssuer()).isEqualTo(ISSUER);
	}

	@Test
	void wrongAudienceIsRefused() {
		assertRefused(() -> es384(claims().audience("https://elsewhere.example/cds-services/x").build(), ecKey, null), "aud");
	}

	@Test
	void expiredTokenIsRefusedButSmallSkewIsTolerated() throws Exception {
		assertRefused(() -> es384(claims().expirationTime(Date.from(NOW.minusSeconds(61))).build(), ecKey, null), "expired");
		assertThat(verifier().verify(es384(claims().issueTime(Date.from(NOW.minusSeconds(200)))
				.expirationTime(Date.from(NOW.minusSeconds(30))).build(), ecKey, null),
				AUDIENCE)).isNotNull();
	}

	@Test
	void tokenIssuedInTheFutureIsRefused() {
		assertRefused(() -> es384(claims().issueTime(Date.from(NOW.plusSeconds(120))).build(), ecKey, null), "future");
	}

	@Test
	void algNoneIsRefused() {
		assertRefused(() -> "Bearer " + new PlainJWT(claims().build()).serialize(), "signed JWT");
	}

	@Test
	void hmacIsRefused() {
		assertRefused(() -> {
			SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).keyID("ec-1").build(), claims().build());
			jwt.sign(new MACSigner("a-shared-secret-of-at-least-256-bits-0123456789".getBytes(StandardCharsets.UTF_8)));
			return "Bearer " + jwt.serialize();
		}, "algorithm");
	}

	@Test
	void unknownKidIsRefused() throws Exception {
		ECKey other = new ECKeyGenerator(Curve.P_384).keyID("not-published").generate();
		assertRefused(() -> es384(claims().build(), other, null), "kid");
	}

	@Test
	void aSignatureByAnotherKeyIsRefused() {
		assertRefused(() -> es384(claims().build(), strangerKey, null), "signature");
	}

	@Test
	void replayedJtiIsRefused() throws Exception {
		String token = es384(claims().build(), ecKey, null);
		verifier().verify(token, AUDIENCE);
		assertThatThrownBy(() -> verifier().verify(token, AUDIENCE))
				.isInstanceOf(CdsUnauthorizedException.class).hasMessageContaining("replayed");
	}

	@Test
	void untrustedIssuerIsRefused() {
		assertRefused(() -> es384(claims().issuer("https://rogue.example").build(), ecKey, null), "not trusted");
	}

	@Test
	void aTokenWithoutIssIsARefusalNotAnError() {
		assertRefused(() -> es384(claims().issuer(null).build(), ecKey, null), "no iss");
	}

	/** The sandbox client's issuer: keys held in memory, so no JWKS round trip, and no jku honoured. */
	@Test
	void anIssuerWithLocalKeysVerifiesWithoutHttpAndRefusesAnyJku() throws Exception {
		ECKey local = new ECKeyGenerator(Curve.P_384).keyID("local-1").generate();
		TrustedIssuer issuer = TrustedIssuer.local(ISSUER, new com.nimbusds.jose.jwk.source.ImmutableJWKSet<>(
				new JWKSet(local.toPublicJWK())), List.of());
		CdsJwtVerifier inMemory = new CdsJwtVerifier(List.of(issuer), new IssuerKeySets(),
				Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofSeconds(60));
		assertThat(inMemory.verify(es384(claims().build(), local, null), AUDIENCE).getIssuer()).isEqualTo(ISSUER);
		assertThatThrownBy(() -> inMemory.verify(es384(claims().build(), local, jwksUrl), AUDIENCE))
				.isInstanceOf(CdsUnauthorizedException.class).hasMessageContaining("jku");
		assertThatThrownBy(() -> inMemory.verify(es384(claims().build(), ecKey, null), AUDIENCE))
				.isInstanceOf(CdsUnauthorizedException.class).hasMessageContaining("kid");
	}

	@Test
	void jkuThatIsNotTheAllowListedJwksIsRefused() {
		assertRefused(() -> es384(claims().build(), ecKey, URI.create("https://rogue.example/jwks")), "jku");
	}

	@Test
	void missingJtiOrBearerIsRefused() throws Exception {
		assertRefused(() -> es384(new JWTClaimsSet.Builder().issuer(ISSUER).audience(AUDIENCE)
				.issueTime(Date.from(NOW)).expirationTime(Date.from(NOW.plusSeconds(60))).build(), ecKey, null), "jti");
		assertThatThrownBy(() -> verifier().verify(null, AUDIENCE)).isInstanceOf(CdsUnauthorizedException.class);
		assertThatThrownBy(() -> verifier().verify("Basic dXNlcjpwYXNz", AUDIENCE)).isInstanceOf(CdsUnauthorizedException.class);
		assertThatThrownBy(() -> verifier().verify("Bearer not.a.jwt", AUDIENCE)).isInstanceOf(CdsUnauthorizedException.class);
	}

	@Test
	void anUnreachableJwksIsARefusalNotAnError() {
		CdsJwtVerifier offline = new CdsJwtVerifier(
				List.of(new TrustedIssuer(ISSUER, URI.create("http://127.0.0.1:1/jwks"))), new IssuerKeySets(),
				Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofSeconds(60));
		assertThatThrownBy(() -> offline.verify(es384(claims().build(), ecKey, null), AUDIENCE))
				.isInstanceOf(CdsUnauthorizedException.class).hasMessageContaining("unavailable");
	}

	private interface TokenMaker {
		String make() throws Exception;
	}

	private void assertRefused(TokenMaker token, String reason) {
		assertThatThrownBy(() -> verifier().verify(token.make(), AUDIENCE))
				.isInstanceOf(CdsUnauthorizedException.class).hasMessageContaining(reason);
	}
}
