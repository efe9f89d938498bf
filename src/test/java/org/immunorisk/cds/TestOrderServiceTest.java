package org.immunorisk.cds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.immunorisk.testsupport.FhirServerTest;
import org.immunorisk.testsupport.Http;
import org.immunorisk.testsupport.ScenarioPatients;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ordering serum IgG4 or HLA typing: the card says what the result would add for this patient. Expected
 * values come from test-bundles/README.md (igg4rd-missing-igg4: 14 points without IgG4; ≥ 2 × ULN → 20,
 * classified; > 5 × ULN → 25). The serum IgG4 card also runs the IgG4-RD random forests (demonstration models):
 * igg4rd-rf, which needs IgG4, and igg4rd-rf-no-igg4, which does not read it. Their percentages were worked out
 * from the shipped Tribuo models with the bundles' values typed in by hand (test-bundles/README.md), for every
 * age the patients have while these tests can run (the card assesses at today's date): igg4rd-missing-igg4, ages
 * 68–76, forest without IgG4 96% (96 of 100 trees); with IgG4 120 mg/dL 96%, 200, 400 or 800 mg/dL 99%.
 * igg4rd-high, ages 63–72: 100% whatever the IgG4, with or without it.
 */
class TestOrderServiceTest extends FhirServerTest {

	private static final ObjectMapper JSON = new ObjectMapper();
	private static final String LOINC = "http://loinc.org";

	private JsonNode cards(String hook, String scenario, String code, String display) throws Exception {
		String path = "/cds-services/immunorisk-igg4rd-test-" + hook;
		Http.Response response = http.send("POST", path,
				ScenarioPatients.orderRequest(scenario, hook, "ServiceRequest", LOINC, code, display),
				"Content-Type", "application/json", "Authorization", cdsBearer(path));
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return JSON.readTree(response.body()).get("cards");
	}

	@Test
	void serumIgG4WhenMissingShowsWhichResultWouldClassify() throws Exception {
		JsonNode cards = cards("order-select", "igg4rd-missing-igg4", "2469-5", "IgG4 [Mass/volume] in Serum");
		assertThat(cards).hasSize(1);
		JsonNode card = cards.get(0);
		assertThat(card.get("indicator").asText()).isEqualTo("info");
		// The forest with IgG4 goes from "not computed" to a result: that counts as a change. Its answer (likely) is the
		// one the variant without IgG4 gives now, so the card shows the result would not turn the forest around.
		assertThat(card.get("summary").asText()).isEqualTo("The serum IgG4 result could change 3 of 4 results: "
				+ "acr-eular-2019-igg4rd, igg4rd-comprehensive-2020, igg4rd-rf");
		assertThat(card.get("source").get("topic").get("code").asText()).isEqualTo("2469-5");
		String detail = card.get("detail").asText();
		// columns: 2019 ACR/EULAR | 2020 comprehensive | forest with IgG4 | forest without IgG4
		assertThat(detail).contains("| now: no result on record | indeterminate, 14 | not computed (missing serum-igg4)"
				+ " | not computed (missing serum-igg4) | IgG4-RD likely, 96% |");
		assertThat(detail).contains("| ≤ ULN (120 mg/dL) | not classified, 14 | not fulfilled | IgG4-RD likely, 96% | IgG4-RD likely, 96% |");
		assertThat(detail).contains("| 1–2 × ULN (200 mg/dL) | not classified, 18 | possible | IgG4-RD likely, 99% | IgG4-RD likely, 96% |");
		assertThat(detail).contains("| 2–5 × ULN (400 mg/dL) | classified, 20 | possible | IgG4-RD likely, 99% | IgG4-RD likely, 96% |");
		assertThat(detail).contains("| > 5 × ULN (800 mg/dL) | classified, 25 | possible | IgG4-RD likely, 99% | IgG4-RD likely, 96% |");
		assertThat(detail).contains(org.immunorisk.assessment.RiskAssessmentWriter.SYNTHETIC_NOTICE);
		assertThat(card.get("links")).hasSize(4);
	}

	@Test
	void serumIgG4WhenAlreadyClassifiedChangesOnlyTheDiagnosticGrade() throws Exception {
		// igg4rd-high: 69 points with IgG4 850 mg/dL (11 points); without them 58 — classified either way. The 2020
		// criteria need IgG4 > 135 for "definite" (1 + 2 + 3), else 1 + 3 is "probable". Both forests say 100%
		// whatever the IgG4: no change there.
		JsonNode card = cards("order-sign", "igg4rd-high", "2469-5", "IgG4").get(0);
		assertThat(card.get("summary").asText()).endsWith("could change 1 of 4 results: igg4rd-comprehensive-2020");
		assertThat(card.get("detail").asText())
				.contains("| now: on record 850 mg/dL | classified, 69 | definite | IgG4-RD likely, 100% | IgG4-RD likely, 100% |")
				.contains("| ≤ ULN (120 mg/dL) | classified, 58 | probable | IgG4-RD likely, 100% | IgG4-RD likely, 100% |");
	}

	@Test
	void hlaTypingOfOneLocusCanFlagButNotClearTheMarkers() throws Exception {
		// igg4rd-low: no HLA typing on record. B*40:01 alone is a high marker; a non-carrier result still leaves
		// DRB1 untyped, so the rule cannot conclude "no marker".
		JsonNode card = cards("order-select", "igg4rd-low", "57291-7", "HLA-B typing").get(0);
		assertThat(card.get("summary").asText()).endsWith("could change 1 of 1 result: igg4rd-hla-steroid-response");
		assertThat(card.get("detail").asText())
				.contains("| B\\*40:01 carrier | higher dose requirement |")
				.contains("| no B\\*40:01 | not computed (missing hla-alleles) |");
	}

	@Test
	void hlaTypingAlreadyOnRecordCannotChangeTheResult() throws Exception {
		JsonNode card = cards("order-select", "igg4rd-high", "57291-7", "HLA-B typing").get(0);
		assertThat(card.get("summary").asText()).isEqualTo("No HLA-B typing (high resolution) result would change the 1 result it feeds for this patient");
	}

	@Test
	void anOrderForAnotherTestGetsNoCard() throws Exception {
		assertThat(cards("order-select", "igg4rd-high", "1988-5", "CRP")).isEmpty();
	}
}
