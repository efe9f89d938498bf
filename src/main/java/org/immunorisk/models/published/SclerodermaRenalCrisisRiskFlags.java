package org.immunorisk.models.published;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.immunorisk.features.FeatureVector;
import org.immunorisk.models.Contribution;
import org.immunorisk.models.ModelDescription;
import org.immunorisk.models.ModelKind;
import org.immunorisk.models.Prediction;
import org.immunorisk.models.RiskLevel;
import org.immunorisk.models.RiskModel;
import org.immunorisk.models.published.Support.LimitCheck;
import org.immunorisk.models.published.Support.Tri;

/**
 * Risk factors for scleroderma renal crisis, as flags. There is no validated point score: the count of
 * flags and its display bands are ImmunoRisk's, not published.
 *
 * <p>Seven flags: diffuse cutaneous disease; rapid progression of skin thickening; disease duration &lt; 4
 * years (the literature says &lt; 3–5 years; 4 is ImmunoRisk's midpoint choice, not a published cut-off);
 * anti-RNA polymerase III above its ULN; prednisone(-equivalent) &gt; 15 mg/day (recorded in the last 3
 * months); new anaemia; recent cardiac event. Display bands: ≥ 3 flags HIGH, 1–2 MODERATE, 0 LOW.
 *
 * <p>Missing flags are listed; the band is returned only if they cannot change it (e.g. 3 flags present and
 * 2 unknown is still HIGH), otherwise not computed. Registry predictors also reported in the literature
 * (prior proteinuria, reduced DLCO, hypertension) are not ImmunoRisk inputs: the summary says they were not
 * assessed.
 */
public final class SclerodermaRenalCrisisRiskFlags implements RiskModel {

	public static final String ID = "ssc-renal-crisis-flags";
	static final int FLAG_COUNT = 7;
	/** ImmunoRisk's midpoint of the literature's "&lt; 3–5 years"; not a published cut-off. */
	static final double DISEASE_DURATION_YEARS = 4;
	static final double PREDNISONE_MG_PER_DAY = 15;
	static final String NOT_ASSESSED = "Registry predictors not assessed (not ImmunoRisk inputs): prior proteinuria,"
			+ " reduced DLCO, hypertension.";

	private static final ModelDescription DESCRIPTION = new ModelDescription(
			ID,
			Support.VERSION,
			"Scleroderma renal crisis risk flags",
			"Lists recognised risk factors for scleroderma renal crisis in a patient with systemic sclerosis, to"
					+ " prompt blood-pressure and renal monitoring, for research and decision support. The flag count"
					+ " and its bands are ImmunoRisk's display choice: there is no validated point score."
					+ Support.RESEARCH_USE,
			"Risk factors for scleroderma renal crisis as compiled from the literature in ImmunoRisk's clinical"
					+ " brief (CLINICAL.md §2); no single source publication and no validated point score.",
			List.of("ssc-diffuse-cutaneous", "ssc-rapid-skin-progression", "ssc-disease-duration", "anti-rna-pol3",
					"anti-rna-pol3-uln", "prednisone-dose", "ssc-new-anaemia", "ssc-recent-cardiac-event"),
			"scleroderma-renal-crisis",
			ModelKind.DECISION_RULE,
			"Risk factors from observational studies and registries; no validated point score, the count and its"
					+ " bands are not validated",
			false);

	@Override
	public ModelDescription description() {
		return DESCRIPTION;
	}

	/** SSc data; a prednisone dose alone (common outside SSc) does not apply it. */
	@Override
	public boolean isApplicable(FeatureVector features) {
		return Support.anyPresent(features, "ssc-diffuse-cutaneous", "ssc-rapid-skin-progression",
				"ssc-disease-duration", "anti-rna-pol3", "ssc-new-anaemia", "ssc-recent-cardiac-event");
	}

	static RiskLevel band(int flags) {
		return flags >= 3 ? RiskLevel.HIGH : flags >= 1 ? RiskLevel.MODERATE : RiskLevel.LOW;
	}

	private static String category(RiskLevel band) {
		return switch (band) {
			case HIGH -> "3 or more flags";
			case MODERATE -> "1-2 flags";
			default -> "no flag";
		};
	}

	@Override
	public Prediction predict(FeatureVector features) {
		List<Contribution> factors = new ArrayList<>();
		List<String> used = new ArrayList<>();
		List<String> missing = new ArrayList<>();
		int positive = 0;
		int unknown = 0;

		List<Flag> flags = new ArrayList<>();
		flags.add(booleanFlag(features, "diffuse cutaneous disease", "ssc-diffuse-cutaneous"));
		flags.add(booleanFlag(features, "rapid skin progression", "ssc-rapid-skin-progression"));
		Optional<Double> years = features.number("ssc-disease-duration");
		flags.add(new Flag("disease duration < 4 years", years.map(y -> Tri.of(y < DISEASE_DURATION_YEARS)).orElse(Tri.UNKNOWN),
				years.map(y -> Support.fmt(y) + " years").orElse("not recorded"), List.of("ssc-disease-duration"),
				List.of("ssc-disease-duration"),
				"literature: < 3–5 years; 4 years is ImmunoRisk's midpoint, not a published cut-off"));
		LimitCheck rnap = Support.aboveLimit(features, "anti-rna-pol3", "anti-rna-pol3-uln");
		flags.add(new Flag("anti-RNA polymerase III positive", rnap.above(),
				rnap.known() ? Support.withLimit(features, "anti-rna-pol3", "anti-rna-pol3-uln") : "not recorded",
				List.of("anti-rna-pol3", "anti-rna-pol3-uln"), rnap.missing(), "above ULN"));
		Optional<Double> prednisone = features.number("prednisone-dose");
		flags.add(new Flag("prednisone > 15 mg/day", prednisone.map(d -> Tri.of(d > PREDNISONE_MG_PER_DAY)).orElse(Tri.UNKNOWN),
				Support.display(features, "prednisone-dose"), List.of("prednisone-dose"), List.of("prednisone-dose"),
				"prednisone(-equivalent) dose in the last 3 months"));
		flags.add(booleanFlag(features, "new anaemia", "ssc-new-anaemia"));
		flags.add(booleanFlag(features, "recent cardiac event", "ssc-recent-cardiac-event"));

		for (Flag flag : flags) {
			switch (flag.state()) {
				case TRUE -> positive++;
				case UNKNOWN -> {
					unknown++;
					missing.addAll(flag.missing());
				}
				default -> {}
			}
			Double points = switch (flag.state()) {
				case TRUE -> 1.0;
				case FALSE -> 0.0;
				case UNKNOWN -> null;
			};
			factors.add(new Contribution(flag.item(), flag.value(), points,
					(flag.state() == Tri.TRUE ? "flagged" : flag.state() == Tri.FALSE ? "not flagged" : "missing")
							+ "; " + flag.note()));
			if (flag.state() != Tri.UNKNOWN) {
				for (String input : flag.inputs()) {
					if (features.has(input) && !used.contains(input)) {
						used.add(input);
					}
				}
			}
		}

		RiskLevel low = band(positive);
		RiskLevel high = band(positive + unknown);
		if (low != high) {
			return new Prediction(ID, false, null, null, null, null, factors, missing, List.of(),
					"Scleroderma renal crisis flags: not determinable; " + positive + " of " + FLAG_COUNT
							+ " flags present, " + unknown + " unknown (missing " + Support.describeMissing(features, missing)
							+ "). No value was imputed. " + NOT_ASSESSED);
		}
		return new Prediction(ID, true, (double) positive, null, low, category(low), factors, missing, used,
				"Scleroderma renal crisis flags: " + positive + " of " + FLAG_COUNT + " positive"
						+ (unknown == 0 ? "" : " (" + unknown + " unknown: " + Support.describeMissing(features, missing)
								+ "; cannot change the band)")
						+ ": " + low.code() + " (ImmunoRisk display bands, no validated score). " + NOT_ASSESSED);
	}

	record Flag(String item, Tri state, String value, List<String> inputs, List<String> missing, String note) {}

	private static Flag booleanFlag(FeatureVector features, String item, String input) {
		Optional<Boolean> value = features.flag(input);
		return new Flag(item, Tri.of(value), value.map(v -> v ? "yes" : "no").orElse("not recorded"), List.of(input),
				List.of(input), item);
	}
}
