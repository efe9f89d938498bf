package org.immunorisk.models.published;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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
 * 2010 ACR/EULAR classification criteria for rheumatoid arthritis (Aletaha D et al., Ann Rheum Dis
 * 2010;69:1580-8). Score 0–10, ≥ 6 classifies as RA (HIGH), otherwise not classified (LOW).
 *
 * <ul>
 * <li>Joints ({@code small-joints-involved}, {@code large-joints-involved}): &gt; 10 joints with ≥ 1 small 5;
 * 4–10 small 3; 1–3 small 2; 2–10 large 1; 1 large 0.</li>
 * <li>Serology (RF, anti-CCP against their ULN): both ≤ ULN 0; either &gt; ULN and ≤ 3 × ULN 2; either
 * &gt; 3 × ULN 3.</li>
 * <li>Acute-phase reactants: CRP &gt; its ULN or ESR &gt; its ULN 1.</li>
 * <li>Symptom duration ≥ 6 weeks 1.</li>
 * </ul>
 *
 * <p>Missing inputs: an item scores what its available inputs give; a missing input is listed when it could
 * still raise the item (a second serology test is not needed once one is high positive; a second acute-phase
 * test is not needed once one is abnormal, as in the criteria, where one result suffices). The classification
 * is returned only if the missing items cannot change it (points ≥ 6, or points + the most they could add
 * &lt; 6); otherwise the prediction is not computed.
 */
public final class AcrEular2010RaClassification implements RiskModel {

	public static final String ID = "acr-eular-2010-ra";
	static final double THRESHOLD = 6;
	/** Upper ends of the counts tried when a joint count is missing (10 large joints; small joints exceed 10). */
	private static final int MAX_SMALL = 40;
	private static final int MAX_LARGE = 10;

	private static final ModelDescription DESCRIPTION = new ModelDescription(
			ID,
			Support.VERSION,
			"2010 ACR/EULAR rheumatoid arthritis classification criteria",
			"Classifies rheumatoid arthritis in a patient with at least one joint with definite clinical synovitis"
					+ " not better explained by another disease (≥ 6 of 10 points), for research and decision"
					+ " support. Classification criteria are not diagnostic criteria." + Support.RESEARCH_USE,
			"Aletaha D, Neogi T, Silman AJ, et al. 2010 Rheumatoid arthritis classification criteria: an American"
					+ " College of Rheumatology/European League Against Rheumatism collaborative initiative. Ann"
					+ " Rheum Dis 2010;69:1580-8.",
			List.of("small-joints-involved", "large-joints-involved", "rheumatoid-factor", "rheumatoid-factor-uln",
					"anti-ccp", "anti-ccp-uln", "crp", "crp-uln", "esr", "esr-uln", "symptom-duration"),
			"ra-classification",
			ModelKind.PUBLISHED_SCORE,
			"Validated international classification criteria (ACR/EULAR)",
			false);

	@Override
	public ModelDescription description() {
		return DESCRIPTION;
	}

	/** Joint or RA-serology data; acute-phase reactants alone (common in any disease) do not apply it. */
	@Override
	public boolean isApplicable(FeatureVector features) {
		return Support.anyPresent(features, "small-joints-involved", "large-joints-involved", "symptom-duration",
				"rheumatoid-factor", "anti-ccp");
	}

	/** Joint involvement points. */
	static int jointPoints(int small, int large) {
		if (small + large > 10 && small >= 1) {
			return 5;
		}
		if (small >= 4 && small <= 10) {
			return 3;
		}
		if (small >= 1 && small <= 3) {
			return 2;
		}
		if (large >= 2 && large <= 10) {
			return 1;
		}
		return 0;
	}

	/** Serology points of one test: ≤ ULN 0, ≤ 3 × ULN 2, &gt; 3 × ULN 3. */
	static int serologyPoints(double value, double uln) {
		return value <= uln ? 0 : value <= 3 * uln ? 2 : 3;
	}

	@Override
	public Prediction predict(FeatureVector features) {
		Tally tally = new Tally(features);
		joints(features, tally);
		serology(features, tally);
		acutePhase(features, tally);
		duration(features, tally);

		double points = tally.points();
		double max = tally.maxPoints();
		String missing = Support.describeMissing(features, tally.missingInputs());
		if (points >= THRESHOLD) {
			return new Prediction(ID, true, points, null, RiskLevel.HIGH, "classified", tally.factors(),
					tally.missingInputs(), tally.used(), "2010 ACR/EULAR RA criteria: "
							+ (tally.complete() ? "" : "at least ") + Support.fmt(points) + " of 10 (≥ 6): classified as"
							+ " rheumatoid arthritis" + (tally.complete() ? "." : "; missing: " + missing + "."));
		}
		if (max < THRESHOLD) {
			return new Prediction(ID, true, points, null, RiskLevel.LOW, "not classified", tally.factors(),
					tally.missingInputs(), tally.used(), "2010 ACR/EULAR RA criteria: " + Support.fmt(points)
							+ " of 10 (< 6): not classified as rheumatoid arthritis"
							+ (tally.complete() ? "." : "; missing " + missing + " could add at most "
									+ Support.fmt(max - points) + " points, not enough to classify."));
		}
		return new Prediction(ID, false, null, null, null, null, tally.factors(), tally.missingInputs(), List.of(),
				"2010 ACR/EULAR RA criteria: not determinable; " + Support.fmt(points) + " points from available items,"
						+ " up to " + Support.fmt(max) + " with missing " + missing + " (6 classify). No value was imputed.");
	}

	private static void joints(FeatureVector features, Tally tally) {
		Optional<Double> small = features.number("small-joints-involved");
		Optional<Double> large = features.number("large-joints-involved");
		List<String> inputs = List.of("small-joints-involved", "large-joints-involved");
		String value = Support.display(features, "small-joints-involved") + " small, "
				+ Support.display(features, "large-joints-involved") + " large";
		if (small.isPresent() && large.isPresent()) {
			int s = (int) Math.round(small.get());
			int l = (int) Math.round(large.get());
			int points = jointPoints(s, l);
			tally.add("joint involvement", value, points, jointText(s, l, points), inputs);
			return;
		}
		int min = Integer.MAX_VALUE;
		int max = Integer.MIN_VALUE;
		for (int s : small.map(v -> List.of((int) Math.round(v))).orElse(range(MAX_SMALL))) {
			for (int l : large.map(v -> List.of((int) Math.round(v))).orElse(range(MAX_LARGE))) {
				int points = jointPoints(s, l);
				min = Math.min(min, points);
				max = Math.max(max, points);
			}
		}
		List<String> missing = new ArrayList<>();
		if (small.isEmpty()) {
			missing.add("small-joints-involved");
		}
		if (large.isEmpty()) {
			missing.add("large-joints-involved");
		}
		item(tally, "joint involvement", value, min, max, "joint counts incompletely recorded", inputs, missing);
	}

	private static String jointText(int small, int large, int points) {
		return switch (points) {
			case 5 -> "> 10 joints (" + (small + large) + "), at least 1 small";
			case 3 -> "4–10 small joints";
			case 2 -> "1–3 small joints";
			case 1 -> "2–10 large joints";
			default -> large == 1 ? "1 large joint" : "no small joint, fewer than 2 large joints";
		};
	}

	private static void serology(FeatureVector features, Tally tally) {
		LimitCheck rf = Support.aboveLimit(features, "rheumatoid-factor", "rheumatoid-factor-uln");
		LimitCheck ccp = Support.aboveLimit(features, "anti-ccp", "anti-ccp-uln");
		int known = 0;
		List<String> parts = new ArrayList<>();
		if (rf.known()) {
			known = Math.max(known, serologyPoints(rf.value(), rf.limit()));
			parts.add("RF " + Support.withLimit(features, "rheumatoid-factor", "rheumatoid-factor-uln"));
		}
		if (ccp.known()) {
			known = Math.max(known, serologyPoints(ccp.value(), ccp.limit()));
			parts.add("anti-CCP " + Support.withLimit(features, "anti-ccp", "anti-ccp-uln"));
		}
		List<String> missing = new ArrayList<>();
		missing.addAll(rf.missing());
		missing.addAll(ccp.missing());
		int max = missing.isEmpty() ? known : 3;
		String text = known == 3 ? "high positive (> 3 × ULN)" : known == 2 ? "low positive (> ULN, ≤ 3 × ULN)"
				: "negative (≤ ULN)";
		item(tally, "serology", parts.isEmpty() ? "not recorded" : String.join("; ", parts), known, max,
				parts.isEmpty() ? "RF and anti-CCP not available" : text,
				List.of("rheumatoid-factor", "rheumatoid-factor-uln", "anti-ccp", "anti-ccp-uln"), missing);
	}

	private static void acutePhase(FeatureVector features, Tally tally) {
		LimitCheck crp = Support.aboveLimit(features, "crp", "crp-uln");
		LimitCheck esr = Support.aboveLimit(features, "esr", "esr-uln");
		List<String> parts = new ArrayList<>();
		if (crp.known()) {
			parts.add("CRP " + Support.withLimit(features, "crp", "crp-uln"));
		}
		if (esr.known()) {
			parts.add("ESR " + Support.withLimit(features, "esr", "esr-uln"));
		}
		boolean abnormal = crp.above() == Tri.TRUE || esr.above() == Tri.TRUE;
		List<String> missing = new ArrayList<>();
		missing.addAll(crp.missing());
		missing.addAll(esr.missing());
		int points = abnormal ? 1 : 0;
		int max = abnormal || missing.isEmpty() ? points : 1;
		item(tally, "acute-phase reactants", parts.isEmpty() ? "not recorded" : String.join("; ", parts), points, max,
				abnormal ? "abnormal CRP or ESR" : parts.isEmpty() ? "CRP and ESR not available" : "normal",
				List.of("crp", "crp-uln", "esr", "esr-uln"), missing);
	}

	private static void duration(FeatureVector features, Tally tally) {
		Optional<Double> weeks = features.number("symptom-duration");
		if (weeks.isEmpty()) {
			item(tally, "symptom duration", "not recorded", 0, 1, "symptom duration not available",
					List.of("symptom-duration"), List.of("symptom-duration"));
			return;
		}
		boolean six = weeks.get() >= 6;
		tally.add("symptom duration", Support.display(features, "symptom-duration"), six ? 1 : 0,
				six ? "≥ 6 weeks" : "< 6 weeks", List.of("symptom-duration"));
	}

	/** Scores an item; missing inputs are reported only when they could raise it. */
	private static void item(Tally tally, String name, String value, int min, int max, String explanation,
			List<String> inputs, List<String> missing) {
		if (max > min) {
			tally.partial(name, value, min, max, explanation, inputs, missing);
		} else {
			tally.add(name, value, min, explanation
					+ (missing.isEmpty() ? "" : " (" + String.join(", ", missing) + " not recorded, not needed)"), inputs);
		}
	}

	private static List<Integer> range(int max) {
		List<Integer> values = new ArrayList<>();
		for (int i = 0; i <= max; i++) {
			values.add(i);
		}
		return values;
	}
}
