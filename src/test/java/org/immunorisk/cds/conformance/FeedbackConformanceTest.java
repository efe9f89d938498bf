package org.immunorisk.cds.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.immunorisk.testsupport.Http;
import org.immunorisk.testsupport.TestEhr;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.UUID;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checklist §6, feedback ({@code POST {B}/cds-services/{id}/feedback}). What was stored is read back through the
 * service's own summary endpoint, so "stored", "not stored twice" and "nothing stored" are observed, not assumed.
 * The feedback goes to a service no other test sends feedback to.
 */
class FeedbackConformanceTest extends CdsConformanceTest {

	private static final String SERVICE = "/cds-services/immunorisk-igg4rd-glucocorticoid-order-sign";
	private static final String FEEDBACK = SERVICE + "/feedback";
	private static final String SUMMARY = FEEDBACK + "/summary";

	private Http.Response send(Object body) {
		return post(FEEDBACK, body);
	}

	private JsonNode summary() {
		Http.Response response = http.send("GET", SUMMARY, null, "Authorization", cdsBearer(SUMMARY));
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return json(response);
	}

	private long stored() {
		return summary().get("total").asLong();
	}

	private static ObjectNode accepted() {
		ObjectNode item = JSON.createObjectNode().put("card", UUID.randomUUID().toString()).put("outcome", "accepted")
				.put("outcomeTimestamp", "2026-11-21T12:00:00Z");
		item.putArray("acceptedSuggestions").addObject().put("id", UUID.randomUUID().toString());
		return item;
	}

	private static ObjectNode overridden() {
		return JSON.createObjectNode().put("card", UUID.randomUUID().toString()).put("outcome", "overridden")
				.put("outcomeTimestamp", "2026-11-21T12:00:00.250+00:00");
	}

	private static ObjectNode envelope(ObjectNode... items) {
		ObjectNode body = JSON.createObjectNode();
		ArrayNode feedback = body.putArray("feedback");
		for (ObjectNode item : items) {
			feedback.add(item);
		}
		return body;
	}

	/** An accepted item changed by {@code change} must be refused whole: 400 and nothing stored. */
	private void refused(Consumer<ObjectNode> change) {
		long before = stored();
		ObjectNode bad = accepted();
		change.accept(bad);
		assertJsonError(send(envelope(accepted(), bad)), 400, "bad-request");
		assertThat(stored()).as("no partial write of the good item").isEqualTo(before);
	}

	@Test
	@DisplayName("FB-1 (Q11): a valid feedback is 200 with {} and is stored")
	void fb1() {
		long before = stored();
		Http.Response response = send(envelope(accepted()));
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(response.contentType()).startsWith("application/json");
		assertThat(response.body()).isEqualTo("{}");
		assertThat(stored()).isEqualTo(before + 1);
	}

	@Test
	@DisplayName("FB-2 (Q12): the body is the 2.0 envelope {\"feedback\":[...]}; a bare 1.1-style object is 400 naming it")
	void fb2() {
		assertThat(send(envelope(overridden())).status()).isEqualTo(200);
		JsonNode error = assertJsonError(send(accepted()), 400, "bad-request");
		assertThat(error.get("message").asText()).contains("{\"feedback\"");
		assertJsonError(send(JSON.createObjectNode().putArray("feedback")), 400, "bad-request");
		assertJsonError(send("{\"feedback\": {}}"), 400, "bad-request");
		assertJsonError(send("[]"), 400, "bad-request");
	}

	@Test
	@DisplayName("FB-3: card, outcome (accepted|overridden), acceptedSuggestions when accepted, outcomeTimestamp RFC 3339 UTC")
	void fb3() {
		refused(item -> item.remove("card"));
		refused(item -> item.put("card", 12));
		refused(item -> item.put("outcome", "rejected"));
		refused(item -> item.remove("outcome"));
		refused(item -> item.remove("acceptedSuggestions"));
		refused(item -> item.putArray("acceptedSuggestions"));
		refused(item -> item.putArray("acceptedSuggestions").addObject());
		refused(item -> item.putArray("acceptedSuggestions").add("e56e1945-20b3-4393-8503-a1a20fd73152"));
		refused(item -> item.remove("outcomeTimestamp"));
		for (String timestamp : new String[] {"yesterday", "2026-11-21", "2026-11-21 12:00:00Z", "2026-11-21T12:00Z",
				"2026-11-21T12:00:00", "2026-11-21T14:00:00+02:00", "2026-11-21T12:00:00-00:00", "2026-13-21T12:00:00Z"}) {
			refused(item -> item.put("outcomeTimestamp", timestamp));
		}
		assertThat(send(envelope(accepted().put("outcomeTimestamp", "2026-11-21T12:00:00.123456Z"))).status())
				.isEqualTo(200);
	}

	@Test
	@DisplayName("FB-4: overridden needs no reason; a reason code we never offered is accepted and stored")
	void fb4() {
		assertThat(send(envelope(overridden())).status()).isEqualTo(200);
		String code = "clinic-policy-" + UUID.randomUUID();
		ObjectNode withReason = overridden();
		withReason.putObject("overrideReason").put("userComment", "local policy")
				.putObject("reason").put("system", "https://ehr.example/override").put("code", code).put("display", "Clinic policy");
		assertThat(send(envelope(withReason)).status()).isEqualTo(200);
		assertThat(summary().get("overrideReasons").toString()).contains(code);
		ObjectNode badReason = overridden();
		badReason.putObject("overrideReason").put("reason", "not a Coding");
		assertJsonError(send(envelope(badReason)), 400, "bad-request");
	}

	@Test
	@DisplayName("FB-5: several items in one call are stored; the same call twice is stored once")
	void fb5() {
		long before = stored();
		ObjectNode body = envelope(accepted(), overridden(), accepted());
		assertThat(send(body).status()).isEqualTo(200);
		assertThat(stored()).isEqualTo(before + 3);
		assertThat(send(body).status()).isEqualTo(200);
		assertThat(stored()).as("idempotent").isEqualTo(before + 3);
		ObjectNode sameCardLater = ((ObjectNode) body.get("feedback").get(1)).deepCopy().put("outcomeTimestamp", "2026-11-22T08:00:00Z");
		assertThat(send(envelope(sameCardLater)).status()).isEqualTo(200);
		assertThat(stored()).as("a later outcome for the same card is a new item").isEqualTo(before + 4);
	}

	@Test
	@DisplayName("FB-6 (Q13): an unknown card uuid is 200 and stored; an unknown service is 404")
	void fb6() {
		long before = stored();
		ObjectNode unknown = accepted().put("card", "never-issued-" + UUID.randomUUID());
		assertThat(send(envelope(unknown)).status()).isEqualTo(200);
		assertThat(stored()).isEqualTo(before + 1);
		assertJsonError(post("/cds-services/nope/feedback", envelope(accepted())), 404, "unknown-service");
	}

	@Test
	@DisplayName("FB-7 (Q4): feedback needs the client's JWT, with aud = the exact feedback URL")
	void fb7() {
		long before = stored();
		assertBare401(post(FEEDBACK, envelope(accepted()), null));
		assertBare401(post(FEEDBACK, envelope(accepted()), TestEhr.get().bearer(CDS_BASE + SERVICE)));
		assertBare401(post(FEEDBACK, envelope(accepted()), TestEhr.get().bearer(CDS_BASE + FEEDBACK + "/")));
		assertThat(stored()).isEqualTo(before);
		assertThat(post(FEEDBACK, envelope(accepted()), TestEhr.get().bearer(CDS_BASE + FEEDBACK)).status()).isEqualTo(200);
		assertBare401(http.send("GET", SUMMARY, null, "Authorization", TestEhr.get().bearer(CDS_BASE + FEEDBACK)));
	}
}
