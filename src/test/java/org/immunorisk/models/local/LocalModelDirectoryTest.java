package org.immunorisk.models.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Library;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.RiskAssessment;
import org.hl7.fhir.r4.model.StringType;
import org.immunorisk.models.ModelCodes;
import org.immunorisk.models.ModelRegistry;
import org.immunorisk.testsupport.FhirServerTest;
import org.immunorisk.testsupport.Http;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.immunorisk.testsupport.ShippedContent.TEST_BUNDLES;
import static org.immunorisk.testsupport.ShippedContent.read;

/**
 * A model dropped into the local models folder ({@code immunorisk.models.directory}) is served by the running server
 * — $risk-assess, the catalogue, its card — without a rebuild or restart; a changed manifest replaces it, a removed
 * one withdraws it, and a manifest that does not load or takes a shipped model's id is refused while the server
 * goes on. The models here are hand-written logistic manifests with known numbers (zero slopes, so the probability
 * is the intercept's): what a site's training run writes is tested with the training command.
 */
class LocalModelDirectoryTest extends FhirServerTest {

	private static final ObjectMapper JSON = new ObjectMapper();

	@Autowired
	private LocalModelDirectory folder;

	@Autowired
	private ModelRegistry registry;

	private static boolean loaded;

	@BeforeEach
	void loadPatient() {
		if (!loaded) {
			assertThat(http.post("/fhir", "application/fhir+json", read(TEST_BUNDLES.resolve("ra-high.json"))).status()).isEqualTo(200);
			loaded = true;
		}
	}

	@org.junit.jupiter.api.AfterEach
	void withdraw() {
		for (String id : new String[] {"site-ra-progression", "site-found-by-scan", "site-edited"}) {
			withdrawLocalModel(folder, id, "ra-high-patient");
		}
	}

	/** A logistic model on crp and esr with zero slopes: its probability is 1 / (1 + e^-intercept) for anyone. */
	private static ObjectNode manifest(String id, String version, double probability, String intendedUse) {
		ObjectNode m = JSON.createObjectNode();
		m.put("kind", "logistic-regression").put("id", id).put("version", version).put("title", "Site model " + id)
				.put("outcome", "ua-progression-to-ra").put("intendedUse", intendedUse)
				.put("citation", "Trained on site data (test)").put("trainedOnSyntheticData", false)
				.put("evidenceLevel", "Site registry model."); // says nothing about validation: the server must
		m.putArray("inputs").add(JSON.createObjectNode().put("name", "crp").put("mean", 5.0).put("sd", 2.0).put("coefficient", 0.0))
				.add(JSON.createObjectNode().put("name", "esr").put("mean", 20.0).put("sd", 10.0).put("coefficient", 0.0));
		m.put("intercept", Math.log(probability / (1 - probability)));
		m.putArray("riskBands").add(JSON.createObjectNode().put("below", 0.4).put("risk", "low").put("category", "unlikely"))
				.add(JSON.createObjectNode().putNull("below").put("risk", "high").put("category", "likely"));
		m.putObject("provenance").put("trainingData", "site registry (test)");
		m.putObject("metrics");
		return m;
	}

	/** Written as the training command writes: a dot-file first, then one atomic move. */
	private static void drop(String fileName, String content) throws IOException {
		Path temporary = LOCAL_MODELS.resolve("." + fileName + ".tmp");
		Files.writeString(temporary, content);
		Files.move(temporary, LOCAL_MODELS.resolve(fileName), StandardCopyOption.ATOMIC_MOVE);
	}

	private Http.Response riskAssess(String model) {
		Parameters parameters = new Parameters();
		parameters.addParameter("date", new org.hl7.fhir.r4.model.DateType("2026-10-01"));
		parameters.addParameter("model", new StringType(model));
		return http.post("/fhir/Patient/ra-high-patient/$risk-assess", "application/fhir+json", json(parameters));
	}

	private RiskAssessment riskAssessment(String model) {
		Http.Response response = riskAssess(model);
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return (RiskAssessment) parseBody(Bundle.class, response.body()).getEntry().stream()
				.map(Bundle.BundleEntryComponent::getResource).filter(RiskAssessment.class::isInstance).findFirst().orElseThrow();
	}

	@Test
	void a_model_dropped_into_the_folder_is_served_then_replaced_then_withdrawn() throws IOException {
		String id = "site-ra-progression";
		drop(id + ".json", manifest(id, "1.0.0", 0.3, "Site test model, version 1").toPrettyString());
		Files.writeString(LOCAL_MODELS.resolve(id + ".md"), "# Model card: " + id + "\n\nSite card <script>alert(1)</script>\n");
		folder.scan();
		assertThat(folder.serves(id)).isTrue();

		RiskAssessment risk = riskAssessment(id);
		assertThat(risk.getPredictionFirstRep().getProbabilityDecimalType().getValue()).isEqualByComparingTo(new BigDecimal("0.3000"));
		// coded in the local-model system (the shipped CodeSystem is complete); the profile's extensible binding allows it
		assertThat(risk.getMethod().getCodingFirstRep().getSystem()).isEqualTo(ModelCodes.LOCAL_MODEL_SYSTEM);
		assertThat(risk.getNote()).anySatisfy(n -> assertThat(n.getText()).isEqualTo(ModelCodes.LOCAL_NOTICE))
				.noneSatisfy(n -> assertThat(n.getText()).contains("synthetic"));
		Library library = parseBody(Library.class, http.get("/fhir/Library/immunorisk-model-" + id).body());
		assertThat(library.getVersion()).isEqualTo("1.0.0");
		assertThat(library.getStatus()).isEqualTo(Enumerations.PublicationStatus.ACTIVE);
		Http.Response card = http.getHtml("/model-cards/" + id);
		assertThat(card.body()).contains("Site card &lt;script&gt;", "not validated by ImmunoRisk").doesNotContain("<script>");

		// retrained: same id, new manifest → replaces the served model, no restart
		drop(id + ".json", manifest(id, "1.1.0", 0.5, "Site test model, version 2").toPrettyString());
		folder.scan();
		assertThat(riskAssessment(id).getPredictionFirstRep().getProbabilityDecimalType().getValue())
				.isEqualByComparingTo(new BigDecimal("0.5000"));
		assertThat(parseBody(Library.class, http.get("/fhir/Library/immunorisk-model-" + id).body()).getVersion()).isEqualTo("1.1.0");

		// removed → withdrawn: $risk-assess no longer knows it, its Library stays but is retired
		Files.delete(LOCAL_MODELS.resolve(id + ".json"));
		folder.scan();
		assertThat(registry.find(id)).isEmpty();
		assertOperationOutcome(riskAssess(id), 400);
		assertThat(parseBody(Library.class, http.get("/fhir/Library/immunorisk-model-" + id).body()).getStatus())
				.isEqualTo(Enumerations.PublicationStatus.RETIRED);
	}

	@Test
	void the_running_server_finds_a_new_model_by_itself() throws IOException {
		String id = "site-found-by-scan";
		drop(id + ".json", manifest(id, "1.0.0", 0.8, "Site test model").toPrettyString());
		// No scan() here: the folder's own periodic scan (every second in tests) must find it. A bound, not a timing.
		await(() -> registry.find(id).isPresent(), Duration.ofSeconds(60));
		assertThat(riskAssessment(id).getPredictionFirstRep().getQualitativeRisk().getCodingFirstRep().getCode()).isEqualTo("high");
		Files.delete(LOCAL_MODELS.resolve(id + ".json"));
		folder.scan();
	}

	@Test
	void a_manifest_that_does_not_load_is_refused_and_the_server_goes_on() throws IOException {
		drop("site-broken.json", "{\"kind\": \"logistic-regression\", \"id\": \"site-broken\"");
		drop("site-unknown-kind.json", "{\"kind\": \"neural-ode\", \"id\": \"site-unknown-kind\"}");
		ObjectNode wrongName = manifest("site-other-id", "1.0.0", 0.3, "x");
		drop("site-wrong-name.json", wrongName.toPrettyString());
		drop("site-new-outcome.json", manifest("site-new-outcome", "1.0.0", 0.3, "x").put("outcome", "hair-loss").toPrettyString());
		folder.scan();

		assertThat(folder.entry("site-broken.json").orElseThrow().error()).startsWith("does not load");
		assertThat(folder.entry("site-unknown-kind.json").orElseThrow().error()).contains("unknown model kind 'neural-ode'");
		assertThat(folder.entry("site-wrong-name.json").orElseThrow().error()).contains("must match the file name");
		assertThat(folder.entry("site-new-outcome.json").orElseThrow().error()).contains("'hair-loss' is not an ImmunoRisk outcome");
		assertThat(registry.find("site-broken")).isEmpty();
		// the plots of a refused model are not served either
		Files.write(LOCAL_MODELS.resolve("site-broken-roc.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G'});
		assertThat(http.getHtml("/model-cards/site-broken-roc.png").status()).isEqualTo(404);
		Files.delete(LOCAL_MODELS.resolve("site-broken-roc.png"));
		assertThat(registry.find("site-other-id")).isEmpty();
		assertThat(riskAssessment("ua-ra-mlp").getPredictionFirstRep().hasProbabilityDecimalType()).isTrue();

		for (String file : new String[] {"site-broken.json", "site-unknown-kind.json", "site-wrong-name.json", "site-new-outcome.json"}) {
			Files.delete(LOCAL_MODELS.resolve(file));
		}
		folder.scan();
	}

	/** A bad edit of a served model's manifest keeps the version before in service; removing the file withdraws it. */
	@Test
	void a_refused_edit_keeps_the_version_before_until_the_file_is_fixed_or_removed() throws IOException {
		String id = "site-edited";
		drop(id + ".json", manifest(id, "1.0.0", 0.3, "Site test model").toPrettyString());
		folder.scan();
		drop(id + ".json", "{\"kind\": \"logistic-regression\", \"id\": \"" + id + "\""); // a broken edit
		folder.scan();
		LocalModelDirectory.Entry refused = folder.entry(id + ".json").orElseThrow();
		assertThat(refused.loaded()).isFalse();
		assertThat(refused.serving()).isTrue();
		assertThat(registry.find(id).orElseThrow().description().version()).isEqualTo("1.0.0");

		drop(id + ".json", manifest(id, "1.0.1", 0.4, "Site test model, fixed").toPrettyString()); // fixed: replaces
		folder.scan();
		assertThat(registry.find(id).orElseThrow().description().version()).isEqualTo("1.0.1");

		drop(id + ".json", "not json"); // broken again, then removed: withdrawn, not left in service
		folder.scan();
		Files.delete(LOCAL_MODELS.resolve(id + ".json"));
		folder.scan();
		assertThat(registry.find(id)).isEmpty();
	}

	@Test
	void ids_that_cannot_be_fhir_ids_or_urls_are_refused() throws IOException {
		drop("Site_Model.json", manifest("Site_Model", "1.0.0", 0.3, "x").toPrettyString());
		folder.scan();
		assertThat(folder.entry("Site_Model.json").orElseThrow().error()).contains("lower-case letters, digits and hyphens");
		assertThat(registry.find("Site_Model")).isEmpty();
		Files.delete(LOCAL_MODELS.resolve("Site_Model.json"));
		folder.scan();
	}

	@Test
	void a_symbolic_link_in_the_folder_is_not_followed() throws IOException {
		Path outside = Files.writeString(Files.createTempFile("outside", ".png"), "secret");
		Path link = LOCAL_MODELS.resolve("site-linked-roc.png");
		Files.createSymbolicLink(link, outside);
		try {
			assertThat(http.getHtml("/model-cards/site-linked-roc.png").status()).isEqualTo(404);
		} finally {
			Files.delete(link);
			Files.delete(outside);
		}
	}

	@Test
	void a_local_manifest_may_not_replace_a_shipped_model() throws IOException {
		String before = registry.find("ua-ra-mlp").orElseThrow().description().version();
		drop("ua-ra-mlp.json", manifest("ua-ra-mlp", "9.9.9", 0.99, "An attempt to shadow a shipped model").toPrettyString());
		folder.scan();
		assertThat(folder.entry("ua-ra-mlp.json").orElseThrow().error()).contains("shipped with ImmunoRisk");
		assertThat(registry.find("ua-ra-mlp").orElseThrow().description().version()).isEqualTo(before);
		Files.delete(LOCAL_MODELS.resolve("ua-ra-mlp.json"));
		folder.scan();
		assertThat(registry.find("ua-ra-mlp")).isPresent(); // removing the refused file withdraws nothing
	}

	@Test
	void temporary_files_of_a_training_run_are_not_read() throws IOException {
		Files.writeString(LOCAL_MODELS.resolve(".site-half-written.json"), "{\"kind\": ");
		folder.scan();
		assertThat(folder.entry(".site-half-written.json")).isEmpty();
		Files.delete(LOCAL_MODELS.resolve(".site-half-written.json"));
	}

	private static void await(BooleanSupplier condition, Duration bound) {
		Instant deadline = Instant.now().plus(bound);
		while (!condition.getAsBoolean()) {
			assertThat(Instant.now()).as("condition not met within " + bound).isBefore(deadline);
			try {
				Thread.sleep(100);
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(e);
			}
		}
	}
}
