package org.immunorisk.training.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.hl7.fhir.r4.model.Resource;
import org.immunorisk.models.local.LocalModelDirectory;
import org.immunorisk.models.trained.LogisticArtifact;
import org.immunorisk.testsupport.FhirServerTest;
import org.immunorisk.training.fhir.BundleWriter;
import org.immunorisk.training.fhir.CohortBundle;
import org.immunorisk.training.fhir.CohortBundles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The other route of item 7, on the real server: the synthetic RA progression cohort is loaded into the running
 * HAPI JPA store as its FHIR transaction bundles, the training command reads it back through the FHIR API (feature
 * definitions, as of each index date, labels from the cohort's labels.csv) and the model it writes is the model the
 * same pipeline trains from the cohort's CSV — the same inputs, so the same coefficients — and the server serves it.
 */
class FhirStoreTrainingTest extends FhirServerTest {

	@Autowired
	private LocalModelDirectory folder;

	@TempDir
	Path tmp;

	@org.junit.jupiter.api.AfterEach
	void withdraw() {
		withdrawLocalModel(folder, "site-ra-progression-fhir");
	}

	@Test
	void a_model_trained_through_the_fhir_api_of_the_running_server_equals_the_csv_trained_one_and_is_served() throws Exception {
		CohortBundle cohort = new CohortBundles(FHIR).raProgression();
		List<List<Resource>> patients = new ArrayList<>();
		for (CohortBundle.Subject subject : cohort.subjects()) {
			patients.add(subject.resources().get());
		}
		for (int from = 0; from < patients.size(); from += 50) { // within the test server's 2 MB request limit
			List<List<Resource>> part = patients.subList(from, Math.min(patients.size(), from + 50));
			var response = http.post("/fhir", "application/fhir+json", json(BundleWriter.bundle("ra-progression-" + from, part)));
			assertThat(response.status()).as(response.body()).isEqualTo(200);
		}
		Path labels = Files.writeString(tmp.resolve("labels.csv"), cohort.labelFiles().get(0).csv());
		Path csv = Files.writeString(tmp.resolve("ra-progression-cohort.csv"), cohort.csv());

		// One mapping for both routes: the FHIR route reads inputs by feature name, the CSV route by column.
		ObjectNode mapping = Command.JSON.createObjectNode();
		mapping.putObject("model").put("id", "site-ra-progression-fhir").put("version", "1.0.0")
				.put("title", "RA rapid radiographic progression (trained through FHIR, test)")
				.put("outcome", "rapid-radiographic-progression")
				.put("intendedUse", "Test of training through the FHIR API on the synthetic RA progression cohort.")
				.put("syntheticData", true);
		mapping.putObject("pipeline").put("name", "logistic").put("seed", 20250301).put("heldOutFraction", 0.25)
				.put("bootstrapResamples", 200);
		mapping.putObject("columns").put("patientId", "patient").put("indexDate", "index_date").put("label", "outcome");
		mapping.putArray("inputs").add(Command.JSON.createObjectNode().put("feature", "prime-cell-signature").put("column", "prime_cell_signature"))
				.add(Command.JSON.createObjectNode().put("feature", "crp").put("column", "crp_mg_l").put("unit", "mg/L"));
		Path fhirMapping = Command.write(tmp, "fhir-mapping.json", mapping);

		Command.Run viaFhir = Command.run("--mapping", fhirMapping.toString(), "--fhir-base", http.base() + "/fhir",
				"--labels", labels.toString(), "--out", LOCAL_MODELS.toString(), "--replace");
		assertThat(viaFhir.exit()).as(viaFhir.out() + viaFhir.err()).isZero();
		assertThat(viaFhir.out()).contains("patients fetched " + cohort.subjects().size() + "/" + cohort.subjects().size());

		// the CSV of the same cohort: its patient ids are the CSV's own, the labels' are the FHIR ids
		ObjectNode csvMapping = mapping.deepCopy();
		((ObjectNode) csvMapping.get("model")).put("id", "site-ra-progression-csv");
		((ObjectNode) csvMapping.get("columns")).put("patientId", "id").put("label", "rapid_radiographic_progression").remove("indexDate");
		Command.Run viaCsv = Command.run("--mapping", Command.write(tmp, "csv-mapping.json", csvMapping).toString(),
				"--csv", csv.toString(), "--out", tmp.resolve("csv-model").toString());
		assertThat(viaCsv.exit()).as(viaCsv.out() + viaCsv.err()).isZero();

		JsonNode fromFhir = Command.JSON.readTree(LOCAL_MODELS.resolve("site-ra-progression-fhir.json").toFile());
		JsonNode fromCsv = Command.JSON.readTree(tmp.resolve("csv-model").resolve("site-ra-progression-csv.json").toFile());
		assertThat(fromFhir.get("provenance").get("rowsUsed").asInt()).isEqualTo(cohort.subjects().size());
		LogisticArtifact a = Command.JSON.treeToValue(fromFhir, LogisticArtifact.class);
		LogisticArtifact b = Command.JSON.treeToValue(fromCsv, LogisticArtifact.class);
		assertThat(a.intercept()).isCloseTo(b.intercept(), org.assertj.core.data.Offset.offset(1e-9));
		for (int i = 0; i < a.inputs().size(); i++) {
			assertThat(a.inputs().get(i).coefficient()).isCloseTo(b.inputs().get(i).coefficient(), org.assertj.core.data.Offset.offset(1e-9));
		}

		folder.scan();
		assertThat(folder.serves("site-ra-progression-fhir")).as(String.valueOf(folder.entry("site-ra-progression-fhir.json"))).isTrue();
	}
}
