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
 * Lung immune prognostic index, LIPI (Mezquita L et al., JAMA Oncol 2018;4:351-7): dNLR = ANC / (WBC − ANC)
 * &gt; 3 scores 1; LDH &gt; ULN scores 1. 0 good (LOW risk), 1 intermediate (MODERATE), 2 poor (HIGH). The
 * risk level is the risk of a poor outcome (shorter overall survival on immune checkpoint inhibitors).
 *
 * <p>Both items are required: with one missing, the index could be either of two groups, so it is not
 * computed.
 */
public final class LungImmunePrognosticIndex implements RiskModel {

	public static final String ID = "lipi";
	static final double DNLR_CUTOFF = 3;

	private static final ModelDescription DESCRIPTION = new ModelDescription(
			ID,
			Support.VERSION,
			"Lung immune prognostic index (LIPI)",
			"Prognostic grouping (good, intermediate, poor) of overall survival in advanced NSCLC treated with"
					+ " immune checkpoint inhibitors, from dNLR and LDH, for research and decision support. It is"
					+ " prognostic, not predictive of benefit from immunotherapy." + Support.RESEARCH_USE,
			"Mezquita L, Auclin E, Ferrara R, et al. Association of the Lung Immune Prognostic Index with immune"
					+ " checkpoint inhibitor outcomes in patients with advanced non-small cell lung cancer. JAMA Oncol"
					+ " 2018;4:351-7.",
			List.of("dnlr", "ldh", "ldh-uln"),
			"overall-survival-ici",
			ModelKind.PUBLISHED_SCORE,
			"Published prognostic index, derived and validated in retrospective multicentre cohorts",
			false);

	@Override
	public ModelDescription description() {
		return DESCRIPTION;
	}

	/**
	 * NSCLC immunotherapy work-up data (PD-L1 TPS or prior systemic therapy): dNLR and LDH alone are routine
	 * blood tests in any disease, and the index is for NSCLC on checkpoint inhibitors.
	 */
	@Override
	public boolean isApplicable(FeatureVector features) {
		return Support.anyPresent(features, "pdl1-tps", "prior-systemic-therapy");
	}

	@Override
	public Prediction predict(FeatureVector features) {
		List<Contribution> factors = new ArrayList<>();
		List<String> missing = new ArrayList<>();
		int score = 0;

		Optional<Double> dnlr = features.number("dnlr");
		if (dnlr.isPresent()) {
			boolean high = dnlr.get() > DNLR_CUTOFF;
			score += high ? 1 : 0;
			factors.add(new Contribution("dNLR", Support.display(features, "dnlr"), high ? 1.0 : 0.0,
					high ? "dNLR > 3" : "dNLR ≤ 3"));
		} else {
			missing.add("dnlr");
			factors.add(new Contribution("dNLR", "not recorded", null, "missing"));
		}
		LimitCheck ldh = Support.aboveLimit(features, "ldh", "ldh-uln");
		if (ldh.known()) {
			boolean high = ldh.above() == Tri.TRUE;
			score += high ? 1 : 0;
			factors.add(new Contribution("LDH", Support.withLimit(features, "ldh", "ldh-uln"), high ? 1.0 : 0.0,
					high ? "LDH > ULN" : "LDH ≤ ULN"));
		} else {
			missing.addAll(ldh.missing());
			factors.add(new Contribution("LDH", Support.display(features, "ldh"), null, "missing"));
		}
		if (!missing.isEmpty()) {
			return new Prediction(ID, false, null, null, null, null, factors, missing, List.of(),
					"LIPI: not computed, missing " + Support.describeMissing(features, missing)
							+ " (both dNLR and LDH are needed). No value was imputed.");
		}
		String group = score == 0 ? "good" : score == 1 ? "intermediate" : "poor";
		RiskLevel risk = score == 0 ? RiskLevel.LOW : score == 1 ? RiskLevel.MODERATE : RiskLevel.HIGH;
		return new Prediction(ID, true, (double) score, null, risk, group, factors, List.of(),
				List.of("dnlr", "ldh", "ldh-uln").stream().filter(features::has).toList(),
				"LIPI " + score + " (" + group + "): " + (score == 0 ? "the most favourable" : score == 1
						? "an intermediate" : "the least favourable")
						+ " prognostic group for overall survival on immune checkpoint inhibitors.");
	}
}
