package org.immunorisk.cds;

import org.immunorisk.assessment.Assessment;
import org.immunorisk.assessment.AssessmentService;
import org.immunorisk.modelcards.ModelCardLinks;
import org.immunorisk.assessment.ModelResult;
import org.immunorisk.assessment.RiskAssessmentWriter;
import org.immunorisk.features.Feature;
import org.immunorisk.features.PatientRecord;
import org.immunorisk.models.ModelDescription;
import org.immunorisk.models.Prediction;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Cards for a test order (serum IgG4, HLA typing): what the result would add. The models the result feeds are
 * run on the record as it is and once per supposed result band; the card says which results the test can
 * change for this patient and which it cannot (a classification already reached, or an entry criterion the
 * test does not touch). It informs the order; it predicts no result, so its indicator is always info.
 */
final class PendingResultCards {

	private PendingResultCards() {}

	static List<Map<String, Object>> cards(CdsServiceDescriptor service, List<CdsServiceDescriptor.Trigger> ordered,
			PatientRecord record, AssessmentService assessments, LocalDate date, ModelCardLinks links) {
		List<Map<String, Object>> cards = new ArrayList<>();
		for (CdsServiceDescriptor.Trigger trigger : ordered) {
			service.pendingResult(trigger).ifPresent(pending -> cards.add(card(service, trigger, pending,
					record, assessments, date, links)));
		}
		return cards;
	}

	private static Map<String, Object> card(CdsServiceDescriptor service, CdsServiceDescriptor.Trigger trigger,
			CdsServiceDescriptor.PendingResult pending, PatientRecord record, AssessmentService assessments, LocalDate date,
			ModelCardLinks links) {
		Assessment now = assessments.assess(record, pending.models(), date);
		Map<String, Assessment> supposed = new LinkedHashMap<>();
		for (CdsServiceDescriptor.Scenario scenario : pending.scenarios()) {
			supposed.put(scenario.label(), assessments.assessSupposing(record, pending.models(), date,
					List.of(supposedResult(pending, scenario))));
		}

		List<ModelDescription> models = now.results().stream().map(ModelResult::model).toList();
		List<String> changed = new ArrayList<>();
		for (ModelDescription model : models) {
			// A change of category counts (classified, probable, high …); a score moving within its category does not.
			Set<String> outcomes = new LinkedHashSet<>();
			outcomes.add(category(prediction(now, model)));
			supposed.values().forEach(a -> outcomes.add(category(prediction(a, model))));
			if (outcomes.size() > 1) {
				changed.add(model.id());
			}
		}

		Map<String, Object> card = new LinkedHashMap<>();
		card.put("uuid", UUID.randomUUID().toString());
		card.put("summary", summary(trigger, changed, models.size()));
		card.put("indicator", "info");
		card.put("detail", detail(trigger, pending, now, supposed, models));
		Map<String, Object> source = new LinkedHashMap<>();
		source.put("label", service.source().label() + ": what " + trigger.display() + " would add");
		source.put("url", service.source().url());
		source.put("topic", Map.of("system", trigger.system(), "code", trigger.code(), "display", trigger.display()));
		card.put("source", source);
		card.put("overrideReasons", CardFactory.OVERRIDE_REASONS);
		card.put("links", models.stream().map(m -> CardFactory.modelCardLink(m, links)).toList());
		return card;
	}

	private static Feature supposedResult(CdsServiceDescriptor.PendingResult pending, CdsServiceDescriptor.Scenario scenario) {
		Object value = scenario.value() != null ? scenario.value() : Set.copyOf(scenario.codes());
		return new Feature(pending.input(), value, pending.unit(), List.of()); // supposed: no FHIR source
	}

	static String summary(CdsServiceDescriptor.Trigger trigger, List<String> changed, int models) {
		String text = changed.isEmpty()
				? "No " + trigger.display() + " result would change the " + models + " result" + (models == 1 ? "" : "s")
						+ " it feeds for this patient"
				: "The " + trigger.display() + " result could change " + changed.size() + " of " + models + " result"
						+ (models == 1 ? "" : "s") + ": " + String.join(", ", changed);
		return text.length() <= CardFactory.MAX_SUMMARY ? text : text.substring(0, CardFactory.MAX_SUMMARY - 1) + "…";
	}

	/** A model's result as one comparable phrase: category (or risk) and score, or why it is not computed. */
	static String outcome(Assessment assessment, ModelDescription model) {
		Prediction p = prediction(assessment, model);
		if (!p.computed()) {
			return "not computed" + (p.missingInputs().isEmpty() ? "" : " (missing " + String.join(", ", p.missingInputs()) + ")");
		}
		String result = category(p);
		if (p.score() != null) {
			result += ", " + RiskAssessmentWriter.format(p.score());
		} else if (p.probability() != null) {
			result += ", " + Math.round(p.probability() * 100) + "%";
		}
		return result;
	}

	private static Prediction prediction(Assessment assessment, ModelDescription model) {
		return assessment.results().stream().filter(r -> r.model().id().equals(model.id())).findFirst().orElseThrow()
				.prediction();
	}

	private static String category(Prediction p) {
		return !p.computed() ? "not computed" : p.category() != null ? p.category() : p.risk() != null ? p.risk().display() : "computed";
	}

	private static String detail(CdsServiceDescriptor.Trigger trigger, CdsServiceDescriptor.PendingResult pending,
			Assessment now, Map<String, Assessment> supposed, List<ModelDescription> models) {
		StringBuilder md = new StringBuilder();
		md.append("What the ").append(CardFactory.text(trigger.display())).append(" result would add, everything else on record as it is")
				.append(" (assessed ").append(now.date()).append("):\n\n");
		md.append("| ").append(trigger.display()).append(" |");
		models.forEach(m -> md.append(' ').append(CardFactory.escape(m.title())).append(" |"));
		md.append("\n|---|");
		models.forEach(m -> md.append("---|"));
		md.append('\n');
		md.append("| now: ").append(CardFactory.escape(onRecord(now, pending))).append(" |");
		models.forEach(m -> md.append(' ').append(CardFactory.escape(outcome(now, m))).append(" |"));
		md.append('\n');
		supposed.forEach((label, assessment) -> {
			md.append("| ").append(CardFactory.escape(label)).append(" |");
			models.forEach(m -> md.append(' ').append(CardFactory.escape(outcome(assessment, m))).append(" |"));
			md.append('\n');
		});
		md.append("\nSupposed results: ").append(CardFactory.text(pending.source())).append("\n\n");
		md.append("Models: ");
		md.append(String.join("; ", models.stream().map(m -> "`" + m.id() + " " + m.version() + "` (evidence: "
				+ m.evidenceLevel() + ")").toList()));
		if (models.stream().anyMatch(ModelDescription::trainedOnSyntheticData)) {
			md.append("\n\n**").append(RiskAssessmentWriter.SYNTHETIC_NOTICE).append("**");
		}
		return md.toString();
	}

	private static String onRecord(Assessment now, CdsServiceDescriptor.PendingResult pending) {
		return now.features().get(pending.input()).map(Feature::display).map(v -> "on record " + v).orElse("no result on record");
	}
}
