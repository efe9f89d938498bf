package org.immunorisk.models.published;

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

/**
 * Leiden prediction rule for progression of undifferentiated arthritis to RA (van der Helm-van Mil AHM et al.,
 * Arthritis Rheum 2007;56:433-40). Score 0–14: ≤ 6 low (LOW), ≥ 8 high (HIGH), in between intermediate
 * (MODERATE). The paper's score-to-probability table is not reproduced: no probability is given.
 *
 * <p>Items: age × 0.02; female 1; small joints of hands/feet 0.5; symmetric 0.5; upper extremities only 1,
 * upper and lower 1.5; morning stiffness (100 mm VAS) 26–90 mm 1, &gt; 90 mm 2; tender joints 4–10 0.5,
 * ≥ 11 1; swollen joints 4–10 0.5, ≥ 11 1; CRP 5–50 mg/L 0.5, ≥ 51 mg/L 1.5; RF positive 1; anti-CCP
 * positive 2 (positive = above the result's ULN).
 *
 * <p>Band edges for non-integer values (see {@link Support}): VAS ≤ 25 mm scores 0, &gt; 25 to 90 mm 1,
 * &gt; 90 mm 2 (so 25.5 mm scores 1); CRP &lt; 5 mg/L 0, 5–50 mg/L 0.5, and &gt; 50 mg/L 1.5: a CRP between
 * 50 and 51 mg/L (the gap between the paper's "5–50" and "≥ 51" bands) scores 1.5.
 *
 * <p>Missing inputs: age is required (not computed without it); every other missing item is listed and
 * counted 0 in the score, and the risk band is returned only if the missing items cannot change it;
 * otherwise not computed. Sex "other" or "unknown" is treated like a missing item (the rule knows only
 * female/male).
 */
public final class LeidenPredictionRule implements RiskModel {

	public static final String ID = "leiden-ua-ra";
	static final double LOW_MAX = 6;
	static final double HIGH_MIN = 8;

	private static final ModelDescription DESCRIPTION = new ModelDescription(
			ID,
			Support.VERSION,
			"Leiden prediction rule for progression of undifferentiated arthritis to RA",
			"Estimates the chance that recent-onset undifferentiated arthritis progresses to rheumatoid arthritis"
					+ " (score 0–14; ≤ 6 low, ≥ 8 high), for research and decision support in patients with"
					+ " undifferentiated arthritis." + Support.RESEARCH_USE,
			"van der Helm-van Mil AHM, le Cessie S, van Dongen H, Breedveld FC, Toes REM, Huizinga TWJ. A prediction"
					+ " rule for disease outcome in patients with recent-onset undifferentiated arthritis: how to guide"
					+ " individual treatment decisions. Arthritis Rheum 2007;56:433-40.",
			List.of("age", "sex", "small-joints-involved", "joints-symmetric", "joint-distribution",
					"morning-stiffness-vas", "tender-joint-count", "swollen-joint-count", "crp",
					"rheumatoid-factor", "rheumatoid-factor-uln", "anti-ccp", "anti-ccp-uln"),
			"ua-progression-to-ra",
			ModelKind.PUBLISHED_SCORE,
			"Published prediction rule, derived in the Leiden Early Arthritis Clinic and externally validated",
			false);

	@Override
	public ModelDescription description() {
		return DESCRIPTION;
	}

	/** Joint or RA-serology data; CRP alone (common in any disease) does not apply it. */
	@Override
	public boolean isApplicable(FeatureVector features) {
		return Support.anyPresent(features, "small-joints-involved", "joints-symmetric", "joint-distribution",
				"morning-stiffness-vas", "tender-joint-count", "swollen-joint-count", "rheumatoid-factor", "anti-ccp");
	}

	@Override
	public Prediction predict(FeatureVector features) {
		Optional<Double> age = features.number("age");
		if (age.isEmpty()) {
			return Prediction.notComputed(ID, List.of("age"), "Leiden prediction rule: age missing ("
					+ Support.describeMissing(features, List.of("age")) + "); nothing computed.");
		}
		Tally tally = new Tally(features);
		tally.add("age", Support.display(features, "age"), Support.round2(age.get() * 0.02), "age × 0.02",
				List.of("age"));

		Optional<String> sex = features.code("sex");
		if (sex.filter(s -> s.equals("female") || s.equals("male")).isPresent()) {
			boolean female = sex.get().equals("female");
			tally.add("sex", sex.get(), female ? 1 : 0, female ? "female" : "male", List.of("sex"));
		} else {
			tally.partial("sex", sex.orElse("not recorded"), 0, 1, "sex not female/male", List.of("sex"),
					List.of("sex"));
		}

		Optional<Double> small = features.number("small-joints-involved");
		if (small.isPresent()) {
			boolean any = small.get() > 0;
			tally.add("small joints of hands or feet", Support.display(features, "small-joints-involved"),
					any ? 0.5 : 0, any ? "small joints involved" : "no small joint involved",
					List.of("small-joints-involved"));
		} else {
			missing(tally, "small joints of hands or feet", 0.5, "small-joints-involved");
		}

		Optional<Boolean> symmetric = features.flag("joints-symmetric");
		if (symmetric.isPresent()) {
			tally.add("symmetric", symmetric.get() ? "yes" : "no", symmetric.get() ? 0.5 : 0,
					symmetric.get() ? "symmetric involvement" : "asymmetric", List.of("joints-symmetric"));
		} else {
			missing(tally, "symmetric", 0.5, "joints-symmetric");
		}

		Optional<String> distribution = features.code("joint-distribution");
		Double distributionPoints = distribution.map(d -> switch (d) {
			case "upper-only" -> 1.0;
			case "upper-and-lower" -> 1.5;
			case "lower-only" -> 0.0;
			default -> null;
		}).orElse(null);
		if (distributionPoints != null) {
			tally.add("distribution", distribution.get(), distributionPoints, "joint distribution " + distribution.get(),
					List.of("joint-distribution"));
		} else {
			missing(tally, "distribution", 1.5, "joint-distribution");
		}

		Optional<Double> vas = features.number("morning-stiffness-vas");
		if (vas.isPresent()) {
			double v = vas.get();
			tally.add("morning stiffness", Support.display(features, "morning-stiffness-vas"), vasPoints(v),
					v > 90 ? "VAS > 90 mm" : v > 25 ? "VAS 26–90 mm" : "VAS ≤ 25 mm", List.of("morning-stiffness-vas"));
		} else {
			missing(tally, "morning stiffness", 2, "morning-stiffness-vas");
		}

		count(features, tally, "tender joints", "tender-joint-count");
		count(features, tally, "swollen joints", "swollen-joint-count");

		Optional<Double> crp = features.number("crp");
		if (crp.isPresent()) {
			double c = crp.get();
			tally.add("CRP", Support.display(features, "crp"), crpPoints(c),
					c > 50 ? "CRP > 50 mg/L" : c >= 5 ? "CRP 5–50 mg/L" : "CRP < 5 mg/L", List.of("crp"));
		} else {
			missing(tally, "CRP", 1.5, "crp");
		}

		positive(features, tally, "RF", "rheumatoid-factor", "rheumatoid-factor-uln", 1);
		positive(features, tally, "anti-CCP", "anti-ccp", "anti-ccp-uln", 2);

		double score = tally.points();
		double max = tally.maxPoints();
		String missing = Support.describeMissing(features, tally.missingInputs());
		String band;
		RiskLevel risk;
		if (max <= LOW_MAX) {
			band = "low";
			risk = RiskLevel.LOW;
		} else if (score >= HIGH_MIN) {
			band = "high";
			risk = RiskLevel.HIGH;
		} else if (score > LOW_MAX && max < HIGH_MIN) {
			band = "intermediate";
			risk = RiskLevel.MODERATE;
		} else {
			return new Prediction(ID, false, null, null, null, null, tally.factors(), tally.missingInputs(), List.of(),
					"Leiden prediction rule: not determinable; " + Support.fmt(score) + " points from available items,"
							+ " up to " + Support.fmt(max) + " with missing " + missing + ". No value was imputed.");
		}
		String bandText = switch (band) {
			case "low" -> "≤ 6";
			case "high" -> "≥ 8";
			default -> "between 6 and 8";
		};
		return new Prediction(ID, true, score, null, risk, band, tally.factors(), tally.missingInputs(), tally.used(),
				"Leiden prediction rule: " + (tally.complete() ? "" : "at least ") + Support.fmt(score) + " of 14 ("
						+ bandText + "): " + band + " risk of progression from undifferentiated arthritis to RA"
						+ (tally.complete() ? "." : "; missing " + missing + " cannot change the band."));
	}

	/** Morning stiffness points: ≤ 25 mm 0, &gt; 25–90 mm 1, &gt; 90 mm 2. */
	static double vasPoints(double mm) {
		return mm > 90 ? 2 : mm > 25 ? 1 : 0;
	}

	/** CRP points: &lt; 5 mg/L 0, 5–50 mg/L 0.5, &gt; 50 mg/L 1.5. */
	static double crpPoints(double mgPerL) {
		return mgPerL > 50 ? 1.5 : mgPerL >= 5 ? 0.5 : 0;
	}

	/** Tender/swollen joint count points: ≤ 3 0, 4–10 0.5, ≥ 11 1. */
	static double countPoints(double count) {
		return count > 10 ? 1 : count > 3 ? 0.5 : 0;
	}

	private static void count(FeatureVector features, Tally tally, String item, String input) {
		Optional<Double> count = features.number(input);
		if (count.isEmpty()) {
			missing(tally, item, 1, input);
			return;
		}
		double c = count.get();
		tally.add(item, Support.display(features, input), countPoints(c), c > 10 ? "≥ 11" : c > 3 ? "4–10" : "< 4",
				List.of(input));
	}

	private static void positive(FeatureVector features, Tally tally, String item, String input, String uln,
			double points) {
		LimitCheck check = Support.aboveLimit(features, input, uln);
		if (!check.known()) {
			tally.partial(item, Support.display(features, input), 0, points, item + " not available", List.of(input, uln),
					check.missing());
			return;
		}
		boolean positive = check.above() == Support.Tri.TRUE;
		tally.add(item, Support.withLimit(features, input, uln), positive ? points : 0,
				positive ? "positive (> ULN)" : "negative (≤ ULN)", List.of(input, uln));
	}

	private static void missing(Tally tally, String item, double max, String input) {
		tally.partial(item, "not recorded", 0, max, item + " not available", List.of(input), List.of(input));
	}
}
