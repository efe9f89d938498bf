package org.immunorisk.cds.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.immunorisk.testsupport.Http;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Checklist §7, error responses: the statuses ImmunoRisk chose, each as JSON, and never a 500 for bad input. */
class ErrorsConformanceTest extends CdsConformanceTest {

	/** immunorisk.limits.max-request-bytes in the shared test context. */
	private static final int LIMIT = 2_000_000;

	@Test
	@DisplayName("ERR-1: success is 200; the patient unavailable is 412")
	void err1() {
		assertThat(cards(post(PATIENT_VIEW, patientView("igg4rd-high")))).isNotEmpty();
		ObjectNode noPatient = patientView("igg4rd-high");
		((ObjectNode) noPatient.get("prefetch")).remove("patient");
		assertJsonError(post(PATIENT_VIEW, noPatient), 412, "prefetch-unavailable");
	}

	@Test
	@DisplayName("ERR-2: one case per chosen status (400, 401, 404, 405, 412, 413, 415), each JSON (401 bare), no partial cards")
	void err2() {
		assertJsonError(post(PATIENT_VIEW, "{}"), 400, "bad-request");
		assertBare401(post(PATIENT_VIEW, patientView("igg4rd-high"), null));
		assertJsonError(post("/cds-services/nope", patientView("igg4rd-high")), 404, "unknown-service");
		assertJsonError(http.send("DELETE", PATIENT_VIEW, null), 405, "method-not-allowed");
		assertJsonError(http.send("POST", DISCOVERY, "{}", "Content-Type", "application/json"), 405, "method-not-allowed");
		ObjectNode noPatient = patientView("igg4rd-high");
		((ObjectNode) noPatient.get("prefetch")).remove("patient");
		assertThat(assertJsonError(post(PATIENT_VIEW, noPatient), 412).has("cards")).isFalse();
		assertJsonError(http.send("POST", PATIENT_VIEW, "{}", "Content-Type", "text/plain",
				"Authorization", cdsBearer(PATIENT_VIEW)), 415, "unsupported-media-type");

		byte[] large = tooLarge();
		assertJsonError(http.send("POST", PATIENT_VIEW, new String(large, StandardCharsets.UTF_8),
				"Content-Type", "application/json", "Authorization", cdsBearer(PATIENT_VIEW)), 413, "too-large");
		Http.Response chunked = http.postChunked(PATIENT_VIEW, "application/json", large);
		assertJsonError(chunked, 413, "too-large");
	}

	/** A patient-view request padded past the body limit (still valid JSON). */
	private static byte[] tooLarge() {
		ObjectNode request = patientView("igg4rd-high");
		char[] padding = new char[LIMIT];
		Arrays.fill(padding, 'x');
		request.putObject("extension").put("com.example.padding", new String(padding));
		return request.toString().getBytes(StandardCharsets.UTF_8);
	}

	@Test
	@DisplayName("ERR-4: no bad input gives a 500: each field of an order-select call replaced by null, a number, a string, [] or {}")
	void err4() throws Exception {
		assertJsonError(post("/cds-services/nope", "{}"), 404);
		ObjectNode nullContext = patientView("igg4rd-high");
		nullContext.putNull("context");
		assertJsonError(post(PATIENT_VIEW, nullContext), 400);

		String[] paths = {"/hook", "/hookInstance", "/context", "/prefetch", "/fhirServer", "/fhirAuthorization", "/extension",
				"/context/userId", "/context/patientId", "/context/encounterId", "/context/selections",
				"/context/selections/0", "/context/draftOrders", "/context/draftOrders/entry",
				"/context/draftOrders/entry/0/resource", "/context/draftOrders/entry/0/resource/subject",
				"/prefetch/patient", "/prefetch/patient/birthDate", "/prefetch/observations", "/prefetch/observations/entry",
				"/prefetch/observations/entry/0/resource", "/prefetch/observations/entry/0/resource/valueQuantity",
				"/prefetch/conditions"};
		JsonNode[] replacements = {JSON.nullNode(), JSON.getNodeFactory().numberNode(-1), JSON.getNodeFactory().textNode("x\u0000<script>"),
				JSON.createArrayNode(), JSON.createObjectNode()};
		List<String> failures = new ArrayList<>();
		for (String path : paths) {
			for (JsonNode replacement : replacements) {
				ObjectNode request = orderSelect("nsclc-high", nivolumab("nsclc-high"));
				request.put("fhirServer", "http://localhost:1/fhir");
				request.putObject("fhirAuthorization").put("access_token", "t").put("token_type", "Bearer")
						.put("expires_in", 60).put("scope", "patient/*.read").put("subject", "s");
				request.putObject("extension");
				replace(request, path, replacement);
				Http.Response response = post(ICI_SELECT, request);
				if (response.status() >= 500 || !response.contentType().startsWith("application/json")
						|| response.body().contains("Exception") || response.body().contains("\tat ")) {
					failures.add(path + " = " + replacement + " → " + response.status() + " " + response.body());
				} else if (response.status() != 200) {
					assertJsonError(response, response.status());
				}
			}
		}
		assertThat(failures).isEmpty();
	}

	private static void replace(ObjectNode request, String pointer, JsonNode value) {
		String parentPointer = pointer.substring(0, pointer.lastIndexOf('/'));
		String last = pointer.substring(pointer.lastIndexOf('/') + 1);
		JsonNode parent = parentPointer.isEmpty() ? request : request.at(parentPointer);
		if (parent.isObject()) {
			((ObjectNode) parent).set(last, value);
		} else if (parent.isArray()) {
			((com.fasterxml.jackson.databind.node.ArrayNode) parent).set(Integer.parseInt(last), value);
		} else {
			throw new IllegalStateException("no " + pointer + " in the request");
		}
	}
}
