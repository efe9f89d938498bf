package org.immunorisk.training.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.immunorisk.features.FeatureVector;
import org.immunorisk.models.Prediction;
import org.immunorisk.models.RiskModel;
import org.immunorisk.models.trained.TrainedLogisticModel;
import org.immunorisk.models.trained.TrainedSurvivalForestModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command on the documented examples (synthetic CSVs from ImmunoRisk's seeded generators): it trains, writes
 * the files in the watcher's order, and the manifest loads with the server's loader into a model that predicts.
 */
class TrainOnLocalDataTest {

	@TempDir
	Path tmp;

	@Test
	void theExampleCsvsAreWhatTheGeneratorsGive() throws Exception {
		assertThat(Files.readString(Command.EXAMPLES.resolve("ra-progression.csv"))).isEqualTo(LocalTrainingExamples.raProgression());
		assertThat(Files.readString(Command.EXAMPLES.resolve("nsclc-survival.csv"))).isEqualTo(LocalTrainingExamples.nsclcSurvival());
	}

	@Test
	void logisticFromCsvWritesAModelTheServerLoadsAndThatPredicts() throws Exception {
		Path out = tmp.resolve("models");
		Command.Run run = Command.run("--mapping", Command.EXAMPLES.resolve("ra-progression-mapping.json").toString(),
				"--csv", Command.EXAMPLES.resolve("ra-progression.csv").toString(), "--out", out.toString());
		assertThat(run.exit()).as(run.err()).isZero();
		assertThat(run.err()).isEmpty();
		assertThat(run.out()).contains("Read 300 rows from ra-progression.csv", "crp <- column crp_mg_dl (mg/dL converted to mg/L, x 10)",
				"Excluded 7 of 300 rows (not imputed): missing crp: 7", "Using 293 rows", "Training: logistic regression",
				"Evaluation: held-out AUROC");
		// Card and plot before the manifest, the manifest last; nothing temporary left behind.
		assertThat(wrote(run.out())).containsExactly("site-ra-rapid-progression.md", "site-ra-rapid-progression-roc.png",
				"site-ra-rapid-progression-calibration.png", "site-ra-rapid-progression.json");
		assertThat(Command.files(out)).containsExactly("site-ra-rapid-progression-calibration.png", "site-ra-rapid-progression-roc.png",
				"site-ra-rapid-progression.json", "site-ra-rapid-progression.md");

		RiskModel model = Command.load(out, "site-ra-rapid-progression");
		assertThat(model).isInstanceOf(TrainedLogisticModel.class);
		Prediction high = model.predict(FeatureVector.builder().number("prime-cell-signature", 2.0, null).number("crp", 2.0, "mg/L").build());
		Prediction low = model.predict(FeatureVector.builder().number("prime-cell-signature", -2.0, null).number("crp", 2.0, "mg/L").build());
		assertThat(high.computed()).isTrue();
		// The generator gives progression a positive PRIME-cell effect (RaProgressionCohort); the fit must find it.
		assertThat(high.probability()).isGreaterThan(low.probability());
		Prediction missing = model.predict(FeatureVector.builder().number("prime-cell-signature", 1.0, null).build());
		assertThat(missing.computed()).isFalse();
		assertThat(missing.missingInputs()).containsExactly("crp");

		JsonNode manifest = Command.JSON.readTree(out.resolve("site-ra-rapid-progression.json").toFile());
		assertThat(manifest.path("trainedOnSyntheticData").asBoolean()).isTrue(); // the example says its data are synthetic
		JsonNode provenance = manifest.path("provenance");
		assertThat(provenance.path("trainer").asText()).isEqualTo("org.immunorisk.training.local.TrainOnLocalData");
		assertThat(provenance.path("trainedOn").asText()).isEqualTo("2025-06-30");
		assertThat(provenance.path("cohortSha256").asText())
				.isEqualTo(Hashes.sha256(Files.readAllBytes(Command.EXAMPLES.resolve("ra-progression.csv"))));
		assertThat(provenance.path("dataSource").path("file").asText()).isEqualTo("ra-progression.csv");
		assertThat(provenance.path("rowsUsed").asInt()).isEqualTo(293);
		assertThat(provenance.path("rowsExcluded").asInt()).isEqualTo(7);
		assertThat(provenance.path("seed").asLong()).isEqualTo(20250301L);
		assertThat(provenance.path("hyperParameters").path("heldOutFraction").asDouble()).isEqualTo(0.25);
		assertThat(provenance.path("library").asText()).contains("smile-core");
		// CRP came in mg/dL; the manifest's mean is in the feature's mg/L (the generator's median CRP is 8 mg/L).
		assertThat(manifest.path("inputs").get(1).path("mean").asDouble()).isBetween(5.0, 25.0);

		String card = Files.readString(out.resolve("site-ra-rapid-progression.md"));
		assertThat(card).contains("## Intended use", "## Data source", "ra-progression.csv", "95% CI", "site-ra-rapid-progression-roc.png",
				"## Calibration", "site-ra-rapid-progression-calibration.png", "Not clinically validated", "ImmunoRisk has not validated this model");
		assertThat(card).as("calibration as a section, not dumped as a raw metric").doesNotContain("| calibrationHeldOut |");
	}

	@Test
	void theSiteFlagDecidesWhatTheModelSaysAboutItsData() throws Exception {
		ObjectNode mapping = Command.mapping("ra-progression-mapping.json");
		((ObjectNode) mapping.path("model")).remove("syntheticData"); // a site's own data: the default
		Path file = Command.write(tmp, "site.json", mapping);
		Path out = tmp.resolve("models");
		Command.Run run = Command.run("--mapping", file.toString(), "--csv", Command.EXAMPLES.resolve("ra-progression.csv").toString(),
				"--out", out.toString());
		assertThat(run.exit()).as(run.err()).isZero();
		RiskModel model = Command.load(out, "site-ra-rapid-progression");
		assertThat(model.description().trainedOnSyntheticData()).isFalse();
		assertThat(model.description().evidenceLevel()).isEqualTo("Locally trained on this site's data with ImmunoRisk's logistic"
				+ " pipeline; not validated by ImmunoRisk: validate locally before any clinical use.");
		assertThat(model.description().citation()).contains("Trained at this site on 2025-06-30", "ra-progression.csv");
		String card = Files.readString(out.resolve("site-ra-rapid-progression.md"));
		assertThat(card).contains("**Locally trained on this site's data. Not validated by ImmunoRisk: validate locally before any clinical use.**")
				.doesNotContain("Trained on synthetic data");
	}

	@Test
	void survivalForestFromCsvWritesForestThenCardThenManifestAndTheForestPredicts() throws Exception {
		ObjectNode mapping = Command.mapping("nsclc-survival-mapping.json");
		((ObjectNode) mapping.path("pipeline")).put("trees", 100).put("bootstrapResamples", 300); // a quicker test
		Path file = Command.write(tmp, "forest.json", mapping);
		Path out = tmp.resolve("models");
		Command.Run run = Command.run("--mapping", file.toString(), "--csv", Command.EXAMPLES.resolve("nsclc-survival.csv").toString(),
				"--out", out.toString());
		assertThat(run.exit()).as(run.err()).isZero();
		assertThat(run.out()).contains("albumin <- column albumin_g_l (g/L converted to g/dL, x 0.1)",
				"plasma-osteopontin <- column osteopontin_ng_ml (ng/mL converted to pg/mL, x 1000)", "missing albumin: 4",
				"Training: random survival forest, 100 trees", "held-out C");
		assertThat(wrote(run.out())).containsExactly("site-nsclc-os-forest.rsf", "site-nsclc-os-forest.md",
				"site-nsclc-os-forest-km.png", "site-nsclc-os-forest.json");

		RiskModel model = Command.load(out, "site-nsclc-os-forest");
		assertThat(model).isInstanceOf(TrainedSurvivalForestModel.class);
		FeatureVector patient = FeatureVector.builder().number("age", 70, "a").code("sex", "male").number("albumin", 3.2, "g/dL")
				.number("nlr", 6, "{ratio}").number("plasma-il-8", 30, "pg/mL").number("plasma-il-11", 12, "pg/mL")
				.number("plasma-osteopontin", 90000, "pg/mL").build();
		Prediction prediction = model.predict(patient);
		assertThat(prediction.computed()).isTrue();
		assertThat(prediction.score()).isPositive();
		assertThat(model.isApplicable(FeatureVector.builder().number("age", 70, "a").code("sex", "male").build()))
				.as("age and sex alone do not make the model applicable").isFalse();
		assertThat(model.isApplicable(FeatureVector.builder().number("albumin", 3.2, "g/dL").build())).isTrue();

		JsonNode manifest = Command.JSON.readTree(out.resolve("site-nsclc-os-forest.json").toFile());
		assertThat(manifest.path("kind").asText()).isEqualTo("random-survival-forest");
		assertThat(manifest.path("forest").asText()).isEqualTo("site-nsclc-os-forest.rsf");
		assertThat(manifest.path("forestSha256").asText()).isEqualTo(Hashes.sha256(Files.readAllBytes(out.resolve("site-nsclc-os-forest.rsf"))));
		assertThat(manifest.path("inputs").get(1).path("encoding").asText()).isEqualTo("male=1,female=0");
		JsonNode metrics = manifest.path("metrics");
		double c = metrics.path("cHeldOut").asDouble();
		assertThat(c).isBetween(metrics.path("cHeldOutCi95").get(0).asDouble(), metrics.path("cHeldOutCi95").get(1).asDouble());
		assertThat(metrics.path("heldOutHighRisk").has("events")).isTrue();
		assertThat(metrics.path("importance").size()).isEqualTo(7);
		// Months in the file, days in the model: the longest follow-up of the cohort is about 3 years (NsclcCytokineCohort).
		assertThat(manifest.path("provenance").path("dataSource").path("timeUnitInFile").asText()).isEqualTo("months");
		assertThat(Files.readString(out.resolve("site-nsclc-os-forest.md"))).contains("Harrell's C, held-out part", "95% CI",
				"site-nsclc-os-forest-km.png", "male=1,female=0");
	}

	@Test
	void sameDataSameSeedSameManifest() throws Exception {
		String[] args = {"--mapping", Command.EXAMPLES.resolve("ra-progression-mapping.json").toString(), "--csv",
				Command.EXAMPLES.resolve("ra-progression.csv").toString(), "--out", ""};
		args[5] = tmp.resolve("a").toString();
		assertThat(Command.run(args).exit()).isZero();
		args[5] = tmp.resolve("b").toString();
		assertThat(Command.run(args).exit()).isZero();
		assertThat(Files.readString(tmp.resolve("b/site-ra-rapid-progression.json")))
				.isEqualTo(Files.readString(tmp.resolve("a/site-ra-rapid-progression.json")));
	}

	@Test
	void replaceOverwritesWithTheRetrainedModel() throws Exception {
		Path out = tmp.resolve("models");
		String[] args = {"--mapping", Command.EXAMPLES.resolve("ra-progression-mapping.json").toString(), "--csv",
				Command.EXAMPLES.resolve("ra-progression.csv").toString(), "--out", out.toString()};
		assertThat(Command.run(args).exit()).isZero();
		Command.Run again = Command.run(args);
		assertThat(again.exit()).isEqualTo(1);
		assertThat(again.err()).contains("site-ra-rapid-progression.json already exists; give --replace");
		String before = Files.readString(out.resolve("site-ra-rapid-progression.json"));
		// retrained with another seed (another split, other coefficients): --replace must put the new model in place
		com.fasterxml.jackson.databind.node.ObjectNode mapping = Command.mapping("ra-progression-mapping.json");
		((com.fasterxml.jackson.databind.node.ObjectNode) mapping.path("pipeline")).put("seed", 7);
		String[] replace = {"--mapping", Command.write(tmp, "reseeded.json", mapping).toString(), "--csv",
				Command.EXAMPLES.resolve("ra-progression.csv").toString(), "--out", out.toString(), "--replace"};
		assertThat(Command.run(replace).exit()).isZero();
		String after = Files.readString(out.resolve("site-ra-rapid-progression.json"));
		assertThat(after).isNotEqualTo(before).contains("\"seed\" : 7");
		assertThat(Command.files(out)).noneMatch(name -> name.startsWith("."));
	}

	/** File names of the "Wrote ..." progress lines, in order. */
	private static List<String> wrote(String out) {
		return out.lines().filter(l -> l.startsWith("Wrote ")).map(l -> Path.of(l.substring(6, l.indexOf(" (")))
				.getFileName().toString()).toList();
	}
}
