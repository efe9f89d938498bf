package org.immunorisk.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.hl7.fhir.r4.model.Coding;
import org.springframework.core.io.ClassPathResource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * How a model and its outcome are coded in FHIR. Shipped models are codes of the ImmunoRisk model CodeSystem; a
 * model trained on a site's own data (loaded from the local models folder) cannot be, since that CodeSystem is
 * complete and ships with the release, so it is coded in {@link #LOCAL_MODEL_SYSTEM} (the RiskAssessment profile's
 * method binding is extensible for this). Outcomes are always ImmunoRisk outcome codes: a local model predicts one
 * of the outcomes the pipelines were built for, so RiskAssessment searches by outcome keep working.
 */
public final class ModelCodes {

	public static final String MODEL_SYSTEM = "https://immunorisk.org/fhir/CodeSystem/immunorisk-model";
	/** Locally trained models: the code is the model id, meaningful on the server that ran it (its Library describes it). */
	public static final String LOCAL_MODEL_SYSTEM = "https://immunorisk.org/fhir/CodeSystem/immunorisk-local-model";
	public static final String OUTCOME_SYSTEM = "https://immunorisk.org/fhir/CodeSystem/immunorisk-outcome";

	private static final Set<String> MODELS = codes("immunorisk/terminology/CodeSystem-immunorisk-model.json");
	private static final Set<String> OUTCOMES = codes("immunorisk/terminology/CodeSystem-immunorisk-outcome.json");

	private ModelCodes() {}

	/** The coding of the model in RiskAssessment.method, Library.topic and a CDS card's source.topic. */
	public static Coding model(ModelDescription model) {
		return new Coding(system(model.id()), model.id(), model.title());
	}

	public static String system(String modelId) {
		return MODELS.contains(modelId) ? MODEL_SYSTEM : LOCAL_MODEL_SYSTEM;
	}

	/**
	 * Whether the model is not one ImmunoRisk ships (a locally trained model from the models folder): the server then
	 * says itself, whatever the manifest's own wording, that ImmunoRisk has not validated it.
	 */
	public static boolean isLocal(String modelId) {
		return !MODELS.contains(modelId);
	}

	/** What every output of a locally trained model says (RiskAssessment note, CDS card, model card page). */
	public static final String LOCAL_NOTICE = "Locally trained model, loaded from this server's models folder: not "
			+ "validated by ImmunoRisk. Validate it locally before any clinical use.";

	public static boolean isOutcome(String code) {
		return OUTCOMES.contains(code);
	}

	public static Set<String> outcomes() {
		return OUTCOMES;
	}

	private static Set<String> codes(String resource) {
		try (InputStream in = new ClassPathResource(resource).getInputStream()) {
			Set<String> codes = new LinkedHashSet<>();
			collect(new ObjectMapper().readTree(in).path("concept"), codes);
			return Set.copyOf(codes);
		} catch (IOException e) {
			throw new UncheckedIOException("ImmunoRisk terminology missing from the jar: " + resource, e);
		}
	}

	private static void collect(JsonNode concepts, Set<String> codes) {
		for (JsonNode concept : concepts) {
			codes.add(concept.path("code").asText());
			collect(concept.path("concept"), codes);
		}
	}
}
