package org.immunorisk.cds.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.Node;
import org.commonmark.parser.Parser;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.immunorisk.testsupport.Http;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checklist §4 and §5, the response, its cards and systemActions: every rule is checked on every card of a
 * corpus of real answers (the test bundles through all three hooks), so a new model or service that breaks one is
 * caught without a test of its own.
 */
class CardsConformanceTest extends CdsConformanceTest {

	private static final Pattern RFC4122 = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
	/** Hosts a card may link to (D: no link to a host we do not vouch for). */
	/** Links go to ImmunoRisk or to this service's own model cards (under its public base URL). */
	private static final Set<String> LINK_HOSTS = Set.of("immunorisk.org", URI.create(CDS_BASE).getHost());
	private static final Parser GFM = Parser.builder().extensions(List.of(TablesExtension.create())).build();

	/** Call → response body; the corpus every card rule runs over (built once, by the first test that needs it). */
	private static Map<String, JsonNode> corpus;
	/** The draftOrders of each order call in the corpus, for CARD-8's update/delete targets. */
	private static final Map<String, JsonNode> draftOrders = new LinkedHashMap<>();

	private Map<String, JsonNode> corpus() {
		if (corpus == null) {
			Map<String, JsonNode> answers = new LinkedHashMap<>();
			for (String scenario : List.of("igg4rd-high", "igg4rd-missing-igg4", "ssc-high", "ra-high", "nsclc-high", "crc-high",
					"ra-low")) {
				answers.put("patient-view " + scenario, call(PATIENT_VIEW, patientView(scenario)));
			}
			ObjectNode prednisolone = medicationRequest("igg4rd-high", "draft-pred", RXNORM, "8638", "prednisolone");
			for (String hook : List.of("order-select", "order-sign")) {
				String ici = "/cds-services/immunorisk-ici-order-" + hook.substring(6);
				String steroid = "/cds-services/immunorisk-igg4rd-glucocorticoid-order-" + hook.substring(6);
				ObjectNode iciCall = hook.equals("order-select") ? orderSelect("nsclc-high", nivolumab("nsclc-high"))
						: orderSign("nsclc-high", nivolumab("nsclc-high"));
				ObjectNode steroidCall = hook.equals("order-select") ? orderSelect("igg4rd-high", prednisolone)
						: orderSign("igg4rd-high", prednisolone);
				answers.put(hook + " ici", call(ici, iciCall));
				answers.put(hook + " glucocorticoid", call(steroid, steroidCall));
				draftOrders.put(hook + " ici", iciCall.get("context").get("draftOrders"));
				draftOrders.put(hook + " glucocorticoid", steroidCall.get("context").get("draftOrders"));
			}
			corpus = answers;
		}
		return corpus;
	}

	private JsonNode call(String path, ObjectNode request) {
		Http.Response response = post(path, request);
		assertThat(response.status()).as(path + ": " + response.body()).isEqualTo(200);
		return json(response);
	}

	/** Every card of the corpus, with the call it came from. */
	private Map<String, JsonNode> cards() {
		Map<String, JsonNode> cards = new LinkedHashMap<>();
		corpus().forEach((call, response) -> {
			for (int i = 0; i < response.get("cards").size(); i++) {
				cards.put(call + " card " + i, response.get("cards").get(i));
			}
		});
		assertThat(cards).as("the corpus has cards to check").hasSizeGreaterThan(10);
		return cards;
	}

	private Map<String, JsonNode> suggestions() {
		Map<String, JsonNode> suggestions = new LinkedHashMap<>();
		cards().forEach((at, card) -> {
			for (int i = 0; i < card.path("suggestions").size(); i++) {
				suggestions.put(at + " suggestion " + i, card.get("suggestions").get(i));
			}
		});
		assertThat(suggestions).isNotEmpty();
		return suggestions;
	}

	@Test
	@DisplayName("RESP-1: every success is 200 with a cards array; no guidance is exactly {\"cards\":[]}")
	void resp1() {
		corpus().forEach((call, response) -> {
			assertThat(response.isObject()).as(call).isTrue();
			assertThat(response.get("cards").isArray()).as(call).isTrue();
			assertThat(response.size()).as(call + ": only cards (and systemActions)").isLessThanOrEqualTo(2);
		});
		assertThat(corpus().get("patient-view ra-low").toString()).isEqualTo("{\"cards\":[]}");
		Http.Response notAbout = post(ICI_SELECT, orderSelect("nsclc-high",
				medicationRequest("nsclc-high", "draft-apap", RXNORM, ACETAMINOPHEN, "acetaminophen")));
		assertThat(notAbout.body()).isEqualTo("{\"cards\":[]}");
	}

	@Test
	@DisplayName("RESP-2: no null, \"\", [] or {} anywhere in a response, except an empty cards")
	void resp2() {
		corpus().forEach((call, response) -> assertThat(emptyValues(response, "$", "$.cards")).as(call).isEmpty());
	}

	@Test
	@DisplayName("CARD-1: summary is one line of fewer than 140 characters (code points)")
	void card1() {
		cards().forEach((at, card) -> {
			String summary = card.path("summary").asText("");
			assertThat(summary).as(at).isNotBlank().doesNotContain("\n", "\r");
			assertThat(summary.codePointCount(0, summary.length())).as(at).isLessThan(140);
		});
	}

	@Test
	@DisplayName("CARD-2: indicator is info, warning or critical (lower case)")
	void card2() {
		Set<String> seen = new HashSet<>();
		cards().forEach((at, card) -> {
			assertThat(card.path("indicator").asText()).as(at).isIn("info", "warning", "critical");
			seen.add(card.get("indicator").asText());
		});
		assertThat(seen).as("the corpus exercises more than one band").hasSizeGreaterThan(1);
	}

	@Test
	@DisplayName("CARD-3: source has a label; url and icon are absolute https URLs; a topic has code and system")
	void card3() {
		cards().forEach((at, card) -> {
			JsonNode source = card.get("source");
			assertThat(source).as(at).isNotNull();
			assertThat(source.path("label").asText()).as(at).isNotBlank();
			for (String url : List.of("url", "icon")) {
				if (source.has(url)) {
					assertAbsoluteHttps(source.get(url).asText(), at + " source." + url);
				}
			}
			if (source.has("topic")) {
				assertThat(source.get("topic").path("code").asText()).as(at).isNotBlank();
				assertThat(source.get("topic").path("system").asText()).as(at).isNotBlank();
			}
		});
	}

	@Test
	@DisplayName("CARD-4: detail is GitHub-Flavored Markdown without raw HTML")
	void card4() {
		int tables = 0;
		for (Map.Entry<String, JsonNode> entry : cards().entrySet()) {
			if (!entry.getValue().has("detail")) {
				continue;
			}
			String detail = entry.getValue().get("detail").asText();
			assertThat(detail).as(entry.getKey()).isNotBlank().doesNotContainIgnoringCase("<script");
			List<String> html = new ArrayList<>();
			int[] tableCount = {0};
			GFM.parse(detail).accept(new AbstractVisitor() {
				@Override
				public void visit(HtmlBlock block) {
					html.add(block.getLiteral());
				}

				@Override
				public void visit(HtmlInline inline) {
					html.add(inline.getLiteral());
				}

				@Override
				public void visit(org.commonmark.node.CustomBlock block) {
					if (block instanceof TableBlock) {
						tableCount[0]++;
					}
					visitChildren(block);
				}
			});
			assertThat(html).as(entry.getKey()).isEmpty();
			tables += tableCount[0];
		}
		assertThat(tables).as("the factor tables parse as GFM tables").isPositive();
	}

	@Test
	@DisplayName("CARD-5: every card has an RFC 4122 uuid, unique across cards and calls")
	void card5() {
		Set<String> uuids = new HashSet<>();
		cards().forEach((at, card) -> {
			assertThat(card.path("uuid").asText()).as(at).matches(RFC4122);
			assertThat(uuids.add(card.get("uuid").asText())).as(at + " unique").isTrue();
		});
		JsonNode again = json(post(PATIENT_VIEW, patientView("igg4rd-high"))).get("cards");
		again.forEach(card -> assertThat(uuids).doesNotContain(card.get("uuid").asText()));
	}

	@Test
	@DisplayName("CARD-6: a card with suggestions has selectionBehavior at-most-one or any")
	void card6() {
		int withSuggestions = 0;
		for (Map.Entry<String, JsonNode> entry : cards().entrySet()) {
			if (entry.getValue().has("suggestions")) {
				withSuggestions++;
				assertThat(entry.getValue().path("selectionBehavior").asText()).as(entry.getKey()).isIn("at-most-one", "any");
			}
		}
		assertThat(withSuggestions).isPositive();
	}

	@Test
	@DisplayName("CARD-7: suggestions have a label and a unique uuid; at-most-one allows one isRecommended at most")
	void card7() {
		Set<String> uuids = new HashSet<>();
		suggestions().forEach((at, suggestion) -> {
			assertThat(suggestion.path("label").asText()).as(at).isNotBlank();
			assertThat(suggestion.path("uuid").asText()).as(at).matches(RFC4122);
			assertThat(uuids.add(suggestion.get("uuid").asText())).as(at + " unique").isTrue();
			if (suggestion.has("isRecommended")) {
				assertThat(suggestion.get("isRecommended").isBoolean()).as(at).isTrue();
			}
		});
		cards().forEach((at, card) -> {
			if ("at-most-one".equals(card.path("selectionBehavior").asText())) {
				long recommended = 0;
				for (JsonNode suggestion : card.get("suggestions")) {
					recommended += suggestion.path("isRecommended").asBoolean(false) ? 1 : 0;
				}
				assertThat(recommended).as(at).isLessThanOrEqualTo(1);
			}
		});
	}

	@Test
	@DisplayName("CARD-8: actions have type and description; create/update carry a valid R4 resource; update/delete target a draft order")
	void card8() {
		Map<String, JsonNode> toValidate = new LinkedHashMap<>();
		suggestions().forEach((at, suggestion) -> {
			assertThat(suggestion.path("actions")).as(at).isNotEmpty();
			for (JsonNode action : suggestion.get("actions")) {
				assertAction(action, at, draftOrdersOf(at));
				if (action.has("resource")) {
					toValidate.putIfAbsent(action.get("resource").get("resourceType").asText() + " "
							+ action.get("resource").path("code").toString() + action.get("resource").path("method"), action.get("resource"));
				}
			}
		});
		assertThat(toValidate).isNotEmpty();
		toValidate.forEach((what, resource) -> {
			Http.Response validation = http.post("/fhir/" + resource.get("resourceType").asText() + "/$validate",
					"application/fhir+json", resource.toString());
			OperationOutcome outcome = parseBody(OperationOutcome.class, validation.body());
			List<String> errors = outcome.getIssue().stream()
					.filter(i -> i.getSeverity() == OperationOutcome.IssueSeverity.ERROR
							|| i.getSeverity() == OperationOutcome.IssueSeverity.FATAL)
					.map(i -> i.getDiagnostics() + " @ " + i.getLocation()).toList();
			assertThat(errors).as(what + ": " + resource).isEmpty();
		});
	}

	private JsonNode draftOrdersOf(String at) {
		return draftOrders.entrySet().stream().filter(e -> at.startsWith(e.getKey())).map(Map.Entry::getValue)
				.findFirst().orElse(null);
	}

	/** CARD-8 for one action; also SA-1 for system actions. */
	static void assertAction(JsonNode action, String at, JsonNode draftOrders) {
		String type = action.path("type").asText();
		assertThat(type).as(at).isIn("create", "update", "delete");
		assertThat(action.path("description").asText()).as(at).isNotBlank();
		if (type.equals("create") || type.equals("update")) {
			assertThat(action.path("resource").path("resourceType").asText()).as(at + " resource").isNotBlank();
		}
		if (type.equals("delete")) {
			assertThat(action.path("resourceId").asText()).as(at + " resourceId").matches("[A-Z][A-Za-z]+/[A-Za-z0-9\\-.]+");
		}
		if (type.equals("update") || type.equals("delete")) {
			String target = type.equals("delete") ? action.get("resourceId").asText()
					: action.get("resource").get("resourceType").asText() + "/" + action.get("resource").path("id").asText();
			List<String> orders = new ArrayList<>();
			if (draftOrders != null) {
				draftOrders.path("entry").forEach(e -> orders.add(reference(e.get("resource"))));
			}
			assertThat(orders).as(at + ": " + type + " of a draft order").contains(target);
		}
	}

	@Test
	@DisplayName("CARD-9: every overrideReason is a Coding with code, system and display")
	void card9() {
		int reasons = 0;
		for (Map.Entry<String, JsonNode> entry : cards().entrySet()) {
			for (JsonNode reason : entry.getValue().path("overrideReasons")) {
				reasons++;
				for (String field : List.of("code", "system", "display")) {
					assertThat(reason.path(field).asText()).as(entry.getKey() + " " + field).isNotBlank();
				}
			}
		}
		assertThat(reasons).isPositive();
	}

	@Test
	@DisplayName("CARD-10: links have label, url and type (absolute or smart); appContext only with smart; https on allowed hosts")
	void card10() {
		int links = 0;
		for (Map.Entry<String, JsonNode> entry : cards().entrySet()) {
			for (JsonNode link : entry.getValue().path("links")) {
				links++;
				String at = entry.getKey() + " link " + link;
				assertThat(link.path("label").asText()).as(at).isNotBlank();
				assertThat(link.path("type").asText()).as(at).isIn("absolute", "smart");
				if (link.has("appContext")) {
					assertThat(link.get("type").asText()).as(at).isEqualTo("smart");
				}
				assertAbsoluteHttps(link.path("url").asText(), at);
				assertThat(URI.create(link.get("url").asText()).getHost()).as(at).isIn(LINK_HOSTS);
			}
		}
		assertThat(links).isPositive();
	}

	@Test
	@DisplayName("CARD-11: order-select cards concern the selected order only, and say which in the detail")
	void card11() {
		ObjectNode nivolumab = nivolumab("nsclc-high");
		ObjectNode pembrolizumab = medicationRequest("nsclc-high", "draft-pembro", RXNORM, PEMBROLIZUMAB, "pembrolizumab");
		ObjectNode acetaminophen = medicationRequest("nsclc-high", "draft-apap", RXNORM, ACETAMINOPHEN, "acetaminophen");

		JsonNode selectedNivolumab = cards(post(ICI_SELECT, orderSelect("nsclc-high", nivolumab, pembrolizumab)));
		assertThat(selectedNivolumab).isNotEmpty();
		selectedNivolumab.forEach(card -> assertThat(card.get("detail").asText()).contains("nivolumab").doesNotContain("pembrolizumab"));

		JsonNode selectedPembrolizumab = cards(post(ICI_SELECT, orderSelect("nsclc-high", pembrolizumab, nivolumab)));
		assertThat(selectedPembrolizumab).isNotEmpty();
		selectedPembrolizumab.forEach(card -> assertThat(card.get("detail").asText()).contains("pembrolizumab").doesNotContain("nivolumab"));

		assertThat(cards(post(ICI_SELECT, orderSelect("nsclc-high", acetaminophen, nivolumab)))).isEmpty();
	}

	@Test
	@DisplayName("SA-1: systemActions, when present, is a non-empty array of valid actions")
	void sa1() {
		corpus().forEach((call, response) -> {
			if (response.has("systemActions")) {
				assertThat(response.get("systemActions").isArray()).as(call).isTrue();
				assertThat(response.get("systemActions")).as(call).isNotEmpty();
				response.get("systemActions").forEach(action -> assertAction(action, call + " systemAction", draftOrdersOf(call)));
			}
		});
	}

	@Test
	@DisplayName("SA-2: the default configuration sends no systemActions")
	void sa2() {
		corpus().forEach((call, response) -> assertThat(response.has("systemActions")).as(call).isFalse());
	}

	private static void assertAbsoluteHttps(String url, String at) {
		URI uri = URI.create(url);
		assertThat(uri.isAbsolute()).as(at + ": " + url).isTrue();
		assertThat(uri.getScheme()).as(at + ": " + url).isEqualTo("https");
		assertThat(uri.getHost()).as(at + ": " + url).isNotBlank();
	}
}
