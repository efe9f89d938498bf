package org.immunorisk.models.published;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.immunorisk.features.FeatureVector;
import org.immunorisk.models.ModelDescription;
import org.immunorisk.models.ModelKind;
import org.immunorisk.models.Prediction;
import org.immunorisk.models.RiskLevel;
import org.immunorisk.models.RiskModel;
import org.immunorisk.models.published.Support.Tally;

/**
 * 2019 ACR/EULAR classification criteria for IgG4-related disease (Wallace ZS et al., Ann Rheum Dis
 * 2020;79:77-87).
 *
 * <ol>
 * <li>Entry: typical organ involvement ({@code igg4rd-organs} not empty) or a biopsy showing a lymphocytic
 * infiltrate ({@code igg4rd-histopathology}). When neither is recorded the prediction is not computed, with
 * {@code igg4rd-organs} missing: a record can only say which organs are involved, so "no organ recorded" is
 * absence of data, not a recorded absence of involvement, and must not be stored as low risk.</li>
 * <li>Exclusion: any code in {@code igg4rd-exclusions} → category "excluded", LOW; inclusion items are then
 * not scored.</li>
 * <li>Inclusion: the highest weight of each domain, summed; ≥ 20 classifies.</li>
 * </ol>
 *
 * <p>Missing inputs. Findings domains (glands, chest, pancreas/biliary, kidney imaging, retroperitoneum) are
 * recorded as findings: no finding recorded scores 0. Laboratory items are different: a missing serum IgG4
 * (up to 11 points) or a missing complement result (hypocomplementaemia, up to 6 points in the kidney
 * domain) is listed in missingInputs, never read as normal. A biopsy that was not done scores 0 in the
 * histopathology and immunostaining domains; once a biopsy is recorded, its absent items are missing
 * too. The category is decided only if the missing items cannot change it: points ≥ 20 → classified;
 * points + the most the missing items could add < 20 → not classified; otherwise category "indeterminate",
 * risk MODERATE, score = the points of the available items, and the missing inputs listed.
 */
public final class AcrEular2019IgG4RdClassification implements RiskModel {

	public static final String ID = "acr-eular-2019-igg4rd";
	static final double THRESHOLD = 20;
	static final double MAX_SERUM_IGG4_POINTS = 11;

	static final Set<String> INFILTRATE_CODES = Set.of(
			"dense-lymphocytic-infiltrate", "infiltrate-obliterative-phlebitis", "infiltrate-storiform-fibrosis");

	private static final Map<String, Integer> HISTOPATHOLOGY = Map.of(
			"uninformative", 0,
			"dense-lymphocytic-infiltrate", 4,
			"infiltrate-obliterative-phlebitis", 6,
			"infiltrate-storiform-fibrosis", 13);
	private static final Map<String, Integer> CHEST = Map.of(
			"peribronchovascular-septal-thickening", 4,
			"paravertebral-band-soft-tissue", 10);
	private static final Map<String, Integer> PANCREAS_BILIARY = Map.of(
			"diffuse-pancreas-enlargement", 8,
			"pancreas-capsule-rim", 11,
			"pancreas-and-biliary", 19);
	private static final Map<String, Integer> KIDNEY_IMAGING = Map.of(
			"renal-pelvis-thickening", 8,
			"bilateral-renal-cortex-low-density", 10);
	private static final int HYPOCOMPLEMENTEMIA = 6;
	private static final Map<String, Integer> RETROPERITONEUM = Map.of(
			"diffuse-aortic-wall-thickening", 4,
			"periaortic-iliac-soft-tissue", 8);

	private static final ModelDescription DESCRIPTION = new ModelDescription(
			ID,
			Support.VERSION,
			"2019 ACR/EULAR classification criteria for IgG4-related disease",
			"Classifies a patient with suspected IgG4-related disease for research and decision support: entry"
					+ " criterion, exclusion criteria and weighted inclusion domains (≥ 20 points classifies)."
					+ " Classification criteria are not diagnostic criteria." + Support.RESEARCH_USE,
			"Wallace ZS, Naden RP, Chari S, et al. The 2019 American College of Rheumatology/European League"
					+ " Against Rheumatism classification criteria for IgG4-related disease. Ann Rheum Dis"
					+ " 2020;79:77-87.",
			List.of("igg4rd-organs", "igg4rd-exclusions", "igg4rd-histopathology", "tissue-igg4-igg-ratio",
					"tissue-igg4-cells-hpf", "serum-igg4-uln-multiple", "serum-igg4", "serum-igg4-uln",
					"igg4rd-gland-sets", "igg4rd-chest", "igg4rd-pancreas-biliary", "hypocomplementemia",
					"igg4rd-kidney", "igg4rd-retroperitoneum"),
			"igg4rd-classification",
			ModelKind.PUBLISHED_SCORE,
			"Validated international classification criteria (ACR/EULAR, derivation and validation cohorts);"
					+ " the immunostaining weights in ImmunoRisk are not yet checked against the paper's table",
			false);

	@Override
	public ModelDescription description() {
		return DESCRIPTION;
	}

	/** Any IgG4-RD-specific input; complement results alone (hypocomplementemia) do not make it applicable. */
	@Override
	public boolean isApplicable(FeatureVector features) {
		return Support.anyPresent(features, "igg4rd-organs", "igg4rd-exclusions", "igg4rd-histopathology",
				"tissue-igg4-igg-ratio", "tissue-igg4-cells-hpf", "serum-igg4", "igg4rd-gland-sets",
				"igg4rd-chest", "igg4rd-pancreas-biliary", "igg4rd-kidney", "igg4rd-retroperitoneum");
	}

	@Override
	public Prediction predict(FeatureVector features) {
		Tally tally = new Tally(features);
		Set<String> organs = features.codes("igg4rd-organs");
		Optional<String> histopathology = features.code("igg4rd-histopathology");
		boolean infiltrate = histopathology.filter(INFILTRATE_CODES::contains).isPresent();

		if (organs.isEmpty() && !infiltrate) {
			return Prediction.notComputed(ID, List.of("igg4rd-organs"),
					"2019 ACR/EULAR IgG4-RD criteria: no typical organ involvement or lymphocytic infiltrate recorded, so"
							+ " the entry criterion cannot be assessed. No value was imputed.");
		}
		tally.note("entry criterion",
				organs.isEmpty() ? "infiltrate on biopsy" : Support.display(features, "igg4rd-organs"),
				"entry criterion met", List.of(organs.isEmpty() ? "igg4rd-histopathology" : "igg4rd-organs"));

		Set<String> exclusions = features.codes("igg4rd-exclusions");
		if (!exclusions.isEmpty()) {
			for (String exclusion : exclusions.stream().sorted().toList()) {
				tally.note("exclusion criterion", exclusion, "exclusion criterion present: not classified",
						List.of("igg4rd-exclusions"));
			}
			return new Prediction(ID, true, null, null, RiskLevel.LOW, "excluded", tally.factors(), List.of(),
					tally.used(), "2019 ACR/EULAR IgG4-RD criteria: exclusion criterion present ("
							+ String.join(", ", exclusions.stream().sorted().toList())
							+ "): not classified; inclusion items not scored.");
		}

		scoreBiopsy(features, tally, histopathology);
		scoreSerumIgG4(features, tally);
		scoreGlands(features, tally);
		scoreCodes(features, tally, "chest", "igg4rd-chest", CHEST);
		scoreCodes(features, tally, "pancreas and biliary tree", "igg4rd-pancreas-biliary", PANCREAS_BILIARY);
		scoreKidney(features, tally);
		scoreCodes(features, tally, "retroperitoneum", "igg4rd-retroperitoneum", RETROPERITONEUM);

		double points = tally.points();
		double max = tally.maxPoints();
		String missing = Support.describeMissing(features, tally.missingInputs());
		if (points >= THRESHOLD) {
			return new Prediction(ID, true, points, null, RiskLevel.HIGH, "classified", tally.factors(),
					tally.missingInputs(), tally.used(),
					"2019 ACR/EULAR IgG4-RD criteria: " + (tally.complete() ? "" : "at least ") + Support.fmt(points)
							+ " points (≥ 20): classified as IgG4-related disease"
							+ (tally.complete() ? "." : "; missing: " + missing + "."));
		}
		if (max < THRESHOLD) {
			return new Prediction(ID, true, points, null, RiskLevel.LOW, "not classified", tally.factors(),
					tally.missingInputs(), tally.used(),
					"2019 ACR/EULAR IgG4-RD criteria: " + Support.fmt(points) + " points (< 20): not classified"
							+ (tally.complete() ? "."
									: "; missing " + missing + " could add at most " + Support.fmt(max - points)
											+ " points, not enough to classify."));
		}
		return new Prediction(ID, true, points, null, RiskLevel.MODERATE, "indeterminate", tally.factors(),
				tally.missingInputs(), tally.used(),
				"2019 ACR/EULAR IgG4-RD criteria: " + Support.fmt(points) + " points from available items;"
						+ " classification depends on missing " + missing + " (up to " + Support.fmt(max)
						+ " points possible, 20 classify). No value was imputed.");
	}

	// --- domains ---------------------------------------------------------------------------------------------

	private static void scoreBiopsy(FeatureVector features, Tally tally, Optional<String> histopathology) {
		Optional<Double> ratio = features.number("tissue-igg4-igg-ratio");
		Optional<Double> cells = features.number("tissue-igg4-cells-hpf");
		boolean biopsy = histopathology.isPresent() || ratio.isPresent() || cells.isPresent();
		if (!biopsy) {
			tally.add("histopathology", "no biopsy recorded", 0, "no biopsy: domain not scored", List.of());
			tally.add("immunostaining", "no biopsy recorded", 0, "no biopsy: domain not scored", List.of());
			return;
		}
		if (histopathology.isPresent()) {
			String code = histopathology.get();
			Integer points = HISTOPATHOLOGY.get(code);
			tally.add("histopathology", code, points == null ? 0 : points,
					points == null ? "code not in the criteria's histopathology domain" : "histopathology " + code,
					List.of("igg4rd-histopathology"));
		} else {
			tally.partial("histopathology", "not recorded", 0, 13, "biopsy recorded without histopathology finding",
					List.of(), List.of("igg4rd-histopathology"));
		}

		// Both values absent after a biopsy: immunostaining not recorded. One absent: the table's
		// "indeterminate" is a pathologist's call, not an absent record, so the domain spans its possible range.
		List<Band> ratioBands = ratio.map(r -> List.of(ratioBand(r))).orElse(List.of(Band.values()));
		List<Band> cellBands = cells.map(c -> List.of(cellBand(c))).orElse(List.of(Band.values()));
		int min = Integer.MAX_VALUE;
		int max = Integer.MIN_VALUE;
		for (Band r : ratioBands) {
			for (Band c : cellBands) {
				int points = immunostainingPoints(r, c);
				min = Math.min(min, points);
				max = Math.max(max, points);
			}
		}
		String value = "IgG4+/IgG+ " + Support.display(features, "tissue-igg4-igg-ratio") + ", IgG4+ cells "
				+ Support.display(features, "tissue-igg4-cells-hpf");
		List<String> inputs = List.of("tissue-igg4-igg-ratio", "tissue-igg4-cells-hpf");
		List<String> missing = new ArrayList<>();
		ratio.ifPresentOrElse(r -> {}, () -> missing.add("tissue-igg4-igg-ratio"));
		cells.ifPresentOrElse(c -> {}, () -> missing.add("tissue-igg4-cells-hpf"));
		if (missing.isEmpty()) {
			tally.add("immunostaining", value, min,
					"ratio " + ratioBands.get(0).ratioText + ", cells " + cellBands.get(0).cellText, inputs);
		} else {
			tally.partial("immunostaining", value, min, max, "immunostaining incompletely recorded", inputs, missing);
		}
	}

	/** Bands of the immunostaining table; INDETERMINATE stands for a value that cannot be determined. */
	enum Band {
		LOW("0–40%", "0–9/hpf"), MID("41–70%", "10–50/hpf"), HIGH("≥ 71%", "≥ 51/hpf"),
		INDETERMINATE("indeterminate", "indeterminate");

		final String ratioText;
		final String cellText;

		Band(String ratioText, String cellText) {
			this.ratioText = ratioText;
			this.cellText = cellText;
		}
	}

	/** IgG4+/IgG+ ratio, %: ≤ 40 low, > 40 and ≤ 70 mid, > 70 high. */
	static Band ratioBand(double percent) {
		return percent <= 40 ? Band.LOW : percent <= 70 ? Band.MID : Band.HIGH;
	}

	/** IgG4+ cells/hpf: ≤ 9 low (0–9), > 9 and ≤ 50 mid (10–50), > 50 high (≥ 51). */
	static Band cellBand(double cells) {
		return cells <= 9 ? Band.LOW : cells <= 50 ? Band.MID : Band.HIGH;
	}

	/**
	 * Immunostaining domain points.
	 *
	 * <p>NOTE: this table was written from memory of the paper and must be checked against Wallace et al.,
	 * Ann Rheum Dis 2020, Table 2 (the weights table); it has NOT been verified here. As implemented:
	 * <ul>
	 * <li>0: ratio 0–40% or indeterminate, and cells 0–9/hpf;</li>
	 * <li>7: ratio ≥ 41% and cells 0–9/hpf or indeterminate; or ratio 0–40% or indeterminate and cells
	 * ≥ 10/hpf or indeterminate;</li>
	 * <li>14: ratio 41–70% and cells ≥ 10/hpf; or ratio ≥ 71% and cells 10–50/hpf;</li>
	 * <li>16: ratio ≥ 71% and cells ≥ 51/hpf.</li>
	 * </ul>
	 */
	static int immunostainingPoints(Band ratio, Band cells) {
		boolean ratioLowOrIndeterminate = ratio == Band.LOW || ratio == Band.INDETERMINATE;
		if (ratio == Band.HIGH && cells == Band.HIGH) {
			return 16;
		}
		if ((ratio == Band.MID && (cells == Band.MID || cells == Band.HIGH)) || (ratio == Band.HIGH && cells == Band.MID)) {
			return 14;
		}
		if (ratioLowOrIndeterminate && cells == Band.LOW) {
			return 0;
		}
		return 7;
	}

	private static void scoreSerumIgG4(FeatureVector features, Tally tally) {
		Optional<Double> multiple = features.number("serum-igg4-uln-multiple");
		List<String> inputs = List.of("serum-igg4-uln-multiple", "serum-igg4", "serum-igg4-uln");
		if (multiple.isEmpty()) {
			Support.LimitCheck check = Support.aboveLimit(features, "serum-igg4", "serum-igg4-uln");
			if (!check.known()) {
				tally.partial("serum IgG4", "not recorded", 0, MAX_SERUM_IGG4_POINTS,
						"serum IgG4 not available (not treated as normal)", inputs, check.missing());
				return;
			}
			multiple = Optional.of(check.multiple());
		}
		double m = multiple.get();
		int points;
		String band;
		if (m <= 1) {
			points = 0;
			band = "normal (≤ ULN)";
		} else if (m < 2) {
			points = 4;
			band = "> ULN and < 2 × ULN";
		} else if (m <= 5) {
			points = 6;
			band = "2–5 × ULN";
		} else {
			points = 11;
			band = "> 5 × ULN";
		}
		String value = features.has("serum-igg4")
				? Support.display(features, "serum-igg4") + " = " + Support.fmt(m) + " × ULN"
				: Support.fmt(m) + " × ULN";
		tally.add("serum IgG4", value, points, "serum IgG4 " + band, inputs);
	}

	private static void scoreGlands(FeatureVector features, Tally tally) {
		Optional<Double> sets = features.number("igg4rd-gland-sets");
		double n = sets.orElse(0.0);
		int points = n >= 2 ? 14 : n >= 1 ? 6 : 0;
		tally.add("glands", sets.map(v -> Support.fmt(v) + " set(s)").orElse("none recorded"), points,
				n >= 2 ? "two or more sets of glands" : n >= 1 ? "one set of glands" : "no gland set involved",
				List.of("igg4rd-gland-sets"));
	}

	private static void scoreCodes(FeatureVector features, Tally tally, String domain, String input,
			Map<String, Integer> weights) {
		String best = null;
		int points = 0;
		for (String code : features.codes(input)) {
			Integer weight = weights.get(code);
			if (weight != null && weight > points) {
				points = weight;
				best = code;
			}
		}
		tally.add(domain, best == null ? (features.has(input) ? Support.display(features, input) : "none recorded") : best,
				points, best == null ? "no scoring finding" : domain + ": " + best + " (highest weight in domain)",
				List.of(input));
	}

	private static void scoreKidney(FeatureVector features, Tally tally) {
		String best = null;
		int imaging = 0;
		for (String code : features.codes("igg4rd-kidney")) {
			Integer weight = KIDNEY_IMAGING.get(code);
			if (weight != null && weight > imaging) {
				imaging = weight;
				best = code;
			}
		}
		Optional<Boolean> hypocomplementemia = features.flag("hypocomplementemia");
		List<String> inputs = List.of("hypocomplementemia", "igg4rd-kidney");
		if (hypocomplementemia.isEmpty()) {
			tally.partial("kidney", best == null ? "no imaging finding; complement not available" : best, imaging,
					Math.max(imaging, HYPOCOMPLEMENTEMIA), "hypocomplementaemia unknown (C3/C4 or their lower limits"
							+ " missing; not treated as normal)",
					inputs, List.of("hypocomplementemia"));
			return;
		}
		int points = imaging;
		String value = best == null ? "no imaging finding" : best;
		String explanation = best == null ? "no scoring kidney finding" : "kidney: " + best;
		if (hypocomplementemia.get() && HYPOCOMPLEMENTEMIA > points) {
			points = HYPOCOMPLEMENTEMIA;
			value = "hypocomplementaemia";
			explanation = "hypocomplementaemia (C3 or C4 below its lower limit)";
		}
		tally.add("kidney", value + (hypocomplementemia.get() ? "" : "; complement normal"), points, explanation, inputs);
	}
}
