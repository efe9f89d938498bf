package org.immunorisk.cds.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.immunorisk.cds.PrefetchTemplate;
import org.immunorisk.testsupport.Http;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checklist §3, prefetch semantics: what the service does with each prefetch key (present, null, absent, an
 * OperationOutcome, paginated, of the wrong shape, not asked for), and when and how it fetches from the client's
 * FHIR server: the mock records every request, so "fetched nothing" is asserted, not assumed.
 */
@ExtendWith(OutputCaptureExtension.class)
class PrefetchConformanceTest extends CdsConformanceTest {

	private static final String OBSERVATIONS = "Observation?subject=%s&_count=1000";
	private static final String CONDITIONS = "Condition?subject=%s&_count=1000";

	private static MockFhirServer ehrFhir;

	@BeforeAll
	static void startEhrFhirServer() {
		ehrFhir = new MockFhirServer();
	}

	@AfterAll
	static void stopEhrFhirServer() {
		ehrFhir.close();
	}

	/** V_pv for the scenario with fhirServer = the mock and a fresh access token. */
	private static ObjectNode withFhirServer(ObjectNode request, String fhirServer, String accessToken) {
		request.put("fhirServer", fhirServer);
		request.putObject("fhirAuthorization").put("access_token", accessToken).put("token_type", "Bearer")
				.put("expires_in", 300).put("scope", "patient/*.read").put("subject", "cds-client");
		return request;
	}

	private static ObjectNode prefetch(ObjectNode request) {
		return (ObjectNode) request.get("prefetch");
	}

	/** The mock serves the scenario's prefetch under the service's templates, as the EHR's FHIR server would. */
	private static void serve(String scenario) {
		ObjectNode prefetch = prefetch(patientView(scenario));
		String id = patientId(scenario);
		ehrFhir.answer("Patient/" + id, 200, prefetch.get("patient").toString());
		ehrFhir.answer(OBSERVATIONS.formatted(id), 200, prefetch.get("observations").toString());
		ehrFhir.answer(CONDITIONS.formatted(id), 200, prefetch.get("conditions").toString());
	}

	/** What the cards say (uuids differ per call): the sorted summaries. */
	private static List<String> summaries(Http.Response response) {
		List<String> summaries = new ArrayList<>();
		cards(response).forEach(card -> summaries.add(card.get("summary").asText()));
		return summaries.stream().sorted().toList();
	}

	private List<String> fullPrefetchSummaries(String scenario) {
		return summaries(post(PATIENT_VIEW, patientView(scenario)));
	}

	@Test
	@DisplayName("PF-1: an absent key is fetched from fhirServer with the access token, and the data is used")
	void pf1() {
		String scenario = "igg4rd-high";
		serve(scenario);
		String id = patientId(scenario);
		String token = "pf1-" + UUID.randomUUID();
		ObjectNode request = withFhirServer(patientView(scenario), ehrFhir.base(), token);
		prefetch(request).remove(List.of("patient", "observations"));
		Http.Response response = post(PATIENT_VIEW, request);
		assertThat(summaries(response)).isEqualTo(fullPrefetchSummaries(scenario)).isNotEmpty();
		List<MockFhirServer.Received> patient = ehrFhir.received("Patient/" + id);
		assertThat(patient).hasSize(1);
		assertThat(patient.get(0).method()).isEqualTo("GET");
		assertThat(patient.get(0).authorization()).isEqualTo("Bearer " + token);
		assertThat(ehrFhir.received(OBSERVATIONS.formatted(id))).singleElement()
				.extracting(MockFhirServer.Received::authorization).isEqualTo("Bearer " + token);
		assertThat(ehrFhir.received(CONDITIONS.formatted(id))).as("conditions were prefetched").isEmpty();
	}

	@Test
	@DisplayName("PF-2: the patient missing and not fetchable is 412: no fhirServer, a 500, refused, timed out")
	void pf2() throws Exception {
		ObjectNode request = patientView("ra-high");
		prefetch(request).remove("patient");
		assertJsonError(post(PATIENT_VIEW, request), 412, "prefetch-unavailable");

		String id = "pf2-" + UUID.randomUUID();
		ehrFhir.answer("Patient/" + id, 500, "{\"resourceType\":\"OperationOutcome\"}");
		ObjectNode failing = withFhirServer(patientView("ra-high"), ehrFhir.base(), "t");
		context(failing).put("patientId", id);
		failing.remove("prefetch");
		assertJsonError(post(PATIENT_VIEW, failing), 412, "prefetch-unavailable");
		assertThat(ehrFhir.received("Patient/" + id)).hasSize(1);

		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		ObjectNode refused = withFhirServer(patientView("ra-high"), "http://localhost:" + closedPort + "/fhir", "t");
		prefetch(refused).remove("patient");
		assertJsonError(post(PATIENT_VIEW, refused), 412, "prefetch-unavailable");

		try (ServerSocket silent = new ServerSocket(0)) { // accepts, never answers
			Thread accepter = new Thread(() -> {
				try (Socket ignored = silent.accept()) {
					Thread.sleep(15_000);
				} catch (IOException | InterruptedException e) {
					// the test is over
				}
			});
			accepter.setDaemon(true);
			accepter.start();
			ObjectNode hanging = withFhirServer(patientView("ra-high"), "http://localhost:" + silent.getLocalPort() + "/fhir", "t");
			prefetch(hanging).remove("patient");
			// A hanging server must not hang the call: the fetch timeout ends it with a 412 (without the timeout
			// this test would never return).
			assertJsonError(post(PATIENT_VIEW, hanging), 412, "prefetch-unavailable");
			accepter.interrupt();
		}
	}

	@Test
	@DisplayName("PF-3: a key whose value is null means no data: nothing is fetched, and the cards show the data as missing")
	void pf3() {
		String scenario = "ssc-high";
		serve(scenario);
		String id = patientId(scenario);
		ObjectNode request = withFhirServer(patientView(scenario), ehrFhir.base(), "t");
		prefetch(request).putNull("conditions");
		Http.Response response = post(PATIENT_VIEW, request);
		assertThat(response.status()).isEqualTo(200);
		assertThat(ehrFhir.received(CONDITIONS.formatted(id))).isEmpty();
		assertThat(summaries(response)).isNotEqualTo(fullPrefetchSummaries(scenario));

		ObjectNode noPatient = withFhirServer(patientView(scenario), ehrFhir.base(), "t");
		prefetch(noPatient).putNull("patient");
		assertJsonError(post(PATIENT_VIEW, noPatient), 412, "prefetch-unavailable");
		assertThat(ehrFhir.received("Patient/" + id)).isEmpty();
	}

	@Test
	@DisplayName("PF-4: an OperationOutcome under a key is refetched when possible; else required key 412, optional key 200")
	void pf4() {
		String scenario = "nsclc-high";
		serve(scenario);
		String id = patientId(scenario);
		ObjectNode outcome = JSON.createObjectNode().put("resourceType", "OperationOutcome");
		outcome.putArray("issue").addObject().put("severity", "error").put("code", "timeout");

		ObjectNode refetched = withFhirServer(patientView(scenario), ehrFhir.base(), "t");
		prefetch(refetched).set("patient", outcome);
		prefetch(refetched).set("observations", outcome);
		assertThat(summaries(post(PATIENT_VIEW, refetched))).isEqualTo(fullPrefetchSummaries(scenario));
		assertThat(ehrFhir.received("Patient/" + id)).hasSize(1);
		assertThat(ehrFhir.received(OBSERVATIONS.formatted(id))).hasSize(1);

		ObjectNode required = patientView(scenario);
		prefetch(required).set("patient", outcome);
		assertJsonError(post(PATIENT_VIEW, required), 412, "prefetch-unavailable");

		ObjectNode optional = patientView(scenario);
		prefetch(optional).set("observations", outcome);
		assertThat(post(PATIENT_VIEW, optional).status()).isEqualTo(200);
	}

	@Test
	@DisplayName("PF-5 (Q7): a paginated prefetch is followed with the token when the service may fetch there; else what is there is used")
	void pf5() {
		String scenario = "igg4rd-high";
		String id = patientId(scenario);
		JsonNode observations = prefetch(patientView(scenario)).get("observations");
		String page2 = "Observation?subject=" + id + "&page=2";
		ehrFhir.answer(page2, 200, observations.toString());

		ObjectNode followed = withFhirServer(patientView(scenario), ehrFhir.base(), "pf5-token");
		prefetch(followed).set("observations", firstPage(ehrFhir.base() + "/" + page2));
		assertThat(summaries(post(PATIENT_VIEW, followed))).isEqualTo(fullPrefetchSummaries(scenario));
		assertThat(ehrFhir.received(page2)).singleElement()
				.extracting(MockFhirServer.Received::authorization).isEqualTo("Bearer pf5-token");

		int before = ehrFhir.received(page2).size();
		ObjectNode noAuthorization = patientView(scenario);
		prefetch(noAuthorization).set("observations", firstPage(ehrFhir.base() + "/" + page2));
		Http.Response firstPageOnly = post(PATIENT_VIEW, noAuthorization);
		assertThat(firstPageOnly.status()).isEqualTo(200);
		assertThat(summaries(firstPageOnly)).isNotEqualTo(fullPrefetchSummaries(scenario));

		ObjectNode elsewhere = withFhirServer(patientView(scenario), ehrFhir.base(), "pf5-token");
		prefetch(elsewhere).set("observations", firstPage("http://127.0.0.1:" + ehrFhir.port() + "/fhir/" + page2));
		assertThat(post(PATIENT_VIEW, elsewhere).status()).isEqualTo(200);
		assertThat(ehrFhir.received(page2)).as("no page from a host the allow-list does not name").hasSize(before);
	}

	/** An empty first page of a searchset whose next page is at {@code next}. */
	private static ObjectNode firstPage(String next) {
		ObjectNode bundle = JSON.createObjectNode().put("resourceType", "Bundle").put("type", "searchset");
		bundle.putArray("link").addObject().put("relation", "next").put("url", next);
		return bundle;
	}

	@Test
	@DisplayName("PF-6: an empty Bundle is fine; a value that is not what its template returns is 400")
	void pf6() {
		ObjectNode empty = patientView("ra-high");
		prefetch(empty).putObject("conditions").put("resourceType", "Bundle").put("type", "searchset");
		assertThat(post(PATIENT_VIEW, empty).status()).isEqualTo(200);

		JsonNode anObservation = prefetch(patientView("ra-high")).get("observations").get("entry").get(0).get("resource");
		ObjectNode wrongType = patientView("ra-high");
		prefetch(wrongType).set("patient", anObservation);
		assertJsonError(post(PATIENT_VIEW, wrongType), 400, "bad-request");

		ObjectNode resourceForSearch = patientView("ra-high");
		prefetch(resourceForSearch).set("observations", anObservation);
		assertJsonError(post(PATIENT_VIEW, resourceForSearch), 400, "bad-request");

		ObjectNode otherPatient = patientView("ra-high");
		((ObjectNode) prefetch(otherPatient).get("patient")).put("id", "someone-else");
		assertJsonError(post(PATIENT_VIEW, otherPatient), 400, "bad-request");

		ObjectNode notJsonResource = patientView("ra-high");
		prefetch(notJsonResource).put("conditions", "Condition?subject=1");
		assertJsonError(post(PATIENT_VIEW, notJsonResource), 400, "bad-request");

		ObjectNode notFhir = patientView("ra-high");
		prefetch(notFhir).putObject("conditions").put("resourceType", "NoSuchResource");
		assertJsonError(post(PATIENT_VIEW, notFhir), 400, "bad-request");
	}

	@Test
	@DisplayName("PF-7 / REQ-14: tokens are context.<root primitive> or user*Id; user* from userId; unresolved user token skips the key (Q8)")
	void pf7() {
		for (JsonNode service : json(http.send("GET", DISCOVERY, null)).get("services")) {
			service.path("prefetch").forEach(t -> assertThat(TemplateRules.tokenViolations(service.get("hook").asText(),
					t.asText())).isEmpty());
		}
		assertThat(TemplateRules.tokenViolations("order-select", "MedicationRequest?_id={{context.selections}}")).isNotEmpty();
		assertThat(TemplateRules.tokenViolations("patient-view", "Patient/{context.patientId}")).isNotEmpty();

		ObjectNode practitioner = JSON.createObjectNode().put("userId", "Practitioner/abc").put("patientId", "p1");
		assertThat(PrefetchTemplate.substitute("Practitioner?_id={{userPractitionerId}}", practitioner))
				.contains("Practitioner?_id=abc");
		ObjectNode role = JSON.createObjectNode().put("userId", "PractitionerRole/r1").put("patientId", "p1");
		assertThat(PrefetchTemplate.substitute("PractitionerRole/{{userPractitionerRoleId}}", role)).contains("PractitionerRole/r1");
		assertThat(PrefetchTemplate.substitute("Practitioner?_id={{userPractitionerId}}", role)).isEmpty();
		assertThat(PrefetchTemplate.substitute("Encounter/{{context.encounterId}}", role)).isEmpty();
		assertThat(PrefetchTemplate.substitute("Condition?subject={{context.patientId}}", role)).contains("Condition?subject=p1");
	}

	@Test
	@DisplayName("PF-8: every template is a read or a search with reference, token, date, _count or _sort parameters only")
	void pf8() {
		for (JsonNode service : json(http.send("GET", DISCOVERY, null)).get("services")) {
			service.path("prefetch").forEach(t -> assertThat(TemplateRules.queryViolations(t.asText())).isEmpty());
		}
		// The rule can fail: these break it.
		assertThat(TemplateRules.queryViolations("Observation?code:text=igg4")).isNotEmpty();
		assertThat(TemplateRules.queryViolations("Observation?sort:desc=date")).isNotEmpty();
		assertThat(TemplateRules.queryViolations("Observation?value-quantity=gt5")).isNotEmpty();
		assertThat(TemplateRules.queryViolations("Observation?date=ne2020")).isNotEmpty();
		assertThat(TemplateRules.queryViolations("Observation?code:in=http://x/vs&date=ge2020-01-01&_sort=-date&_count=5"))
				.isEmpty();
	}

	@Test
	@DisplayName("PF-9: substituted values are URL-encoded (no query injection)")
	void pf9() {
		String crafted = "a b&_include=*";
		ObjectNode request = withFhirServer(patientView("ra-high"), ehrFhir.base(), "t");
		request.remove("prefetch");
		context(request).put("patientId", crafted);
		assertJsonError(post(PATIENT_VIEW, request), 412, "prefetch-unavailable");
		assertThat(ehrFhir.received("Patient/a%20b%26_include%3D*")).hasSize(1);
		assertThat(ehrFhir.received("Observation?subject=a%20b%26_include%3D*&_count=1000")).hasSize(1);
		assertThat(ehrFhir.received()).noneMatch(r -> r.pathAndQuery().contains("&_include=*"));
	}

	@Test
	@DisplayName("PF-10: fhirServer without fhirAuthorization: no outbound call, 412 when the patient is missing")
	void pf10() {
		String scenario = "igg4rd-low";
		serve(scenario);
		int before = ehrFhir.received().size();
		ObjectNode request = patientView(scenario);
		request.put("fhirServer", ehrFhir.base());
		prefetch(request).remove("patient");
		assertJsonError(post(PATIENT_VIEW, request), 412, "prefetch-unavailable");
		prefetch(request).remove("observations");
		assertJsonError(post(PATIENT_VIEW, request), 412, "prefetch-unavailable");
		assertThat(ehrFhir.received()).hasSize(before);
	}

	@Test
	@DisplayName("PF-11: the access token is transient: never logged (even at TRACE), never reused by a later call")
	void pf11(CapturedOutput output) {
		String scenario = "igg4rd-low";
		serve(scenario);
		String token = "pf11-secret-" + UUID.randomUUID();
		LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());
		logging.setLogLevel("org.immunorisk", LogLevel.TRACE);
		try {
			ObjectNode request = withFhirServer(patientView(scenario), ehrFhir.base(), token);
			prefetch(request).remove("patient");
			assertThat(post(PATIENT_VIEW, request).status()).isEqualTo(200);
			ObjectNode failing = withFhirServer(patientView(scenario), ehrFhir.base(), token);
			context(failing).put("patientId", "pf11-unknown");
			failing.remove("prefetch");
			assertJsonError(post(PATIENT_VIEW, failing), 412, "prefetch-unavailable");

			int before = ehrFhir.received().size();
			ObjectNode again = patientView(scenario).put("hookInstance", request.get("hookInstance").asText());
			again.put("fhirServer", ehrFhir.base());
			prefetch(again).remove("patient");
			assertJsonError(post(PATIENT_VIEW, again), 412, "prefetch-unavailable");
			assertThat(ehrFhir.received()).hasSize(before);
		} finally {
			logging.setLogLevel("org.immunorisk", null);
		}
		assertThat(output.getAll()).doesNotContain(token);
		assertThat(output.getAll()).contains("CDS prefetch"); // the capture did see the service's TRACE/DEBUG lines
	}

	@Test
	@DisplayName("PF-12 (Q6): only allow-listed fhirServers are fetched: no connection to other hosts, user-info tricks or redirects")
	void pf12() {
		String scenario = "ra-low";
		serve(scenario);
		String id = patientId(scenario);
		int before = ehrFhir.received().size();
		for (String fhirServer : new String[] {"https://169.254.169.254/", "http://127.0.0.1:" + ehrFhir.port() + "/fhir",
				"http://localhost:1@127.0.0.1:" + ehrFhir.port() + "/fhir", "https://localhost:" + ehrFhir.port() + "/fhir"}) {
			ObjectNode request = withFhirServer(patientView(scenario), fhirServer, "t");
			prefetch(request).remove("patient");
			Http.Response response = post(PATIENT_VIEW, request);
			assertJsonError(response, 412, "prefetch-unavailable");
		}
		assertThat(ehrFhir.received()).hasSize(before);

		String redirected = "pf12-redirect";
		ehrFhir.redirect("Patient/" + redirected, "http://127.0.0.1:" + ehrFhir.port() + "/fhir/Patient/" + id);
		ObjectNode request = withFhirServer(patientView(scenario), ehrFhir.base(), "t");
		request.remove("prefetch");
		context(request).put("patientId", redirected);
		assertJsonError(post(PATIENT_VIEW, request), 412, "prefetch-unavailable");
		assertThat(ehrFhir.received("Patient/" + id)).as("the redirect is not followed").isEmpty();
	}

	@Test
	@DisplayName("PF-13: prefetch keys the service did not ask for are ignored")
	void pf13() {
		String scenario = "igg4rd-high";
		ObjectNode withoutObservations = patientView(scenario);
		prefetch(withoutObservations).putNull("observations");
		List<String> expected = summaries(post(PATIENT_VIEW, withoutObservations));

		ObjectNode extra = patientView(scenario);
		JsonNode observations = prefetch(extra).get("observations");
		prefetch(extra).putNull("observations");
		prefetch(extra).set("labs", observations);
		assertThat(summaries(post(PATIENT_VIEW, extra))).isEqualTo(expected).isNotEqualTo(fullPrefetchSummaries(scenario));
	}
}
