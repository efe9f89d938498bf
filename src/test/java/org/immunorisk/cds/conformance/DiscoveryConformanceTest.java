package org.immunorisk.cds.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSAlgorithm;
import org.immunorisk.testsupport.Http;
import org.immunorisk.testsupport.ShippedContent;
import org.immunorisk.testsupport.TestEhr;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Checklist §1, discovery ({@code GET {B}/cds-services}). */
class DiscoveryConformanceTest extends CdsConformanceTest {

	private static final Set<String> HOOKS = Set.of("patient-view", "order-select", "order-sign");

	private JsonNode discovery() {
		Http.Response response = http.send("GET", DISCOVERY, null, "Accept", "application/json");
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return json(response);
	}

	@Test
	@DisplayName("DISC-1: discovery is at {B}/cds-services, 200 application/json, whatever the Accept header")
	void disc1() {
		for (String accept : new String[] {"application/json", "text/html", "*/*"}) {
			Http.Response response = http.send("GET", DISCOVERY, null, "Accept", accept);
			assertThat(response.status()).as(accept).isEqualTo(200);
			assertThat(response.contentType()).as(accept).startsWith("application/json");
			assertThat(json(response).isObject()).isTrue();
		}
	}

	@Test
	@DisplayName("DISC-2: the response is an object with a services array")
	void disc2() {
		JsonNode document = discovery();
		assertThat(document.isObject()).isTrue();
		assertThat(document.get("services").isArray()).isTrue();
		assertThat(document.get("services")).isNotEmpty();
	}

	@Test
	@DisplayName("DISC-3: every service has non-empty hook, description, id and a title; (id, hook) are the shipped services")
	void disc3() throws Exception {
		Set<String> advertised = new HashSet<>();
		Set<String> hooks = new HashSet<>();
		for (JsonNode service : discovery().get("services")) {
			for (String field : List.of("hook", "description", "id", "title")) {
				assertThat(service.path(field).isTextual()).as(field + " of " + service).isTrue();
				assertThat(service.get(field).asText()).as(field + " of " + service).isNotBlank();
			}
			assertThat(service.get("hook").asText()).isIn(HOOKS);
			if (service.has("prefetch")) {
				service.get("prefetch").fields().forEachRemaining(t -> assertThat(t.getValue().isTextual()).as(t.getKey()).isTrue());
			}
			assertThat(advertised.add(service.get("id").asText() + " " + service.get("hook").asText()))
					.as("ids are unique").isTrue();
			hooks.add(service.get("hook").asText());
		}
		assertThat(hooks).isEqualTo(HOOKS);
		Set<String> shipped = new HashSet<>();
		for (Path file : ShippedContent.jsonFiles(Path.of("cds-hooks/services"))) {
			JsonNode service = JSON.readTree(ShippedContent.read(file));
			shipped.add(service.get("id").asText() + " " + service.get("hook").asText());
		}
		assertThat(advertised).isEqualTo(shipped);
	}

	@Test
	@DisplayName("DISC-4: no null, \"\", [] or {} anywhere in the discovery document")
	void disc4() {
		assertThat(emptyValues(discovery(), "$")).isEmpty();
	}

	@Test
	@DisplayName("DISC-5: every advertised id answers POST {B}/cds-services/{id} with a valid body for its hook: 200")
	void disc5() {
		for (JsonNode service : discovery().get("services")) {
			String path = DISCOVERY + "/" + service.get("id").asText();
			ObjectNode body = switch (service.get("hook").asText()) {
				case "patient-view" -> patientView("igg4rd-high");
				case "order-select" -> orderSelect("nsclc-high", nivolumab("nsclc-high"));
				default -> orderSign("nsclc-high", nivolumab("nsclc-high"));
			};
			Http.Response response = post(path, body);
			assertThat(response.status()).as(path + ": " + response.body()).isEqualTo(200);
			assertThat(json(response).get("cards").isArray()).isTrue();
		}
	}

	@Test
	@DisplayName("DISC-6: every advertised prefetch template follows the token rules (PF-7) and query rules (PF-8)")
	void disc6() {
		List<String> violations = new ArrayList<>();
		int templates = 0;
		for (JsonNode service : discovery().get("services")) {
			for (JsonNode template : service.path("prefetch")) {
				templates++;
				violations.addAll(TemplateRules.tokenViolations(service.get("hook").asText(), template.asText()));
				violations.addAll(TemplateRules.queryViolations(template.asText()));
			}
		}
		assertThat(templates).isPositive();
		assertThat(violations).isEmpty();
	}

	@Test
	@DisplayName("DISC-7: an extension, where present, is a JSON object")
	void disc7() {
		JsonNode document = discovery();
		List<JsonNode> withExtension = new ArrayList<>();
		document.findParents("extension").forEach(withExtension::add);
		for (JsonNode parent : withExtension) {
			assertThat(parent.get("extension").isObject()).as(parent.toString()).isTrue();
		}
	}

	@Test
	@DisplayName("DISC-8 (Q3): discovery needs no JWT and ignores one that is sent (it exposes no PHI)")
	void disc8() {
		TestEhr ehr = TestEhr.get();
		Instant past = Instant.now().minusSeconds(3600);
		String expired = "Bearer " + TestEhr.sign(ehr.header(JWSAlgorithm.ES384).build(), ehr.claims(CDS_BASE + DISCOVERY)
				.issueTime(Date.from(past)).expirationTime(Date.from(past.plusSeconds(60))).build(), ehr.ecKey());
		for (String authorization : new String[] {null, "Bearer not-a-jwt", expired, ehr.bearer(CDS_BASE + DISCOVERY)}) {
			Http.Response response = http.send("GET", DISCOVERY, null, "Accept", "application/json", "Authorization", authorization);
			assertThat(response.status()).as(String.valueOf(authorization)).isEqualTo(200);
			assertThat(json(response).get("services")).isNotEmpty();
		}
	}
}
