package org.immunorisk.cds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.immunorisk.testsupport.FhirServerTest;
import org.immunorisk.testsupport.Http;
import org.immunorisk.testsupport.ScenarioPatients;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Starting a TNF inhibitor or abatacept in RA: a card from the demonstration expression-signature models, which
 * must say on the card itself that they were trained on synthetic data.
 */
class RaBiologicOrderServiceTest extends FhirServerTest {

	private static final ObjectMapper JSON = new ObjectMapper();
	private static final String RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";

	private JsonNode cards(String service, String hook, String scenario, String system, String code, String display) throws Exception {
		String path = "/cds-services/" + service;
		Http.Response response = http.send("POST", path,
				ScenarioPatients.orderRequest(scenario, hook, "MedicationRequest", system, code, display),
				"Content-Type", "application/json", "Authorization", cdsBearer(path));
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return JSON.readTree(response.body()).get("cards");
	}

	@Test
	void adalimumabForAHighInterferonSignatureWarnsAndSaysItIsADemoModel() throws Exception {
		JsonNode cards = cards("immunorisk-ra-tnfi-order-select", "order-select", "ra-high", RXNORM, "327361", "adalimumab");
		assertThat(cards).hasSize(1);
		JsonNode card = cards.get(0);
		assertThat(card.get("indicator").asText()).isEqualTo("warning");
		assertThat(card.get("summary").asText()).startsWith("[demo model] ").contains("poor response likely", "92%");
		assertThat(card.get("detail").asText()).contains("synthetic", "interferon-signature", "Order: adalimumab");
		assertThat(card.get("source").get("topic").get("code").asText()).isEqualTo("ra-tnfi-response");
	}

	@Test
	void abataceptBySignAndAtcCode() throws Exception {
		JsonNode cards = cards("immunorisk-ra-abatacept-order-sign", "order-sign", "ra-high", "http://www.whocc.no/atc",
				"L04AA24", "abatacept");
		assertThat(cards).hasSize(1);
		assertThat(cards.get(0).get("indicator").asText()).isEqualTo("info"); // 47%: below the 50% band
		assertThat(cards.get(0).get("summary").asText()).contains("poor response not predicted", "47%");
	}

	@Test
	void aTnfInhibitorOrderForAPatientWithoutSignaturesGetsNoCard() throws Exception {
		assertThat(cards("immunorisk-ra-tnfi-order-select", "order-select", "igg4rd-high", RXNORM, "327361", "adalimumab")).isEmpty();
	}
}
