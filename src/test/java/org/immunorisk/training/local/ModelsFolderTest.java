package org.immunorisk.training.local;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.immunorisk.features.FeatureVector;
import org.immunorisk.models.ModelRegistry;
import org.immunorisk.models.RiskModel;
import org.immunorisk.models.local.LocalModelDirectory;
import org.immunorisk.models.published.PublishedScores;
import org.immunorisk.models.trained.TrainedLogisticModel;
import org.immunorisk.models.trained.TrainedModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command's output in the server's local-models folder ({@link LocalModelDirectory}, without Spring: its scan
 * registers models before the catalogue publishes anything): what the command writes is loaded, a retrained model
 * replaces the old one, and its temporary files are never taken for manifests.
 */
class ModelsFolderTest {

	@TempDir
	Path tmp;

	private static ModelRegistry shippedRegistry() {
		List<RiskModel> models = new ArrayList<>(PublishedScores.all());
		models.addAll(TrainedModels.fromClasspath());
		return new ModelRegistry(models);
	}

	@Test
	void theServersFolderLoadsWhatTheCommandWritesAndReloadsARetrainedModel() throws Exception {
		Path folder = Files.createDirectories(tmp.resolve("models"));
		Path survival = quickForest();
		assertThat(Command.run("--mapping", Command.EXAMPLES.resolve("ra-progression-mapping.json").toString(), "--csv",
				Command.EXAMPLES.resolve("ra-progression.csv").toString(), "--out", folder.toString()).exit()).isZero();
		assertThat(Command.run("--mapping", survival.toString(), "--csv", Command.EXAMPLES.resolve("nsclc-survival.csv").toString(),
				"--out", folder.toString()).exit()).isZero();
		// What a watcher could meet while the command writes: a temporary file (never named *.json).
		Files.writeString(folder.resolve(".site-ra-rapid-progression.json.0123abcd.tmp"), "{\"half\": ");

		ModelRegistry registry = shippedRegistry();
		LocalModelDirectory directory = new LocalModelDirectory(folder, Duration.ofMinutes(1), registry, null);
		assertThat(directory.models()).containsExactly("site-nsclc-os-forest", "site-ra-rapid-progression");
		RiskModel served = registry.find("site-ra-rapid-progression").orElseThrow();
		assertThat(served.predict(FeatureVector.builder().number("prime-cell-signature", 1.0, null).number("crp", 5.0, "mg/L").build())
				.computed()).isTrue();
		double before = ((TrainedLogisticModel) served).artifact().intercept();

		// Retrained (another seed) with --replace: the next scan replaces the served model.
		ObjectNode mapping = Command.mapping("ra-progression-mapping.json");
		((ObjectNode) mapping.path("pipeline")).put("seed", 7);
		Command.Run retrain = Command.run("--mapping", Command.write(tmp, "retrain.json", mapping).toString(), "--csv",
				Command.EXAMPLES.resolve("ra-progression.csv").toString(), "--out", folder.toString(), "--replace");
		assertThat(retrain.exit()).as(retrain.err()).isZero();
		List<LocalModelDirectory.Entry> changed = directory.scan();
		assertThat(changed).extracting(LocalModelDirectory.Entry::file).containsExactly("site-ra-rapid-progression.json");
		assertThat(changed.get(0).loaded()).as(String.valueOf(changed.get(0).error())).isTrue();
		double after = ((TrainedLogisticModel) registry.find("site-ra-rapid-progression").orElseThrow()).artifact().intercept();
		assertThat(after).isNotEqualTo(before);
	}

	/** The survival example with fewer trees, for a quicker test. */
	private Path quickForest() {
		ObjectNode mapping = Command.mapping("nsclc-survival-mapping.json");
		((ObjectNode) mapping.path("pipeline")).put("trees", 100).put("bootstrapResamples", 300);
		return Command.write(tmp, "forest.json", mapping);
	}
}
