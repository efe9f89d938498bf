package org.immunorisk.training.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.immunorisk.models.ModelCodes;
import org.immunorisk.models.RiskModel;
import org.immunorisk.models.published.PublishedScores;
import org.immunorisk.models.trained.TrainedModels;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a local model may not be called, and which outcomes it may predict: the ids of the models shipped with
 * ImmunoRisk (trained manifests on the classpath and published scores, which the server's local-models folder refuses
 * too, and every code of CodeSystem immunorisk-model, which would code the local model as a shipped one), and the
 * codes of CodeSystem immunorisk-outcome (the RiskAssessment profile binds prediction.outcome to them, required).
 * The code systems are read through {@link ModelCodes}, as the server reads them.
 */
final class ReservedIds {

	private final Map<String, String> ids; // id → what it is

	ReservedIds(Map<String, String> ids) {
		this.ids = ids;
	}

	static ReservedIds fromClasspath() {
		Map<String, String> ids = new LinkedHashMap<>();
		ObjectMapper json = new ObjectMapper();
		try {
			Resource[] files = new PathMatchingResourcePatternResolver().getResources("classpath*:" + TrainedModels.LOCATION + "*.json");
			for (Resource file : files) {
				try (InputStream in = file.getInputStream()) {
					ids.putIfAbsent(json.readTree(in).path("id").asText(), "trained model " + file.getFilename());
				}
			}
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		for (RiskModel model : PublishedScores.all()) {
			ids.putIfAbsent(model.description().id(), "published score");
		}
		return new ReservedIds(ids);
	}

	boolean contains(String id) {
		return ids.containsKey(id) || ModelCodes.MODEL_SYSTEM.equals(ModelCodes.system(id));
	}

	String what(String id) {
		return ids.getOrDefault(id, "a code of CodeSystem immunorisk-model");
	}

	boolean isOutcome(String code) {
		return ModelCodes.isOutcome(code);
	}

	/** The outcome codes, sorted (for messages that list them). */
	List<String> outcomes() {
		return ModelCodes.outcomes().stream().sorted().toList();
	}
}
