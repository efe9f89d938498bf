package org.immunorisk.cds;

import org.immunorisk.assessment.Assessment;
import org.immunorisk.assessment.ModelResult;
import org.immunorisk.assessment.RiskAssessmentWriter;
import org.immunorisk.modelcards.ModelCardLinks;
import org.immunorisk.models.ModelCodes;
import org.immunorisk.models.ModelDescription;
import org.immunorisk.models.Prediction;
import org.immunorisk.models.RiskLevel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Cards from an assessment, as CDS Hooks 2.0 requires (uuid, summary under 140 characters, indicator, source,
 * markdown detail): one per computed result that concerns the clinician at the service's threshold. The detail
 * carries the same rationale, model, evidence and synthetic-data notice as the stored RiskAssessment.
 */
final class CardFactory {

	static final int MAX_SUMMARY = 139;

	private CardFactory() {}

	static final String OVERRIDE_SYSTEM = "https://immunorisk.org/fhir/CodeSystem/immunorisk-cds-override-reason";
	static final List<Map<String, String>> OVERRIDE_REASONS = List.of(
			reason("already-known", "Already known"),
			reason("not-applicable", "Not applicable to this patient"),
			reason("disagree-with-result", "Disagree with the result"),
			reason("data-wrong-or-outdated", "Data wrong or outdated"));

	private static Map<String, String> reason(String code, String display) {
		return Map.of("system", OVERRIDE_SYSTEM, "code", code, "display", display);
	}

	/**
	 * @param suggestions what each card may offer the clinician: record the RiskAssessment, order missing tests
	 */
	static List<Map<String, Object>> cards(CdsServiceDescriptor service, Assessment assessment, List<String> triggeredBy,
			CardSuggestions suggestions, ModelCardLinks links) {
		List<Map<String, Object>> cards = new ArrayList<>();
		for (ModelResult result : assessment.computed()) {
			Prediction prediction = result.prediction();
			if (prediction.risk() == null) {
				continue;
			}
			RiskLevel concern = service.concern(result.model().outcome(), prediction.risk());
			if (!service.earnsCard(concern)) {
				continue;
			}
			Map<String, Object> card = card(service, result.model(), prediction, concern, links);
			List<Map<String, Object>> offered = suggestions.forResult(assessment, result);
			if (!offered.isEmpty()) {
				card.put("suggestions", offered);
				card.put("selectionBehavior", "any"); // CDS Hooks 2.0: required whenever suggestions are given
			}
			card.put("overrideReasons", OVERRIDE_REASONS);
			card.put("links", List.of(modelCardLink(result.model(), links)));
			if (!triggeredBy.isEmpty()) {
				card.put("detail", "Order: " + String.join(", ", triggeredBy) + ".\n\n" + card.get("detail"));
			}
			cards.add(card);
		}
		return cards;
	}

	/** The model card: what the model is, its evidence and (trained models) its metrics and calibration. */
	static Map<String, Object> modelCardLink(ModelDescription model, ModelCardLinks links) {
		return Map.of("label", "Model card: " + model.title(), "url", links.url(model.id()), "type", "absolute");
	}

	private static Map<String, Object> card(CdsServiceDescriptor service, ModelDescription model, Prediction prediction,
			RiskLevel concern, ModelCardLinks links) {
		Map<String, Object> card = new LinkedHashMap<>();
		card.put("uuid", UUID.randomUUID().toString());
		card.put("summary", summary(model, prediction));
		card.put("indicator", service.indicator(concern));
		card.put("detail", detail(model, prediction));
		Map<String, Object> source = new LinkedHashMap<>();
		source.put("label", service.source().label() + ": " + model.id() + " " + model.version());
		source.put("url", links.url(model.id()));
		source.put("topic", Map.of("system", ModelCodes.system(model.id()), "code", model.id(), "display", model.title()));
		card.put("source", source);
		return card;
	}

	static String summary(ModelDescription model, Prediction prediction) {
		String result = prediction.category() != null ? prediction.category() : prediction.risk().display();
		if (prediction.score() != null) {
			result += ", score " + RiskAssessmentWriter.format(prediction.score());
		} else if (prediction.probability() != null) {
			result += ", " + Math.round(prediction.probability() * 100) + "%";
		}
		String prefix = model.trainedOnSyntheticData() ? "[demo model] " : ModelCodes.isLocal(model.id()) ? "[local model] " : "";
		String summary = prefix + model.title() + ": " + result;
		return summary.length() <= MAX_SUMMARY ? summary : summary.substring(0, MAX_SUMMARY - 1) + "…";
	}

	private static String detail(ModelDescription model, Prediction prediction) {
		StringBuilder md = new StringBuilder();
		if (model.trainedOnSyntheticData()) {
			md.append("**").append(RiskAssessmentWriter.SYNTHETIC_NOTICE).append("**\n\n");
		}
		if (ModelCodes.isLocal(model.id())) {
			md.append("**").append(ModelCodes.LOCAL_NOTICE).append("**\n\n");
		}
		md.append(text(prediction.summary())).append("\n\n");
		if (!prediction.factors().isEmpty()) {
			md.append("| factor | value | points |\n|---|---|---|\n");
			prediction.factors().forEach(f -> md.append("| ").append(escape(f.input())).append(" | ")
					.append(escape(f.value())).append(" | ")
					.append(f.points() == null ? "" : RiskAssessmentWriter.format(f.points())).append(" |\n"));
			md.append('\n');
		}
		if (!prediction.missingInputs().isEmpty()) {
			md.append("Missing inputs (not guessed): ").append(text(String.join(", ", prediction.missingInputs()))).append("\n\n");
		}
		md.append("Model: `").append(model.id()).append(' ').append(model.version()).append("`. Evidence: ")
				.append(text(model.evidenceLevel())).append(" Intended use: ").append(text(model.intendedUse()));
		return md.toString();
	}

	static String escape(String text) {
		return text(text).replace("|", "\\|").replace("\n", " ");
	}

	/**
	 * Model text as literal markdown: HLA alleles (B*40:01, DRB1*04:05) would otherwise pair their asterisks into
	 * emphasis in the EHR, and a "<" could open raw HTML.
	 */
	static String text(String text) {
		return text == null ? "" : text.replaceAll("([\\\\`*_\\[\\]<])", "\\\\$1");
	}
}
