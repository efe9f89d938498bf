package org.immunorisk.cds.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.immunorisk.testsupport.FhirServerTest;
import org.immunorisk.testsupport.Http;
import org.immunorisk.testsupport.ScenarioPatients;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sandbox's CDS client over real HTTP (the shared server runs with immunorisk.cds.sandbox.enabled): a real
 * ES384 JWT for this server's own CDS services only, accepted by the CDS service like any trusted client's and
 * only once; JSON 4xx for every bad request; the page's settings and orders; tokens never in the log.
 */
@ExtendWith(OutputCaptureExtension.class)
class CdsSandboxTokenTest extends FhirServerTest {

	private static final ObjectMapper JSON = new ObjectMapper();
	private static final String PATIENT_VIEW = "/cds-services/immunorisk-patient-view";

	private Http.Response token(String contentType, String body) {
		return http.send("POST", "/cds-sandbox/token", body, "Content-Type", contentType, "Accept", "application/json");
	}

	private String jwtFor(String path) throws Exception {
		Http.Response response = token("application/json", "{\"aud\": \"" + CDS_BASE + path + "\"}");
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return JSON.readTree(response.body()).get("jwt").asText();
	}

	private Http.Response callPatientView(String jwt) {
		return http.send("POST", PATIENT_VIEW, ScenarioPatients.patientView("igg4rd-high", null),
				"Content-Type", "application/json", "Authorization", "Bearer " + jwt);
	}

	@Test
	void aTokenForAServiceOfThisServerIsASignedCdsHooksJwtTheServiceAcceptsOnce(CapturedOutput output) throws Exception {
		String jwt = jwtFor(PATIENT_VIEW);
		SignedJWT parsed = SignedJWT.parse(jwt);
		assertThat(parsed.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES384);
		assertThat(parsed.getHeader().getType()).isEqualTo(JOSEObjectType.JWT);
		assertThat(parsed.getHeader().getKeyID()).isNotBlank();
		JWTClaimsSet claims = parsed.getJWTClaimsSet();
		assertThat(claims.getIssuer()).isEqualTo(CDS_BASE + "/cds-sandbox");
		assertThat(claims.getAudience()).containsExactly(CDS_BASE + PATIENT_VIEW);
		assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
				.isEqualTo(Duration.ofMinutes(5));
		assertThat(claims.getJWTID()).isNotBlank().isNotEqualTo(SignedJWT.parse(jwtFor(PATIENT_VIEW)).getJWTClaimsSet().getJWTID());

		Http.Response cards = callPatientView(jwt);
		assertThat(cards.status()).as(cards.body()).isEqualTo(200);
		assertThat(cards.body()).contains("acr-eular-2019-igg4rd");
		assertThat(callPatientView(jwt).status()).as("replayed").isEqualTo(401);
		String otherService = "/cds-services/immunorisk-ici-order-select";
		assertThat(http.send("POST", otherService, "{}", "Content-Type", "application/json",
				"Authorization", "Bearer " + jwtFor(PATIENT_VIEW)).status()).as("token for another aud").isEqualTo(401);

		assertThat(output.getAll()).doesNotContain(jwt, parsed.getSignature().toString());
	}

	@Test
	void badTokenRequestsAreJson4xxNeverAServerError() throws Exception {
		String services = CDS_BASE + "/cds-services/";
		List<String> refusedAudiences = List.of(
				"https://ehr.example.org/cds-services/immunorisk-patient-view",
				CDS_BASE + "/fhir/Patient",
				http.base() + "/cds-services/immunorisk-patient-view", // not the URL the service checks aud against
				services,
				services + "../fhir/Patient",
				services + "immunorisk-patient-view?x=1",
				services + "immunorisk-patient-view/other",
				CDS_BASE.replace("immunorisk.test", "immunorisk.test.evil.example") + "/cds-services/x");
		for (String aud : refusedAudiences) {
			assertJsonError(token("application/json", JSON.createObjectNode().put("aud", aud).toString()), 400, "aud-not-allowed");
		}
		assertJsonError(token("application/json", "{\"aud\": "), 400, "malformed-json");
		for (String body : List.of("", "[]", "{}", "{\"aud\": 5}", "{\"aud\": \"\"}", "\"aud\"", "null")) {
			assertJsonError(token("application/json", body), 400, "bad-request");
		}
		assertJsonError(token("text/plain", "{\"aud\": \"" + services + "immunorisk-patient-view\"}"), 415, "unsupported-media-type");
		assertJsonError(token("not a media type", "{}"), 415, "unsupported-media-type");
		assertJsonError(token("application/json", "{\"aud\": \"" + "x".repeat(10_000) + "\"}"), 413, "too-large");
		// Feedback of a service is a CDS call too.
		assertThat(token("application/json", "{\"aud\": \"" + services + "immunorisk-patient-view/feedback\"}").status()).isEqualTo(200);
	}

	@Test
	void settingsAndTheOrdersOfTheOrderServices() throws Exception {
		JsonNode settings = JSON.readTree(http.send("GET", "/cds-sandbox/settings", null).body());
		assertThat(settings.get("iss").asText()).isEqualTo(CDS_BASE + "/cds-sandbox");
		assertThat(settings.get("cdsServices").asText()).isEqualTo(CDS_BASE + "/cds-services/");
		assertThat(settings.get("fhirServer").asText()).isEqualTo(http.base() + "/fhir");
		assertThat(settings.get("userId").asText()).isEqualTo("Practitioner/sandbox");
		assertThat(settings.get("insecureDevMode").asBoolean()).isFalse();

		List<String> orders = new ArrayList<>();
		for (JsonNode order : JSON.readTree(http.send("GET", "/cds-sandbox/orders", null).body()).get("orders")) {
			orders.add(String.join(" ", order.get("serviceId").asText(), order.get("hook").asText(),
					order.get("resourceType").asText(), order.get("system").asText() + "|" + order.get("code").asText(),
					order.get("display").asText()));
		}
		// From cds-hooks/services/*.json (triggers).
		assertThat(orders).contains(
				"immunorisk-ici-order-select order-select MedicationRequest http://www.nlm.nih.gov/research/umls/rxnorm|1597876 nivolumab",
				"immunorisk-ici-order-sign order-sign MedicationRequest http://www.whocc.no/atc|L01FF02 pembrolizumab",
				"immunorisk-igg4rd-glucocorticoid-order-select order-select MedicationRequest http://www.whocc.no/atc|H02AB06 prednisolone");
		assertThat(orders).noneMatch(o -> o.startsWith("immunorisk-patient-view"));
	}

	@Test
	void thePageIsServedWithAContentSecurityPolicyAndNothingElseIs() {
		var headers = http.headersOf("GET", "/cds-sandbox/", "Accept", "text/html");
		assertThat(headers.firstValue("Content-Type").orElse("")).startsWith("text/html");
		assertThat(headers.firstValue("Content-Security-Policy").orElse("")).contains("script-src 'self'", "connect-src 'self'");
		assertThat(http.getHtml("/cds-sandbox/").body()).contains("ImmunoRisk CDS Hooks sandbox", "sandbox.js");
		assertThat(http.send("GET", "/cds-sandbox/sandbox.js", null).contentType()).startsWith("text/javascript");
		assertThat(http.send("GET", "/cds-sandbox/sandbox.css", null).contentType()).startsWith("text/css");
		assertThat(http.headersOf("GET", "/cds-sandbox").firstValue("Location")).hasValue("/cds-sandbox/");
		for (String path : List.of("/cds-sandbox/token", "/cds-sandbox/README.md", "/cds-sandbox/..%2Fimmunorisk-server.yaml")) {
			assertThat(http.send("GET", path, null).status()).as(path).isIn(400, 404);
		}
	}

	private static void assertJsonError(Http.Response response, int status, String code) throws Exception {
		assertThat(response.status()).as(response.body()).isEqualTo(status);
		assertThat(response.contentType()).startsWith("application/json");
		assertThat(response.body()).doesNotContain("Exception", "\tat ");
		assertThat(JSON.readTree(response.body()).get("error").asText()).isEqualTo(code);
	}
}
