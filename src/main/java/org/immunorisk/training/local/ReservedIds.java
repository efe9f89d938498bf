package org.immunorisk.training.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.immunorisk.models.RiskModel;
import org.immunorisk.models.published.PublishedScores;
import org.immunorisk.models.trained.TrainedModels;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a local model may not be called, and which outcomes it may predict: the ids of the models shipped with
 * ImmunoRisk (trained manifests on the classpath, published scores, and every code of CodeSystem immunorisk-model,
 * which reserves ids of models still to come), and the codes of CodeSystem immunorisk-outcome (the RiskAssessment
 * profile binds prediction.outcome to them, required).
 */
final class ReservedIds {

	private static final String MODEL_CODES = "immunorisk/terminology/CodeSystem-immunorisk-model.json";
	private static final String OUTCOME_CODES = "immunorisk/terminology/CodeSystem-immunorisk-outcome.json";

	private final Map<String, String> ids; // id → what it is
	private final List<String> outcomes;

	ReservedIds(Map<String, String> ids, List<String> outcomes) {
		this.ids = ids;
		this.outcomes = outcomes;
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
			for (RiskModel model : PublishedScores.all()) {
				ids.putIfAbsent(model.description().id(), "published score");
			}
			for (String code : codes(json, MODEL_CODES)) {
				ids.putIfAbsent(code, "a code of CodeSystem immunorisk-model");
			}
			return new ReservedIds(ids, codes(json, OUTCOME_CODES));
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private static List<String> codes(ObjectMapper json, String location) throws IOException {
		try (InputStream in = ReservedIds.class.getClassLoader().getResourceAsStream(location)) {
			if (in == null) {
				throw new IllegalStateException(location + " is missing from the classpath");
			}
			List<String> codes = new ArrayList<>();
			for (JsonNode concept : json.readTree(in).path("concept")) {
				codes.add(concept.path("code").asText());
			}
			return List.copyOf(codes);
		}
	}

	boolean contains(String id) {
		return ids.containsKey(id);
	}

	String what(String id) {
		return ids.get(id);
	}

	List<String> outcomes() {
		return outcomes;
	}
}
