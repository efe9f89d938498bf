package org.immunorisk.modelcards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Library;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.RelatedArtifact;
import org.hl7.fhir.r4.model.RiskAssessment;
import org.hl7.fhir.r4.model.StringType;
import org.immunorisk.models.ModelRegistry;
import org.immunorisk.models.RiskModel;
import org.immunorisk.testsupport.FhirServerTest;
import org.immunorisk.testsupport.Http;
import org.immunorisk.testsupport.ScenarioPatients;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.immunorisk.testsupport.ShippedContent.TEST_BUNDLES;
import static org.immunorisk.testsupport.ShippedContent.read;

/**
 * Every model the server runs has a model card at {@code /model-cards/<id>}, and the catalogue (Library), the stored
 * RiskAssessment and the CDS cards link to it by the server's public base URL; the card served is the file the
 * training run wrote, with its plots.
 */
class ModelCardServingTest extends FhirServerTest {

	private static final String CARD_BASE = CDS_BASE + ModelCardLinks.PATH + "/";

	@Autowired
	private ModelRegistry registry;

	@Test
	void the_index_lists_every_registered_model_with_a_link_to_its_card() {
		Http.Response index = http.getHtml("/model-cards/");
		assertThat(index.status()).isEqualTo(200);
		assertThat(index.contentType()).startsWith("text/html");
		assertThat(index.header("Content-Security-Policy")).contains("default-src 'none'");
		for (RiskModel model : registry.all()) {
			assertThat(index.body()).contains("href=\"" + model.description().id() + "\"");
		}
		assertThat(index.body()).contains("synthetic data");
		assertThat(http.getHtml("/model-cards").status()).isEqualTo(302); // to the folder URL, where relative links resolve
	}

	@Test
	void a_trained_models_card_is_the_file_its_training_wrote_rendered_with_its_plot() throws IOException {
		Http.Response page = http.getHtml("/model-cards/igg4rd-rf");
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.body()).contains("<h1>Model card: igg4rd-rf", "Trained on synthetic data",
				"<table>", "<img src=\"igg4rd-rf-roc.png\"");

		Http.Response markdown = http.get("/model-cards/igg4rd-rf.md");
		assertThat(markdown.status()).isEqualTo(200);
		assertThat(markdown.contentType()).startsWith("text/markdown");
		assertThat(markdown.body()).isEqualTo(Files.readString(Path.of("docs/model-cards/igg4rd-rf.md")));

		HttpResponse<byte[]> image = bytes("/model-cards/igg4rd-rf-roc.png");
		assertThat(image.statusCode()).isEqualTo(200);
		assertThat(image.headers().firstValue("Content-Type")).hasValue("image/png");
		assertThat(Arrays.equals(image.body(), Files.readAllBytes(Path.of("docs/model-cards/igg4rd-rf-roc.png")))).isTrue();
	}

	@Test
	void a_published_score_without_a_written_card_gets_one_from_its_description() {
		RiskModel score = registry.find("acr-eular-2019-igg4rd").orElseThrow();
		Http.Response page = http.getHtml("/model-cards/acr-eular-2019-igg4rd");
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.body()).contains("Published clinical score", "serum-igg4")
				.doesNotContain("synthetic data");
		assertThat(http.get("/model-cards/acr-eular-2019-igg4rd.md").body())
				.contains(score.description().citation().substring(0, 20));
	}

	@Test
	void unknown_names_and_paths_outside_the_card_folders_are_404() {
		for (String path : List.of("/model-cards/no-such-model", "/model-cards/no-such-model.md", "/model-cards/nothing.png",
				"/model-cards/..%2Fimmunorisk-server.yaml", "/model-cards/%2E%2E%2Fpom.xml", "/model-cards/igg4rd-rf.md.png")) {
			Http.Response response = http.getHtml(path);
			assertThat(response.status()).as(path).isIn(400, 404);
			assertThat(response.body()).as(path).doesNotContain("spring:", "<project", "Exception");
		}
	}

	@Test
	void the_model_catalogue_links_each_library_to_its_card() {
		Library library = parseBody(Library.class, http.get("/fhir/Library/immunorisk-model-nsclc-preciri-rsf").body());
		RelatedArtifact card = library.getRelatedArtifact().stream()
				.filter(a -> a.getType() == RelatedArtifact.RelatedArtifactType.DOCUMENTATION).findFirst().orElseThrow();
		assertThat(card.getUrl()).isEqualTo(CARD_BASE + "nsclc-preciri-rsf");
		assertThat(card.getLabel()).isEqualTo("Model card");
	}

	@Test
	void a_stored_risk_assessment_names_its_model_card() {
		assertThat(http.post("/fhir", "application/fhir+json", read(TEST_BUNDLES.resolve("ra-high.json"))).status()).isEqualTo(200);
		Parameters parameters = new Parameters();
		parameters.addParameter("date", new org.hl7.fhir.r4.model.DateType("2026-10-01"));
		parameters.addParameter("model", new StringType("ua-ra-mlp"));
		Http.Response response = http.post("/fhir/Patient/ra-high-patient/$risk-assess", "application/fhir+json", json(parameters));
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		RiskAssessment risk = (RiskAssessment) parseBody(Bundle.class, response.body()).getEntry().stream()
				.map(Bundle.BundleEntryComponent::getResource).filter(RiskAssessment.class::isInstance).findFirst().orElseThrow();
		assertThat(risk.getNote()).anySatisfy(note -> assertThat(note.getText()).isEqualTo("Model card: " + CARD_BASE + "ua-ra-mlp"));
		// and the link resolves on this server
		assertThat(http.getHtml("/model-cards/ua-ra-mlp").body()).contains("Model card: ua-ra-mlp");
	}

	@Test
	void cds_cards_link_to_the_model_card_of_the_model_they_show() throws IOException {
		String path = "/cds-services/immunorisk-patient-view";
		ObjectMapper json = new ObjectMapper();
		Http.Response response = http.send("POST", path, ScenarioPatients.patientView("ra-high", null),
				"Content-Type", "application/json", "Authorization", cdsBearer(path));
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		JsonNode cards = json.readTree(response.body()).get("cards");
		assertThat(cards).isNotEmpty();
		for (JsonNode card : cards) {
			String model = card.get("source").get("topic").get("code").asText();
			assertThat(card.get("source").get("url").asText()).isEqualTo(CARD_BASE + model);
			assertThat(card.get("links")).anySatisfy(link -> {
				assertThat(link.get("url").asText()).isEqualTo(CARD_BASE + model);
				assertThat(link.get("type").asText()).isEqualTo("absolute");
			});
		}
	}

	private HttpResponse<byte[]> bytes(String path) {
		try {
			return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(http.base() + path)).GET().build(),
					HttpResponse.BodyHandlers.ofByteArray());
		} catch (IOException e) {
			throw new java.io.UncheckedIOException(e);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}
}
