package org.immunorisk.training.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Library;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.RelatedArtifact;
import org.hl7.fhir.r4.model.RiskAssessment;
import org.hl7.fhir.r4.model.StringType;
import org.immunorisk.models.ModelCodes;
import org.immunorisk.models.local.LocalModelDirectory;
import org.immunorisk.testsupport.FhirServerTest;
import org.immunorisk.testsupport.Http;
import org.immunorisk.testsupport.ScenarioPatients;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.nio.file.Files;
import java.util.Map;
import org.immunorisk.models.trained.LogisticArtifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.immunorisk.testsupport.ShippedContent.TEST_BUNDLES;
import static org.immunorisk.testsupport.ShippedContent.read;

/**
 * The "done" for item 7, end to end on the running server: the training command trains the documented
 * example from its CSV straight into the server's local models folder, and — no rebuild, no restart — the model is
 * served by $risk-assess and the patient-view CDS service, listed in the catalogue with its card link, and its card
 * (the file the command wrote, with its ROC plot) is served. The example data are synthetic, so every output says so.
 */
class LocalModelServedTest extends FhirServerTest {

	private static final String ID = "site-ra-rapid-progression";

	@Autowired
	private LocalModelDirectory folder;

	@org.junit.jupiter.api.AfterEach
	void withdraw() {
		withdrawLocalModel(folder, ID, "ra-high-patient");
	}

	@Test
	void a_model_trained_from_a_csv_is_served_by_the_running_server() throws Exception {
		Command.Run run = Command.run("--mapping", Command.EXAMPLES.resolve("ra-progression-mapping.json").toString(),
				"--csv", Command.EXAMPLES.resolve("ra-progression.csv").toString(), "--out", LOCAL_MODELS.toString(), "--replace");
		assertThat(run.exit()).as(run.err()).isZero();
		assertThat(Files.exists(LOCAL_MODELS.resolve(ID + ".json"))).isTrue();
		folder.scan(); // the periodic scan would find it too (LocalModelDirectoryTest); here without waiting
		assertThat(folder.serves(ID)).as(String.valueOf(folder.entry(ID + ".json"))).isTrue();

		// $risk-assess: ra-high has a PRIME-cell signature score and a CRP
		assertThat(http.post("/fhir", "application/fhir+json", read(TEST_BUNDLES.resolve("ra-high.json"))).status()).isEqualTo(200);
		Parameters parameters = new Parameters();
		parameters.addParameter("date", new org.hl7.fhir.r4.model.DateType("2026-10-01"));
		parameters.addParameter("model", new StringType(ID));
		Http.Response response = http.post("/fhir/Patient/ra-high-patient/$risk-assess", "application/fhir+json", json(parameters));
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		RiskAssessment risk = (RiskAssessment) parseBody(Bundle.class, response.body()).getEntry().stream()
				.map(Bundle.BundleEntryComponent::getResource).filter(RiskAssessment.class::isInstance).findFirst().orElseThrow();
		assertThat(risk.getMethod().getCodingFirstRep().getSystem()).isEqualTo(ModelCodes.LOCAL_MODEL_SYSTEM);
		assertThat(risk.getMethod().getText()).isEqualTo(ID + " 1.0.0");
		// the probability the command's manifest gives for ra-high's values (PRIME-cell 1.2, CRP 28 mg/L in test-bundles/ra-high.json)
		LogisticArtifact manifest = Command.JSON.readValue(LOCAL_MODELS.resolve(ID + ".json").toFile(), LogisticArtifact.class);
		Map<String, Double> values = Map.of("prime-cell-signature", 1.2, "crp", 28.0);
		double logit = manifest.intercept();
		for (LogisticArtifact.Input input : manifest.inputs()) {
			logit += input.coefficient() * (values.get(input.name()) - input.mean()) / input.sd();
		}
		double expected = 1 / (1 + Math.exp(-logit));
		assertThat(risk.getPredictionFirstRep().getProbabilityDecimalType().getValue())
				.isEqualByComparingTo(java.math.BigDecimal.valueOf(expected).setScale(4, java.math.RoundingMode.HALF_UP));
		String expectedRisk = manifest.riskBands().stream().filter(b -> b.below() == null || expected < b.below()).findFirst()
				.orElseThrow().risk();
		assertThat(expectedRisk).as("ra-high is above the patient-view service's minimum risk, so a card must show").isNotEqualTo("low");
		assertThat(risk.getPredictionFirstRep().getQualitativeRisk().getCodingFirstRep().getCode()).isEqualTo(expectedRisk);
		assertThat(risk.getNote()).extracting(n -> n.getText())
				.anySatisfy(text -> assertThat(text).containsIgnoringCase("synthetic"))
				.contains("Model card: " + CDS_BASE + "/model-cards/" + ID);

		// the catalogue lists it, with its card
		Library library = parseBody(Library.class, http.get("/fhir/Library/immunorisk-model-" + ID).body());
		assertThat(library.getRelatedArtifact()).anySatisfy(a -> {
			assertThat(a.getType()).isEqualTo(RelatedArtifact.RelatedArtifactType.DOCUMENTATION);
			assertThat(a.getUrl()).isEqualTo(CDS_BASE + "/model-cards/" + ID);
		});

		// its card is the command's file, with the plot the card shows
		Http.Response card = http.get("/model-cards/" + ID + ".md");
		assertThat(card.status()).isEqualTo(200);
		assertThat(card.body()).isEqualTo(Files.readString(LOCAL_MODELS.resolve(ID + ".md")));
		assertThat(http.getHtml("/model-cards/" + ID).body()).contains("<img src=\"" + ID + "-roc.png\"");
		assertThat(http.getHtml("/model-cards/" + ID + "-roc.png").status()).isEqualTo(200);
		assertThat(http.getHtml("/model-cards/" + ID + "-calibration.png").status()).isEqualTo(200);

		// and the patient-view CDS service runs it with the rest (its services list no models: every applicable one)
		String path = "/cds-services/immunorisk-patient-view";
		Http.Response cds = http.send("POST", path, ScenarioPatients.patientView("ra-high", null),
				"Content-Type", "application/json", "Authorization", cdsBearer(path));
		assertThat(cds.status()).as(cds.body()).isEqualTo(200);
		JsonNode cards = new ObjectMapper().readTree(cds.body()).get("cards");
		JsonNode ours = null;
		for (JsonNode c : cards) {
			if (c.path("source").path("topic").path("code").asText().equals(ID)) {
				ours = c;
			}
		}
		assertThat(ours).as(cds.body()).isNotNull();
		assertThat(ours.path("source").path("topic").path("system").asText()).isEqualTo(ModelCodes.LOCAL_MODEL_SYSTEM);
		assertThat(ours.path("summary").asText()).startsWith("[demo model]"); // the example mapping says synthetic data
		assertThat(ours.path("detail").asText()).contains(ModelCodes.LOCAL_NOTICE);
	}
}
