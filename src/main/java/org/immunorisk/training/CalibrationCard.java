package org.immunorisk.training;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The calibration section of a model card, written from the manifest's {@code calibration…} entries
 * ({@link Calibration}), with the plot {@link CalibrationPlot} draws from the same entries.
 */
public final class CalibrationCard {

	/** One set of predictions as the card names it, its manifest entry, and its colour in the plot (in words). */
	public record Set(String label, Map<String, Object> calibration, String colour) {}

	private CalibrationCard() {}

	public static String plotFile(String id) {
		return id + "-calibration.png";
	}

	/** The section for binary outcomes: summary per set, the risk-group table, the plot and how it was computed. */
	@SuppressWarnings("unchecked")
	public static String binary(String id, List<Set> sets, String outcomeWord) {
		StringBuilder md = new StringBuilder("## Calibration\n\n");
		md.append("On the predictions the metrics above use, p as the served model gives it.\n\n");
		for (Set s : sets) {
			md.append("- ").append(capitalised(s.label())).append(": ").append(s.calibration().get("predictions")).append(". Sample size: ")
					.append(s.calibration().get("sampleSize")).append(".\n");
		}
		md.append('\n');
		md.append("| measure |");
		sets.forEach(s -> md.append(' ').append(s.label()).append(String.format(Locale.ROOT, " (n = %s, %s %s) |",
				s.calibration().get("n"), s.calibration().get("events"), outcomeWord)));
		md.append(" ideal |\n|---|");
		sets.forEach(s -> md.append("---|"));
		md.append("---|\n");
		row(md, sets, "Brier score (95% CI)", m -> value(m, "brier", "%.3f"), "0");
		row(md, sets, "Brier score of predicting the observed rate for everyone (no skill)", m -> f("%.3f", m.get("brierNoSkill")),
				"(reference)");
		row(md, sets, "mean predicted / observed rate (95% CI)", m -> f("%.3f", m.get("meanPredicted")) + " / "
				+ value(m, "observedRate", "%.3f"), "equal");
		row(md, sets, "calibration intercept, slope fixed at 1 (95% CI)", m -> value(m, "calibrationIntercept", "%+.2f"),
				"0 (below: over-predicts)");
		row(md, sets, "calibration slope (95% CI)", m -> m.get("calibrationSlope") == null ? String.valueOf(m.get("slopeNote"))
				: value(m, "calibrationSlope", "%.2f"), "1 (below: too extreme)");
		row(md, sets, "Hosmer–Lemeshow χ² (df), p", m -> (m.get("hosmerLemeshowChiSquare") == null
				? "infinite (a group predicted 0 or 1 for everyone was wrong for some)"
				: String.format(Locale.ROOT, "%.2f (%s), %s", ((Number) m.get("hosmerLemeshowChiSquare")).doubleValue(),
						m.get("hosmerLemeshowDf"), p(((Number) m.get("hosmerLemeshowP")).doubleValue())))
				+ (m.get("hosmerLemeshowNote") == null ? "" : "; " + m.get("hosmerLemeshowNote")), "large p: no evidence of miscalibration");
		for (Set s : sets) {
			md.append(sets.size() == 1 ? "\nReading: " : (s == sets.get(0) ? "\n" : "") + "- Reading, " + s.label() + ": ")
					.append(reading(s.calibration())).append(sets.size() == 1 ? "\n" : "\n");
		}
		boolean sameGrouping = sets.stream().map(s -> s.calibration().get("grouping")).distinct().count() == 1;
		md.append("\nRisk groups: ").append(sameGrouping ? sets.get(0).calibration().get("grouping") : String.join("; ", sets.stream()
				.map(s -> s.label() + ", " + s.calibration().get("grouping")).toList())).append(sameGrouping && sets.size() > 1 ? " in each set" : "")
				.append(".\n\n");
		md.append("| set | group | p range | n | ").append(outcomeWord).append(" | expected | mean predicted | observed rate (95% CI) |\n")
				.append("|---|---|---|---|---|---|---|---|\n");
		for (Set s : sets) {
			int k = 1;
			for (Map<String, Object> g : (List<Map<String, Object>>) s.calibration().get("groups")) {
				md.append(String.format(Locale.ROOT, "| %s | %d | %.3f–%.3f | %s | %s | %.1f | %.3f | %s |%n", s.label(), k++,
						num(g, "pMin"), num(g, "pMax"), g.get("n"), g.get("events"), num(g, "expectedEvents"), num(g, "meanPredicted"),
						value(g, "observedRate", "%.3f")));
			}
		}
		md.append("\n![Calibration plot](").append(plotFile(id)).append(")\n\n");
		md.append("Calibration plot (x: mean predicted probability of each risk group; y: observed proportion with its Wilson 95% CI;")
				.append(" both 0–1, grid every 0.2; grey diagonal: perfect calibration; dashed: the logistic recalibration curve over")
				.append(" the range of p, where estimable): ");
		md.append(String.join("; ", sets.stream().map(s -> s.colour() + ", " + s.label()).toList())).append(".\n\n");
		md.append("Method: ").append(sets.get(0).calibration().get("method")).append(".\n\n");
		return md.toString();
	}

	/** The section for a survival model: predicted against Kaplan–Meier survival at the horizon per risk group. */
	@SuppressWarnings("unchecked")
	public static String survival(String id, Map<String, Object> m) {
		StringBuilder md = new StringBuilder("## Calibration\n\n");
		md.append("Patients: ").append(m.get("predictions")).append(String.format(Locale.ROOT, " (n = %s, %s deaths by %s)."
				+ " Predicted: ", m.get("n"), m.get("deathsByHorizon"), m.get("horizon"))).append(m.get("predicted"))
				.append(". Sample size: ").append(m.get("sampleSize")).append(".\n\n");
		md.append(String.format(Locale.ROOT, "Overall: mean predicted survival at %s %.3f, Kaplan–Meier %s", m.get("horizon"),
				num(m, "meanPredictedSurvival"), value(m, "observedSurvival", "%.3f")));
		List<Number> ci = (List<Number>) m.get("observedSurvivalCi95");
		double predicted = num(m, "meanPredictedSurvival");
		md.append(ci == null ? "." : ci.get(0).doubleValue() > predicted ? ": the forest predicts lower survival than observed (the"
				+ " Kaplan–Meier CI lies above the mean prediction)." : ci.get(1).doubleValue() < predicted ? ": the forest predicts higher"
				+ " survival than observed (the Kaplan–Meier CI lies below the mean prediction)." : ": the Kaplan–Meier CI includes the mean"
				+ " prediction.").append(" Within groups, read each row's prediction against its CI.\n\n");
		md.append("Risk groups: ").append(m.get("grouping")).append(".\n\n");
		md.append("| group | predicted survival range | n | deaths by ").append(m.get("horizon")).append(" | censored before | at risk at ")
				.append(m.get("horizon")).append(" | mean predicted survival | Kaplan–Meier survival (95% CI) |\n")
				.append("|---|---|---|---|---|---|---|---|\n");
		int k = 1;
		for (Map<String, Object> g : (List<Map<String, Object>>) m.get("groups")) {
			md.append(String.format(Locale.ROOT, "| %d | %.3f–%.3f | %s | %s | %s | %s | %.3f | %s |%n", k++, num(g, "predictedMin"),
					num(g, "predictedMax"), g.get("n"), g.get("deathsByHorizon"), g.get("censoredBeforeHorizon"), g.get("atRiskAtHorizon"),
					num(g, "meanPredicted"), value(g, "observed", "%.3f")));
		}
		md.append("\n![Calibration plot](").append(plotFile(id)).append(")\n\n");
		md.append("Calibration plot (x: mean predicted survival at ").append(m.get("horizon")).append(" of each risk group; y: its")
				.append(" Kaplan–Meier survival with the 95% CI; both 0–1, grid every 0.2; grey diagonal: perfect calibration).\n\n");
		md.append("Method: ").append(m.get("method")).append(".\n\n");
		return md.toString();
	}

	/** What the intercept's and slope's CIs say, in words (generated, so it follows the numbers). */
	@SuppressWarnings("unchecked")
	static String reading(Map<String, Object> m) {
		List<Number> intercept = (List<Number>) m.get("calibrationInterceptCi95");
		List<Number> slope = (List<Number>) m.get("calibrationSlopeCi95");
		String large = intercept.get(1).doubleValue() < 0 ? "predictions too high on average (the intercept's CI lies below 0)"
				: intercept.get(0).doubleValue() > 0 ? "predictions too low on average (the intercept's CI lies above 0)"
						: "no evidence that predictions are too high or too low on average (the intercept's CI includes 0)";
		String spread = slope == null ? "the slope is not estimable"
				: slope.get(1).doubleValue() < 0 ? "predictions rank patients the wrong way (the slope's CI lies below 0)"
				: slope.get(1).doubleValue() < 1 && slope.get(0).doubleValue() <= 0 ? "predictions too extreme, with no evidence that"
						+ " they rank patients at all (the slope's CI lies below 1 and includes 0)"
				: slope.get(1).doubleValue() < 1 ? "predictions too extreme (the slope's CI lies below 1)"
						: slope.get(0).doubleValue() > 1 ? "predictions not extreme enough, too close to the average (the slope's CI lies above 1)"
								: "no evidence that predictions are too extreme or too moderate (the slope's CI includes 1)";
		return large + "; " + spread + "." + (String.valueOf(m.get("sampleSize")).startsWith("too small")
				? " With so few patients, absence of evidence means little." : "");
	}

	private interface Cell {
		String of(Map<String, Object> calibration);
	}

	private static void row(StringBuilder md, List<Set> sets, String measure, Cell cell, String ideal) {
		md.append("| ").append(measure).append(" |");
		for (Set s : sets) {
			md.append(' ').append(cell.of(s.calibration())).append(" |");
		}
		md.append(' ').append(ideal).append(" |\n");
	}

	/** A value with its CI ({@code key + "Ci95"}), or "not estimable". */
	@SuppressWarnings("unchecked")
	private static String value(Map<String, Object> m, String key, String format) {
		Object v = m.get(key);
		if (v == null) {
			return "not estimable";
		}
		List<Number> ci = (List<Number>) m.get(key + "Ci95");
		String value = f(format, v);
		return ci == null ? value : value + " (" + f(format, ci.get(0)) + " to " + f(format, ci.get(1)) + ")";
	}

	private static String f(String format, Object value) {
		return String.format(Locale.ROOT, format, ((Number) value).doubleValue());
	}

	private static double num(Map<String, Object> m, String key) {
		return ((Number) m.get(key)).doubleValue();
	}

	private static String p(double p) {
		return p < 0.001 ? String.format(Locale.ROOT, "p %.1e", p) : String.format(Locale.ROOT, "p %.3f", p);
	}

	private static String capitalised(String text) {
		return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
	}
}
