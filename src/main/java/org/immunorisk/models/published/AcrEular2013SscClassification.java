package org.immunorisk.models.published;

import java.util.ArrayList;
import java.util.List;

import org.immunorisk.features.FeatureVector;
import org.immunorisk.models.ModelDescription;
import org.immunorisk.models.ModelKind;
import org.immunorisk.models.Prediction;
import org.immunorisk.models.RiskLevel;
import org.immunorisk.models.RiskModel;
import org.immunorisk.models.published.Support.LimitCheck;
import org.immunorisk.models.published.Support.Tally;
import org.immunorisk.models.published.Support.Tri;

/**
 * 2013 ACR/EULAR classification criteria for systemic sclerosis (van den Hoogen F et al., Ann Rheum Dis
 * 2013;72:1747-55). Total ≥ 9 classifies (HIGH), otherwise not classified (LOW).
 *
 * <p>Items (highest weight per item): skin thickening of both hands proximal to the MCPs 9 (sufficient);
 * puffy fingers 2 or sclerodactyly 4; digital tip ulcers 2 or pitting scars 3; telangiectasia 2; abnormal
 * nailfold capillaries 2; PAH and/or ILD 2; Raynaud phenomenon 3; SSc-related antibodies (anti-centromere,
 * anti-Scl-70 or anti-RNA polymerase III above its ULN) 3. The total adds every item, including the 9.
 *
 * <p>Missing inputs: a missing sub-item is listed when it could raise its item (a missing puffy-fingers
 * finding is not needed once sclerodactyly is present; a missing antibody result is not needed once another
 * SSc antibody is positive). The classification is returned only if the missing items cannot change it,
 * otherwise not computed.
 */
public final class AcrEular2013SscClassification implements RiskModel {

	public static final String ID = "acr-eular-2013-ssc";
	static final double THRESHOLD = 9;

	private static final ModelDescription DESCRIPTION = new ModelDescription(
			ID,
			Support.VERSION,
			"2013 ACR/EULAR systemic sclerosis classification criteria",
			"Classifies systemic sclerosis (≥ 9 points) for research and decision support. Not applicable to"
					+ " patients with skin thickening sparing the fingers or with a scleroderma-like disorder that"
					+ " better explains the findings. Classification criteria are not diagnostic criteria."
					+ Support.RESEARCH_USE,
			"van den Hoogen F, Khanna D, Fransen J, et al. 2013 classification criteria for systemic sclerosis: an"
					+ " American College of Rheumatology/European League Against Rheumatism collaborative initiative."
					+ " Ann Rheum Dis 2013;72:1747-55.",
			List.of("ssc-skin-thickening-proximal-mcp", "ssc-puffy-fingers", "ssc-sclerodactyly",
					"ssc-digital-tip-ulcers", "ssc-pitting-scars", "ssc-telangiectasia",
					"ssc-abnormal-nailfold-capillaries", "ssc-pah", "ssc-ild", "ssc-raynaud", "anti-centromere",
					"anti-centromere-uln", "anti-scl70", "anti-scl70-uln", "anti-rna-pol3", "anti-rna-pol3-uln"),
			"ssc-classification",
			ModelKind.PUBLISHED_SCORE,
			"Validated international classification criteria (ACR/EULAR)",
			false);

	@Override
	public ModelDescription description() {
		return DESCRIPTION;
	}

	/** One sub-item of an item: its label, weight and (possibly unknown) presence. */
	record SubItem(String label, String input, double weight, Tri present) {}

	private static SubItem sub(FeatureVector features, String label, String input, double weight) {
		return new SubItem(label, input, weight, Tri.of(features.flag(input)));
	}

	@Override
	public Prediction predict(FeatureVector features) {
		Tally tally = new Tally(features);
		item(tally, "skin thickening proximal to the MCPs",
				List.of(sub(features, "skin thickening of both hands proximal to the MCPs", "ssc-skin-thickening-proximal-mcp", 9)));
		item(tally, "skin thickening of the fingers", List.of(
				sub(features, "puffy fingers", "ssc-puffy-fingers", 2),
				sub(features, "sclerodactyly", "ssc-sclerodactyly", 4)));
		item(tally, "fingertip lesions", List.of(
				sub(features, "digital tip ulcers", "ssc-digital-tip-ulcers", 2),
				sub(features, "fingertip pitting scars", "ssc-pitting-scars", 3)));
		item(tally, "telangiectasia", List.of(sub(features, "telangiectasia", "ssc-telangiectasia", 2)));
		item(tally, "abnormal nailfold capillaries",
				List.of(sub(features, "abnormal nailfold capillaries", "ssc-abnormal-nailfold-capillaries", 2)));
		item(tally, "PAH and/or ILD", List.of(
				sub(features, "pulmonary arterial hypertension", "ssc-pah", 2),
				sub(features, "interstitial lung disease", "ssc-ild", 2)));
		item(tally, "Raynaud phenomenon", List.of(sub(features, "Raynaud phenomenon", "ssc-raynaud", 3)));
		antibodies(features, tally);

		double points = tally.points();
		double max = tally.maxPoints();
		String missing = Support.describeMissing(features, tally.missingInputs());
		if (points >= THRESHOLD) {
			return new Prediction(ID, true, points, null, RiskLevel.HIGH, "classified", tally.factors(),
					tally.missingInputs(), tally.used(), "2013 ACR/EULAR SSc criteria: "
							+ (tally.complete() ? "" : "at least ") + Support.fmt(points) + " points (≥ 9): classified as"
							+ " systemic sclerosis" + (tally.complete() ? "." : "; missing: " + missing + "."));
		}
		if (max < THRESHOLD) {
			return new Prediction(ID, true, points, null, RiskLevel.LOW, "not classified", tally.factors(),
					tally.missingInputs(), tally.used(), "2013 ACR/EULAR SSc criteria: " + Support.fmt(points)
							+ " points (< 9): not classified as systemic sclerosis"
							+ (tally.complete() ? "." : "; missing " + missing + " could add at most "
									+ Support.fmt(max - points) + " points, not enough to classify."));
		}
		return new Prediction(ID, false, null, null, null, null, tally.factors(), tally.missingInputs(), List.of(),
				"2013 ACR/EULAR SSc criteria: not determinable; " + Support.fmt(points) + " points from available"
						+ " items, up to " + Support.fmt(max) + " with missing " + missing + " (9 classify)."
						+ " No value was imputed.");
	}

	/** Scores the highest present sub-item; missing sub-items that could score higher are listed missing. */
	private static void item(Tally tally, String item, List<SubItem> subItems) {
		double min = 0;
		String best = null;
		for (SubItem s : subItems) {
			if (s.present() == Tri.TRUE && s.weight() > min) {
				min = s.weight();
				best = s.label();
			}
		}
		double max = min;
		List<String> missing = new ArrayList<>();
		List<String> inputs = subItems.stream().map(SubItem::input).toList();
		for (SubItem s : subItems) {
			if (s.present() == Tri.UNKNOWN && s.weight() > min) {
				max = Math.max(max, s.weight());
				missing.add(s.input());
			}
		}
		String value = best != null ? best : subItems.stream().allMatch(s -> s.present() == Tri.FALSE) ? "absent"
				: "not recorded";
		if (missing.isEmpty()) {
			tally.add(item, value, min, best != null ? best + " (highest weight in item)" : "absent", inputs);
		} else {
			tally.partial(item, value, min, max, best != null ? best : "not (fully) recorded", inputs, missing);
		}
	}

	private static void antibodies(FeatureVector features, Tally tally) {
		String[][] tests = {
				{"anti-centromere", "anti-centromere-uln"},
				{"anti-scl70", "anti-scl70-uln"},
				{"anti-rna-pol3", "anti-rna-pol3-uln"}};
		List<String> positive = new ArrayList<>();
		List<String> missing = new ArrayList<>();
		List<String> inputs = new ArrayList<>();
		List<String> values = new ArrayList<>();
		for (String[] test : tests) {
			LimitCheck check = Support.aboveLimit(features, test[0], test[1]);
			inputs.add(test[0]);
			inputs.add(test[1]);
			if (check.above() == Tri.TRUE) {
				positive.add(test[0]);
			}
			if (check.known()) {
				values.add(test[0] + " " + Support.withLimit(features, test[0], test[1]));
			}
			missing.addAll(check.missing());
		}
		String value = values.isEmpty() ? "not recorded" : String.join("; ", values);
		if (!positive.isEmpty()) {
			tally.add("SSc-related antibodies", value, 3, "positive: " + String.join(", ", positive), inputs);
		} else if (missing.isEmpty()) {
			tally.add("SSc-related antibodies", value, 0, "all negative (≤ ULN)", inputs);
		} else {
			tally.partial("SSc-related antibodies", value, 0, 3, "none positive among those recorded", inputs, missing);
		}
	}
}
