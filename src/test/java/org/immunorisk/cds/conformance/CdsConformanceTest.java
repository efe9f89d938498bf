package org.immunorisk.cds.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.immunorisk.testsupport.FhirServerTest;
import org.immunorisk.testsupport.Http;
import org.immunorisk.testsupport.ScenarioPatients;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Base of the CDS Hooks 2.0 conformance suite ({@code docs/cds-hooks-2.0-checklist.md}): the shared server context
 * of {@link FhirServerTest}, calls with real ES384 JWTs from the test EHR ({@code aud} = {@link #CDS_BASE} + the
 * path), valid requests for the three hooks built from the test bundles, and the assertions every section needs.
 * Each test is named after the checklist id it covers.
 */
abstract class CdsConformanceTest extends FhirServerTest {

	static final ObjectMapper JSON = new ObjectMapper();

	static final String DISCOVERY = "/cds-services";
	static final String PATIENT_VIEW = "/cds-services/immunorisk-patient-view";
	static final String ICI_SELECT = "/cds-services/immunorisk-ici-order-select";
	static final String ICI_SIGN = "/cds-services/immunorisk-ici-order-sign";

	static final String RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";
	static final String NIVOLUMAB = "1597876";
	static final String PEMBROLIZUMAB = "1547545";
	static final String ACETAMINOPHEN = "161";

	/** POST with a valid JWT for that path. */
	Http.Response post(String path, Object body) {
		return post(path, body, cdsBearer(path));
	}

	/** POST as application/json with the given Authorization header (none when null). */
	Http.Response post(String path, Object body, String authorization) {
		return http.send("POST", path, body.toString(), "Content-Type", "application/json", "Authorization", authorization);
	}

	/** V_pv: a valid patient-view request, the scenario's bundle as prefetch. */
	static ObjectNode patientView(String scenario) {
		return ScenarioPatients.request(scenario, null);
	}

	/** V_osel: order-select with these draft orders, the first one selected. */
	static ObjectNode orderSelect(String scenario, ObjectNode... orders) {
		ObjectNode request = order("order-select", scenario, orders);
		((ObjectNode) request.get("context")).putArray("selections").add(reference(orders[0]));
		return request;
	}

	/** V_osig: order-sign with these draft orders. */
	static ObjectNode orderSign(String scenario, ObjectNode... orders) {
		return order("order-sign", scenario, orders);
	}

	private static ObjectNode order(String hook, String scenario, ObjectNode... orders) {
		ObjectNode request = patientView(scenario);
		request.put("hook", hook);
		ObjectNode draftOrders = ((ObjectNode) request.get("context")).putObject("draftOrders");
		draftOrders.put("resourceType", "Bundle").put("type", "collection");
		for (ObjectNode order : orders) {
			draftOrders.withArray("entry").addObject().set("resource", order);
		}
		return request;
	}

	/** A draft MedicationRequest for the scenario's patient. */
	static ObjectNode medicationRequest(String scenario, String id, String system, String code, String display) {
		ObjectNode order = JSON.createObjectNode();
		order.put("resourceType", "MedicationRequest").put("id", id).put("status", "draft").put("intent", "proposal");
		order.putObject("subject").put("reference", "Patient/" + patientId(scenario));
		order.putObject("medicationCodeableConcept").putArray("coding").addObject()
				.put("system", system).put("code", code).put("display", display);
		return order;
	}

	static ObjectNode nivolumab(String scenario) {
		return medicationRequest(scenario, "draft-nivolumab", RXNORM, NIVOLUMAB, "nivolumab");
	}

	static String patientId(String scenario) {
		return patientView(scenario).get("context").get("patientId").asText();
	}

	static String reference(JsonNode resource) {
		return resource.get("resourceType").asText() + "/" + resource.get("id").asText();
	}

	static ObjectNode context(ObjectNode request) {
		return (ObjectNode) request.get("context");
	}

	static JsonNode json(Http.Response response) {
		try {
			return JSON.readTree(response.body());
		} catch (IOException e) {
			throw new UncheckedIOException(response.body(), e);
		}
	}

	/** A 200 whose body is the CDS Hooks response object; its cards. */
	static JsonNode cards(Http.Response response) {
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(response.contentType()).startsWith("application/json");
		JsonNode cards = json(response).get("cards");
		assertThat(cards).as(response.body()).isNotNull();
		assertThat(cards.isArray()).isTrue();
		return cards;
	}

	/** The CDS service's JSON error (checklist Q14): status, {"error": code, "message": text}, no Java internals. */
	static JsonNode assertJsonError(Http.Response response, int status) {
		assertThat(response.status()).as(response.body()).isEqualTo(status);
		assertThat(response.contentType()).as("Content-Type of a %s", status).startsWith("application/json");
		assertThat(response.body()).doesNotContain("Exception", "\tat ", "at org.", "at ca.uhn");
		JsonNode error = json(response);
		assertThat(error.path("error").isTextual()).as(response.body()).isTrue();
		assertThat(error.path("message").asText()).as(response.body()).isNotBlank();
		assertThat(error.size()).as("only error and message: %s", response.body()).isEqualTo(2);
		return error;
	}

	static JsonNode assertJsonError(Http.Response response, int status, String code) {
		JsonNode error = assertJsonError(response, status);
		assertThat(error.get("error").asText()).as(response.body()).isEqualTo(code);
		return error;
	}

	/** A failed JWT: 401, no body at all, WWW-Authenticate: Bearer (checklist SEC-2, SEC-15, Q14). */
	static void assertBare401(Http.Response response) {
		assertThat(response.status()).as(response.body()).isEqualTo(401);
		assertThat(response.body()).isEmpty();
		assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer");
	}

	/**
	 * Every place in the document holding a value CDS Hooks 2.0 prohibits (§use-of-json: null, "", [] or {}),
	 * as a JSON path, except the paths named as allowed (the one exception is an empty {@code cards}).
	 */
	static List<String> emptyValues(JsonNode node, String path, String... allowed) {
		List<String> found = new ArrayList<>();
		collectEmpty(node, path, List.of(allowed), found);
		return found;
	}

	private static void collectEmpty(JsonNode node, String path, List<String> allowed, List<String> found) {
		boolean empty = node.isNull() || (node.isTextual() && node.asText().isEmpty())
				|| ((node.isArray() || node.isObject()) && node.isEmpty());
		if (empty && !allowed.contains(path)) {
			found.add(path);
		}
		if (node.isArray()) {
			for (int i = 0; i < node.size(); i++) {
				collectEmpty(node.get(i), path + "[" + i + "]", allowed, found);
			}
		} else if (node.isObject()) {
			for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
				Map.Entry<String, JsonNode> field = fields.next();
				collectEmpty(field.getValue(), path + "." + field.getKey(), allowed, found);
			}
		}
	}
}
