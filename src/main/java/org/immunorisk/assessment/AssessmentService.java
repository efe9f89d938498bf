package org.immunorisk.assessment;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import org.immunorisk.features.Feature;
import org.immunorisk.features.FeatureExtractor;
import org.immunorisk.features.FeatureVector;
import org.immunorisk.features.PatientRecord;
import org.immunorisk.models.ModelRegistry;
import org.immunorisk.models.RiskModel;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The one place predictions are made: patient record → inputs → models. {@code $risk-assess} and the CDS
 * Hooks service both call it, so a stored RiskAssessment and a card can never disagree.
 */
public final class AssessmentService {

	private final ModelRegistry models;
	private final FeatureExtractor extractor;

	public AssessmentService(ModelRegistry models, FeatureExtractor extractor) {
		this.models = models;
		this.extractor = extractor;
	}

	/** The requested models, or every model with data in its domain when none are requested. */
	public Assessment assess(PatientRecord record, List<String> modelIds, LocalDate date) {
		return assess(record, modelIds, date, List.of());
	}

	/**
	 * The same assessment as if the given results were on record (a pending test's possible results): what a
	 * test would add. Nothing is stored; the supposed inputs name no FHIR source.
	 */
	public Assessment assessSupposing(PatientRecord record, List<String> modelIds, LocalDate date, List<Feature> supposed) {
		return assess(record, modelIds, date, supposed);
	}

	private Assessment assess(PatientRecord record, List<String> modelIds, LocalDate date, List<Feature> supposed) {
		List<RiskModel> requested = resolve(modelIds);
		FeatureVector features = extractor.extract(record, date, supposed);
		List<ModelResult> results = new ArrayList<>();
		for (RiskModel model : requested.isEmpty() ? models.all() : requested) {
			if (requested.isEmpty() && !model.isApplicable(features)) {
				continue;
			}
			results.add(new ModelResult(model.description(), model.predict(features)));
		}
		return new Assessment(record, date, features, results);
	}

	/** Every registered model id. */
	public List<String> modelIds() {
		return models.all().stream().map(m -> m.description().id()).toList();
	}

	/** Unknown model ids are the client's mistake: 400 naming them. */
	public List<RiskModel> resolve(List<String> modelIds) {
		List<RiskModel> resolved = new ArrayList<>();
		List<String> unknown = new ArrayList<>();
		for (String id : modelIds) {
			models.find(id).ifPresentOrElse(resolved::add, () -> unknown.add(id));
		}
		if (!unknown.isEmpty()) {
			throw new InvalidRequestException("Unknown model " + String.join(", ", unknown) + ". Known models: "
					+ String.join(", ", models.all().stream().map(m -> m.description().id()).toList()));
		}
		return resolved;
	}
}
