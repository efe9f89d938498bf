package org.immunorisk.cds.conformance;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import org.immunorisk.testsupport.Http;
import org.immunorisk.testsupport.TestEhr;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checklist §8, security: every JWT negative is a real token with a real signature (or the real attack on it),
 * sent to the live service, and must get the same bare 401. Positives prove the negatives fail for their own
 * reason: the same token with the one defect removed is accepted.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecurityConformanceTest extends CdsConformanceTest {

	private static final String AUD = CDS_BASE + PATIENT_VIEW;
	private final TestEhr ehr = TestEhr.get();

	private Http.Response callWith(String authorization) {
		return post(PATIENT_VIEW, patientView("ra-low"), authorization);
	}

	private Http.Response callWithToken(String jwt) {
		return callWith("Bearer " + jwt);
	}

	private String es384(JWSHeader header, JWTClaimsSet claims) {
		return TestEhr.sign(header, claims, ehr.ecKey());
	}

	private String es384(JWTClaimsSet claims) {
		return es384(ehr.header(JWSAlgorithm.ES384).build(), claims);
	}

	private JWTClaimsSet.Builder claims() {
		return ehr.claims(AUD);
	}

	private static Date in(long seconds) {
		return Date.from(Instant.now().plusSeconds(seconds));
	}

	@Test
	@DisplayName("SEC-2: no Authorization, Basic, or an empty Bearer is a bare 401 with WWW-Authenticate: Bearer")
	void sec2() {
		assertBare401(callWith(null));
		assertBare401(callWith("Basic dXNlcjpwYXNz"));
		assertBare401(callWith("Bearer "));
		assertBare401(callWith("Bearer"));
		assertBare401(callWith(es384(claims().build()))); // the JWT without the Bearer scheme
		assertThat(callWith("Bearer " + es384(claims().build())).status()).isEqualTo(200);
	}

	@Test
	@DisplayName("SEC-3: alg none, HS256 keyed with the public key, RS256 and PS384 are 401; ES384 and RS384 are 200")
	void sec3() throws Exception {
		assertThat(callWithToken(es384(claims().build())).status()).isEqualTo(200);
		assertThat(callWithToken(TestEhr.sign(ehr.header(JWSAlgorithm.RS384).build(), claims().build(), ehr.rsaKey())).status())
				.isEqualTo(200);

		assertBare401(callWithToken(new PlainJWT(claims().build()).serialize()));
		String unsigned = es384(claims().build());
		String noneHeader = Base64URL.encode("{\"alg\":\"none\",\"typ\":\"JWT\",\"kid\":\"" + ehr.ecKey().getKeyID() + "\"}").toString();
		assertBare401(callWithToken(noneHeader + unsigned.substring(unsigned.indexOf('.')).replaceAll("\\.[^.]*$", ".")));

		for (byte[] secret : List.of(ehr.rsaKey().toPublicKey().getEncoded(), ehr.ecKey().toPublicKey().getEncoded(),
				ehr.ecKey().toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8))) {
			SignedJWT confused = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT)
					.keyID(ehr.ecKey().getKeyID()).build(), claims().build());
			confused.sign(new MACSigner(secret));
			assertBare401(callWithToken(confused.serialize()));
		}
		assertBare401(callWithToken(TestEhr.sign(ehr.header(JWSAlgorithm.RS256).build(), claims().build(), ehr.rsaKey())));
		assertBare401(callWithToken(TestEhr.sign(ehr.header(JWSAlgorithm.PS384).build(), claims().build(), ehr.rsaKey())));
	}

	@Test
	@DisplayName("SEC-4: a missing or unknown kid, or a key of another type than alg, is 401")
	void sec4() throws Exception {
		assertBare401(callWithToken(es384(new JWSHeader.Builder(JWSAlgorithm.ES384).type(JOSEObjectType.JWT).build(),
				claims().build())));
		ECKey unpublished = new ECKeyGenerator(Curve.P_384).keyID("never-published").generate();
		assertBare401(callWithToken(TestEhr.sign(new JWSHeader.Builder(JWSAlgorithm.ES384).type(JOSEObjectType.JWT)
				.keyID(unpublished.getKeyID()).build(), claims().build(), unpublished)));
		// ES384 signed with the EC key, but naming the RSA key's kid
		assertBare401(callWithToken(es384(new JWSHeader.Builder(JWSAlgorithm.ES384).type(JOSEObjectType.JWT)
				.keyID(ehr.rsaKey().getKeyID()).build(), claims().build())));
	}

	@Test
	@DisplayName("SEC-4 / SEC-6 (Q18): a key rotated in at the issuer's JWKS is picked up by one refetch; made-up kids cannot force more")
	void sec4Rotation() throws Exception {
		TestEhr rotating = TestEhr.rotating();
		String aud = CDS_BASE + PATIENT_VIEW;
		assertThat(callWith(rotating.bearer(aud)).status()).isEqualTo(200);
		int fetched = rotating.jwksRequests();
		assertThat(fetched).isPositive();

		ECKey rotatedIn = new ECKeyGenerator(Curve.P_384).keyID("rotated-in-" + System.nanoTime()).generate();
		rotating.publish(rotatedIn);
		String withNewKey = TestEhr.sign(new JWSHeader.Builder(JWSAlgorithm.ES384).type(JOSEObjectType.JWT)
				.keyID(rotatedIn.getKeyID()).build(), rotating.claims(aud).build(), rotatedIn);
		assertThat(callWithToken(withNewKey).status()).isEqualTo(200);
		assertThat(rotating.jwksRequests()).as("one refetch for the new kid").isEqualTo(fetched + 1);

		for (int i = 0; i < 5; i++) {
			ECKey madeUp = new ECKeyGenerator(Curve.P_384).keyID("made-up-" + i).generate();
			assertBare401(callWithToken(TestEhr.sign(new JWSHeader.Builder(JWSAlgorithm.ES384).type(JOSEObjectType.JWT)
					.keyID(madeUp.getKeyID()).build(), rotating.claims(aud).build(), madeUp)));
		}
		assertThat(rotating.jwksRequests()).as("refetches are rate-limited").isLessThanOrEqualTo(fetched + 2);
	}

	@Test
	@DisplayName("SEC-5 (Q15): typ is required and exactly JWT")
	void sec5() {
		assertBare401(callWithToken(es384(new JWSHeader.Builder(JWSAlgorithm.ES384).keyID(ehr.ecKey().getKeyID()).build(),
				claims().build())));
		for (String typ : new String[] {"at+jwt", "jwt", "JOSE"}) {
			assertBare401(callWithToken(es384(ehr.header(JWSAlgorithm.ES384).type(new JOSEObjectType(typ)).build(),
					claims().build())));
		}
	}

	@Test
	@DisplayName("SEC-6: a jku on a foreign host is 401 and never fetched; the allow-listed jku or none is 200")
	void sec6() throws Exception {
		AtomicInteger foreignFetches = new AtomicInteger();
		HttpServer foreign = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		foreign.createContext("/", exchange -> {
			foreignFetches.incrementAndGet();
			byte[] jwks = ("{\"keys\":[" + ehr.ecKey().toPublicJWK().toJSONString() + "]}").getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(200, jwks.length);
			exchange.getResponseBody().write(jwks);
			exchange.close();
		});
		foreign.start();
		try {
			URI foreignJku = URI.create("http://127.0.0.1:" + foreign.getAddress().getPort() + "/jwks");
			assertBare401(callWithToken(es384(ehr.header(JWSAlgorithm.ES384).jwkURL(foreignJku).build(), claims().build())));
			assertBare401(callWithToken(es384(ehr.header(JWSAlgorithm.ES384).jwkURL(URI.create("https://ehr.test.immunorisk.example/jwks"))
					.build(), claims().build())));
			assertThat(foreignFetches.get()).isZero();
		} finally {
			foreign.stop(0);
		}
		assertThat(callWithToken(es384(ehr.header(JWSAlgorithm.ES384).jwkURL(URI.create(ehr.jwksUrl())).build(), claims().build()))
				.status()).isEqualTo(200);
		assertThat(callWithToken(es384(claims().build())).status()).isEqualTo(200);
	}

	@Test
	@DisplayName("SEC-7: a payload changed after signing, or a signature by another key with the same kid, is 401")
	void sec7() throws Exception {
		String token = es384(claims().build());
		String[] parts = token.split("\\.");
		JWTClaimsSet changed = new JWTClaimsSet.Builder(JWTClaimsSet.parse(
				new String(Base64URL.from(parts[1]).decode(), StandardCharsets.UTF_8))).subject("Practitioner/admin").build();
		assertBare401(callWithToken(parts[0] + "." + Base64URL.encode(changed.toString()) + "." + parts[2]));
		ECKey impostor = new ECKeyGenerator(Curve.P_384).keyID(ehr.ecKey().getKeyID()).generate();
		assertBare401(callWithToken(TestEhr.sign(ehr.header(JWSAlgorithm.ES384).build(), claims().build(), impostor)));
		assertThat(callWithToken(token).status()).as("the untouched token").isEqualTo(200);
	}

	@Test
	@DisplayName("SEC-8: iss missing or not a trusted issuer is 401")
	void sec8() {
		assertBare401(callWithToken(es384(claims().issuer("https://rogue.example").build())));
		assertBare401(callWithToken(es384(claims().issuer(null).build())));
	}

	@Test
	@DisplayName("SEC-9 (Q16): aud is exactly {B}/cds-services/{id}, as a string or in an array; nothing else")
	void sec9() {
		assertThat(callWithToken(es384(claims().audience(List.of(AUD)).build())).status()).isEqualTo(200);
		assertThat(callWithToken(es384(claims().audience(List.of("https://other.example/cds", AUD)).build())).status()).isEqualTo(200);
		for (String wrong : new String[] {CDS_BASE + ICI_SELECT, http.base() + PATIENT_VIEW, AUD + "/",
				"https://CDS.immunorisk.test" + PATIENT_VIEW, CDS_BASE + DISCOVERY, "https://elsewhere.example" + PATIENT_VIEW}) {
			assertBare401(callWithToken(es384(claims().audience(wrong).build())));
		}
		assertBare401(callWithToken(es384(claims().audience((String) null).build())));
	}

	@Test
	@DisplayName("SEC-10: exp is required and not past (60 s skew tolerated)")
	void sec10() {
		assertBare401(callWithToken(es384(claims().issueTime(in(-300)).expirationTime(in(-120)).build())));
		assertBare401(callWithToken(es384(claims().expirationTime(null).build())));
		assertThat(callWithToken(es384(claims().issueTime(in(-200)).expirationTime(in(-30)).build())).status()).isEqualTo(200);
	}

	@Test
	@DisplayName("SEC-11 (Q18): iat is required, not in the future (60 s skew), and exp - iat at most 5 min (+ skew)")
	void sec11() {
		assertBare401(callWithToken(es384(claims().issueTime(null).build())));
		assertBare401(callWithToken(es384(claims().issueTime(in(120)).expirationTime(in(300)).build())));
		assertBare401(callWithToken(es384(claims().issueTime(in(-10)).expirationTime(in(3600)).build())));
		assertBare401(callWithToken(es384(claims().issueTime(in(0)).expirationTime(in(-10)).build())));
		assertThat(callWithToken(es384(claims().issueTime(in(30)).expirationTime(in(300)).build())).status()).isEqualTo(200);
		assertThat(callWithToken(es384(claims().issueTime(in(0)).expirationTime(in(330)).build())).status()).isEqualTo(200);
	}

	@Test
	@DisplayName("SEC-12: jti is required and a token is accepted once (replay is 401)")
	void sec12() {
		String token = es384(claims().build());
		assertThat(callWithToken(token).status()).isEqualTo(200);
		assertBare401(callWithToken(token));
		assertBare401(callWithToken(es384(claims().jwtID(null).build())));
	}

	@Test
	@DisplayName("SEC-13: with no tenant allow-list configured, a tenant claim neither helps nor hurts")
	void sec13() {
		assertThat(callWithToken(es384(claims().claim("tenant", "clinic-7").build())).status()).isEqualTo(200);
		assertThat(callWithToken(es384(claims().build())).status()).isEqualTo(200);
	}

	@Test
	@DisplayName("SEC-14: no sub claim is required (2.0 has none)")
	void sec14() throws Exception {
		String token = es384(claims().build());
		assertThat(SignedJWT.parse(token).getJWTClaimsSet().getSubject()).isNull();
		assertThat(callWithToken(token).status()).isEqualTo(200);
	}

	@Test
	@DisplayName("SEC-15: every 401 is identical (no reason given) and no JWT reaches the log")
	void sec15(CapturedOutput output) {
		List<String> tokens = new ArrayList<>();
		tokens.add(es384(claims().issuer("https://rogue.example").build()));
		tokens.add(es384(claims().audience(CDS_BASE + ICI_SIGN).build()));
		tokens.add(es384(claims().issueTime(in(-300)).expirationTime(in(-120)).build()));
		tokens.add(new PlainJWT(claims().build()).serialize());
		String accepted = es384(claims().build());
		List<String> answers = new ArrayList<>();
		for (String token : tokens) {
			Http.Response response = callWithToken(token);
			answers.add(response.status() + "|" + response.body() + "|" + response.header("WWW-Authenticate") + "|"
					+ response.contentType());
		}
		assertThat(answers).hasSize(4).allMatch(answers.get(0)::equals);
		assertThat(answers.get(0)).startsWith("401||Bearer|");
		assertThat(callWithToken(accepted).status()).isEqualTo(200);
		tokens.add(accepted);
		for (String token : tokens) {
			assertThat(output.getAll()).doesNotContain(token.substring(token.indexOf('.') + 1, token.lastIndexOf('.')));
		}
		assertThat(output.getAll()).contains("refused"); // the capture did see the refusals being logged
	}

	@Test
	@DisplayName("SEC-16: CORS for allow-listed origins only (that origin, never *); preflight needs no JWT")
	void sec16() {
		for (String path : new String[] {PATIENT_VIEW, DISCOVERY, PATIENT_VIEW + "/feedback"}) {
			Http.Response preflight = http.send("OPTIONS", path, null, "Origin", CDS_ALLOWED_ORIGIN,
					"Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "authorization,content-type");
			assertThat(preflight.status()).as(path).isEqualTo(204);
			assertThat(preflight.header("Access-Control-Allow-Origin")).isEqualTo(CDS_ALLOWED_ORIGIN);
			assertThat(preflight.header("Access-Control-Allow-Headers")).contains("authorization", "content-type");
			assertThat(preflight.header("Access-Control-Allow-Methods")).contains("POST");

			Http.Response stranger = http.send("OPTIONS", path, null, "Origin", "https://evil.example",
					"Access-Control-Request-Method", "POST");
			assertThat(stranger.header("Access-Control-Allow-Origin")).as(path).isNull();
			assertThat(stranger.status()).isEqualTo(403);
		}
		Http.Response allowed = http.send("POST", PATIENT_VIEW, patientView("ra-low").toString(), "Content-Type", "application/json",
				"Authorization", cdsBearer(PATIENT_VIEW), "Origin", CDS_ALLOWED_ORIGIN);
		assertThat(allowed.status()).isEqualTo(200);
		assertThat(allowed.header("Access-Control-Allow-Origin")).isEqualTo(CDS_ALLOWED_ORIGIN);
		Http.Response other = http.send("POST", PATIENT_VIEW, patientView("ra-low").toString(), "Content-Type", "application/json",
				"Authorization", cdsBearer(PATIENT_VIEW), "Origin", "https://evil.example");
		assertThat(other.header("Access-Control-Allow-Origin")).isNull();
	}

	@Test
	@DisplayName("SEC-17: no patient data is carried from one hookInstance to the next")
	void sec17() {
		ObjectNode full = patientView("igg4rd-high");
		List<String> first = summaries(post(PATIENT_VIEW, full));
		ObjectNode later = patientView("igg4rd-high");
		((ObjectNode) later.get("prefetch")).putNull("observations");
		List<String> second = summaries(post(PATIENT_VIEW, later));
		ObjectNode again = patientView("igg4rd-high");
		((ObjectNode) again.get("prefetch")).putNull("observations");
		assertThat(second).isNotEqualTo(first).isEqualTo(summaries(post(PATIENT_VIEW, again)));
	}

	private static List<String> summaries(Http.Response response) {
		List<String> summaries = new ArrayList<>();
		cards(response).forEach(card -> summaries.add(card.get("summary").asText()));
		return summaries.stream().sorted().toList();
	}
}
