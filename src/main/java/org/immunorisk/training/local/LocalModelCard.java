package org.immunorisk.training.local;

import org.immunorisk.models.trained.ForestArtifact;
import org.immunorisk.models.trained.LogisticArtifact;
import org.immunorisk.training.CalibrationCard;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The model card of a locally trained model, written from its manifest so that card and served model cannot
 * disagree: intended use, where the data came from and what was left out, the model, the metrics on this site's
 * held-out data with their 95% CIs, the plot, and that ImmunoRisk has not validated it. Metrics the pipeline adds
 * that this card does not know by name are listed as they are, so none is dropped.
 */
final class LocalModelCard {

	private static final Set<String> LOGISTIC_SHOWN = Set.of("aurocHeldOut", "aurocHeldOutCi95", "ciMethod", "aurocTraining",
			"nTraining", "eventsTraining", "nHeldOut", "eventsHeldOut", "calibrationHeldOut");
	private static final Set<String> FOREST_SHOWN = Set.of("nTraining", "eventsTraining", "nHeldOut", "eventsHeldOut", "ciMethod",
			"riskGroups", "inputs", "oobCTraining", "cHeldOut", "cHeldOutCi95", "riskThreshold", "heldOutHighRisk", "heldOutLowRisk",
			"heldOutLogRankChiSquare", "heldOutLogRankP", "heldOutHazardRatioHighVsLow", "heldOutHazardRatioCi95",
			"trainingOobLogRankChiSquare", "trainingOobLogRankP", "importance");

	private LocalModelCard() {}

	@SuppressWarnings("unchecked")
	static String logistic(LogisticArtifact a, LocalData data, Mapping mapping, String rocFile) {
		StringBuilder md = header(a.id(), a.version(), a.provenance(), a.intendedUse(), a.evidenceLevel(), a.citation(), List.of(),
				a.trainedOnSyntheticData());
		dataSource(md, data, mapping);
		md.append("## Model\n\n").append(a.title()).append(". Logistic regression on standardised inputs (training-part mean")
				.append(" and SD); outcome `").append(a.outcome()).append("`, the label's 1.\n\n")
				.append("| input | training mean | training SD | coefficient (per SD) |\n|---|---|---|---|\n");
		for (LogisticArtifact.Input input : a.inputs()) {
			md.append(String.format(Locale.ROOT, "| %s | %.3f | %.3f | %+.3f |%n", input.name(), input.mean(), input.sd(), input.coefficient()));
		}
		md.append(String.format(Locale.ROOT, "| (intercept) | | | %+.3f |%n%n", a.intercept()));
		Mapping.Logistic settings = (Mapping.Logistic) mapping.pipeline();
		md.append("Risk bands").append(settings.defaultBands()
				? " (ImmunoRisk's defaults, placeholders: not clinically derived; set the site's own in the mapping's `pipeline.riskBands`): "
				: " (set by the site in the mapping): ");
		md.append(String.join("; ", a.riskBands().stream().map(b -> (b.below() == null ? "otherwise" : "below " + Numbers.plain(b.below()))
				+ " → " + b.risk() + " (" + b.category() + ")").toList())).append(".\n\n");
		training(md, a.provenance());

		Map<String, Object> m = a.metrics();
		md.append("## Metrics (on the data it was trained from)\n\n| metric | value | on |\n|---|---|---|\n");
		md.append(String.format(Locale.ROOT, "| AUROC, held-out part | %s | n = %s, %s events |%n", withCi(m, "aurocHeldOut"),
				m.get("nHeldOut"), m.get("eventsHeldOut")));
		md.append(String.format(Locale.ROOT, "| AUROC, training part | %s | n = %s, %s events |%n%n", number(m.get("aurocTraining")),
				m.get("nTraining"), m.get("eventsTraining")));
		md.append("CI: ").append(m.get("ciMethod")).append(".\n\n");
		further(md, m, LOGISTIC_SHOWN);
		md.append("![ROC curves of the held-out and training parts](").append(rocFile).append(")\n\n");
		if (m.get("calibrationHeldOut") instanceof Map<?, ?> calibration) { // the section and its plot (CalibrationCard.plotFile)
			md.append(CalibrationCard.binary(a.id(), List.of(new CalibrationCard.Set("held-out part", (Map<String, Object>) calibration,
					"blue")), "events"));
		}
		footer(md);
		return md.toString();
	}

	@SuppressWarnings("unchecked")
	static String forest(ForestArtifact a, LocalData data, Mapping mapping, String kmFile) {
		StringBuilder md = header(a.id(), a.version(), a.provenance(), a.intendedUse(), a.evidenceLevel(), a.citation(),
				List.of(a.forest()), a.trainedOnSyntheticData());
		dataSource(md, data, mapping);
		Map<String, Object> m = a.metrics();
		md.append("## Model\n\n").append(a.title()).append(". Random survival forest of ").append(a.trees())
				.append(" trees (log-rank splitting, Nelson–Aalen leaves); outcome `").append(a.outcome()).append("`, the event.")
				.append(" The score is the ensemble mortality (cumulative hazard summed over the training event times: an expected")
				.append(" number of events, higher is worse). ").append(String.format(Locale.ROOT, "Above %.3f", a.riskThreshold()))
				.append(" (the training part's median out-of-bag ensemble mortality) a patient is in the `").append(a.highRisk().category())
				.append("` (risk ").append(a.highRisk().risk()).append("), otherwise in the `").append(a.lowRisk().category())
				.append("` (risk ").append(a.lowRisk().risk()).append("). Forest binary `").append(a.forest()).append("`, SHA-256 `")
				.append(a.forestSha256()).append("`.\n\n");
		md.append("| input | unit | encoding | training median | OOB permutation importance |\n|---|---|---|---|---|\n");
		Map<String, Object> importance = (Map<String, Object>) m.getOrDefault("importance", Map.of());
		for (ForestArtifact.Input input : a.inputs()) {
			md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", input.name(), input.unit() == null ? "" : input.unit(),
					input.encoding(), Numbers.plain(Math.round(input.discoveryMedian() * 1000) / 1000.0),
					importance.get(input.name()) instanceof Double d ? String.format(Locale.ROOT, "%+.4f", d) : ""));
		}
		md.append("\nThe served model is applicable once any input other than age or sex is on record (the manifest's `cytokine`")
				.append(" flag, named after the NSCLC model that introduced it).\n\n");
		training(md, a.provenance());

		md.append("## Metrics (on the data it was trained from)\n\n| metric | value | on |\n|---|---|---|\n");
		md.append(String.format(Locale.ROOT, "| Harrell's C, held-out part | %s | n = %s, %s events |%n", withCi(m, "cHeldOut"),
				m.get("nHeldOut"), m.get("eventsHeldOut")));
		md.append(String.format(Locale.ROOT, "| C, training part (out-of-bag) | %s | n = %s, %s events |%n", number(m.get("oobCTraining")),
				m.get("nTraining"), m.get("eventsTraining")));
		md.append(String.format(Locale.ROOT, "| high vs low risk, log-rank, held-out | χ² %s, p %s | |%n",
				number(m.get("heldOutLogRankChiSquare")), p(m.get("heldOutLogRankP"))));
		List<Object> hrCi = (List<Object>) m.get("heldOutHazardRatioCi95");
		md.append(String.format(Locale.ROOT, "| hazard ratio, high vs low, held-out | %s (95%% CI %s–%s) | |%n",
				number(m.get("heldOutHazardRatioHighVsLow")), number(hrCi.get(0)), number(hrCi.get(1))));
		md.append("| high-risk group, held-out | ").append(group((Map<String, Object>) m.get("heldOutHighRisk"))).append(" | |\n");
		md.append("| low-risk group, held-out | ").append(group((Map<String, Object>) m.get("heldOutLowRisk"))).append(" | |\n");
		md.append(String.format(Locale.ROOT, "| high vs low risk, log-rank, training part (out-of-bag) | χ² %s, p %s | |%n%n",
				number(m.get("trainingOobLogRankChiSquare")), p(m.get("trainingOobLogRankP"))));
		md.append("CIs: ").append(m.get("ciMethod")).append(". Risk groups: ").append(m.get("riskGroups")).append(".\n\n");
		further(md, m, FOREST_SHOWN);
		md.append("![Kaplan–Meier curves of the risk groups, training part out-of-bag and held-out part](").append(kmFile).append(")\n\n");
		footer(md);
		return md.toString();
	}

	private static StringBuilder header(String id, String version, Map<String, Object> provenance, String intendedUse,
			String evidence, String citation, List<String> binaries, boolean synthetic) {
		StringBuilder md = new StringBuilder();
		md.append("# Model card: ").append(id).append(' ').append(version).append("\n\n");
		md.append(synthetic
				? "**Trained on synthetic data, as an example of local training. Not clinically validated. Not for treatment decisions.**\n\n"
				: "**Locally trained on this site's data. Not validated by ImmunoRisk: validate locally before any clinical use.**\n\n");
		md.append("Generated by `").append(provenance.get("trainer")).append("` on ").append(provenance.get("trainedOn"))
				.append(" from the manifest `").append(id).append(".json`");
		for (String binary : binaries) {
			md.append(" and `").append(binary).append('`');
		}
		md.append(" beside this card; do not edit by hand.\n\n");
		md.append("## Intended use\n\n").append(intendedUse).append("\n\n");
		md.append("## Evidence\n\n").append(evidence).append("\n\nCitation: ").append(citation).append("\n\n");
		return md;
	}

	@SuppressWarnings("unchecked")
	private static void dataSource(StringBuilder md, LocalData data, Mapping mapping) {
		md.append("## Data source\n\n").append(capitalised(data.description())).append(". ");
		md.append(data.rowsRead()).append(" patients listed, ").append(data.rowsUsed()).append(" used");
		if (data.rowsExcluded() > 0) {
			md.append(", ").append(data.rowsExcluded()).append(" left out (nothing imputed):\n\n");
			data.excluded().forEach((reason, count) -> md.append("- ").append(reason).append(": ").append(count).append('\n'));
			md.append("\n(A patient missing several inputs is counted under each.)");
		} else {
			md.append("; none left out.");
		}
		if (data.firstIndexDate() != null) {
			md.append(" Index dates ").append(data.firstIndexDate()).append(" to ").append(data.lastIndexDate()).append('.');
		}
		md.append(" Mapping file `").append(mapping.fileName()).append("` (SHA-256 `").append(mapping.sha256()).append("`).\n\n");
		Mapping.Columns c = mapping.columns();
		md.append("Outcome: ").append(c.label() != null ? "column `" + c.label() + "` (1 = the outcome occurred)"
				: "follow-up from column `" + c.time() + "` (" + c.timeUnit() + ", kept in days) and event from column `" + c.event()
						+ "` (1 = event, 0 = censored)").append("; patient id from column `").append(c.patientId()).append("`")
				.append(c.indexDate() == null ? "" : ", index date from column `" + c.indexDate() + "`").append(".\n\n");
		Object inputs = data.source().get("inputs");
		if (inputs instanceof List<?> list) {
			md.append("| input | column | unit in the file | unit in the model |\n|---|---|---|---|\n");
			for (Object item : list) {
				Map<String, Object> entry = (Map<String, Object>) item;
				String unitInFile = entry.containsKey("codes") ? "codes " + entry.get("codes") : String.valueOf(entry.get("unitInFile"));
				String unit = entry.containsKey("codes") ? "" : entry.get("unit") == null ? "(none: as given)" : entry.get("unit")
						+ (((Double) entry.get("factor")) == 1 ? "" : " (× " + Numbers.plain((Double) entry.get("factor")) + ")");
				md.append("| ").append(entry.get("input")).append(" | `").append(entry.get("column")).append("` | ")
						.append("null".equals(unitInFile) ? "" : unitInFile).append(" | ").append(unit).append(" |\n");
			}
			md.append('\n');
		} else {
			md.append("Inputs were read from each patient's FHIR record by ImmunoRisk's feature extractor as of the index date,")
					.append(" with the feature definitions the server scores with (SHA-256 `").append(data.source().get("featureDefinitionsSha256"))
					.append("`): ").append(String.join(", ", mapping.inputs().stream().map(Mapping.Input::name).toList())).append(".\n\n");
		}
	}

	private static void training(StringBuilder md, Map<String, Object> provenance) {
		md.append("Seed ").append(provenance.get("seed")).append("; ").append(provenance.get("library")).append("; hyper-parameters ")
				.append(provenance.get("hyperParameters")).append(".\n\n");
	}

	private static void further(StringBuilder md, Map<String, Object> metrics, Set<String> shown) {
		List<String> others = metrics.keySet().stream().filter(k -> !shown.contains(k)).toList();
		if (others.isEmpty()) {
			return;
		}
		md.append("Further metrics, as the pipeline reports them:\n\n| metric | value |\n|---|---|\n");
		for (String key : others) {
			md.append("| ").append(key).append(" | ").append(value(metrics.get(key))).append(" |\n");
		}
		md.append('\n');
	}

	private static void footer(StringBuilder md) {
		md.append("## Before any clinical use\n\n")
				.append("ImmunoRisk has not validated this model. Its metrics come from a held-out part of the same site's data and")
				.append(" period (internal validation only): they do not show how it performs on later patients, at other sites,")
				.append(" or after practice changes, and say nothing of its clinical usefulness. Validate it locally (for example on")
				.append(" patients seen after the training data, including calibration) and have clinicians review its inputs and")
				.append(" risk groups before any clinical use.\n");
	}

	private static String withCi(Map<String, Object> metrics, String key) {
		@SuppressWarnings("unchecked")
		List<Object> ci = (List<Object>) metrics.get(key + "Ci95");
		return number(metrics.get(key)) + " (95% CI " + number(ci.get(0)) + "–" + number(ci.get(1)) + ")";
	}

	private static String group(Map<String, Object> g) {
		Object median = g.get("medianDays");
		return g.get("n") + " patients, " + g.get("events") + " events, median time to event "
				+ (median instanceof Double d ? String.format(Locale.ROOT, "%.0f days (%.1f months)", d, d / (365.25 / 12)) : "not reached");
	}

	static String p(Object value) {
		if (!(value instanceof Double p) || p.isNaN()) {
			return "n/a";
		}
		return p < 0.0001 ? "< 0.0001" : String.format(Locale.ROOT, "%.4f", p);
	}

	private static String number(Object value) {
		return value instanceof Double d ? Numbers.three(d) : String.valueOf(value);
	}

	private static String value(Object value) {
		if (value instanceof Double d) {
			return Numbers.three(d);
		}
		if (value instanceof List<?> list) {
			return String.join(", ", list.stream().map(LocalModelCard::value).toList());
		}
		return String.valueOf(value);
	}

	private static String capitalised(String text) {
		return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
	}
}
