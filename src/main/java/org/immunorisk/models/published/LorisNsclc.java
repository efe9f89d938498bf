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

/**
 * LORIS, NSCLC-specific version (Chang T-G et al., Nat Cancer 2024; public repository rootchang/LORIS):
 * S = 0.0353·min(TMB, 50) + 0.0111·PD-L1 TPS(%) − 0.375·prior systemic therapy(0/1) + 0.2924·albumin(g/dL)
 * − 0.0103·min(NLR, 25) − 1.5593; LORIS = 1 / (1 + e^−S), the probability of objective response to immune
 * checkpoint blockade.
 *
 * <p>Coefficients: taken from ImmunoRisk's CLINICAL.md §2 and not re-verified against the paper or the fitted
 * model files of the repository. (They agree with the NSCLC formula printed in the repository's README.md,
 * commit 37d286519644e585c376e5b34b1f81df5e8c7ed7, read while writing this class.)
 *
 * <p>Risk level: the outcome is response, so HIGH means a high likelihood of response, a GOOD outcome
 * (unlike the other scores, where HIGH is bad). LORIS ≥ 0.5 → HIGH ("high"), &lt; 0.5 → LOW ("low"). The 0.5
 * cut is ImmunoRisk's choice (the natural cut of a probability), not a threshold taken from the paper.
 *
 * <p>All five inputs are required; with any missing the score is not computed.
 */
public final class LorisNsclc implements RiskModel {

	public static final String ID = "loris-nsclc";

	// Source: CLINICAL.md §2 (LORIS, NSCLC version; Chang et al., rootchang/LORIS). Not re-verified.
	static final double TMB = 0.0353;
	static final double PDL1 = 0.0111;
	static final double PRIOR_THERAPY = -0.375;
	static final double ALBUMIN = 0.2924;
	static final double NLR = -0.0103;
	static final double INTERCEPT = -1.5593;
	static final double TMB_CAP = 50;
	static final double NLR_CAP = 25;
	static final double CUT = 0.5;

	private static final ModelDescription DESCRIPTION = new ModelDescription(
			ID,
			Support.VERSION,
			"LORIS logistic regression score, NSCLC version",
			"Estimates the probability of objective response to immune checkpoint blockade in non-small cell lung"
					+ " cancer from TMB, PD-L1 TPS, prior systemic therapy, albumin and NLR, for research and decision"
					+ " support. A high value means a high likelihood of response." + Support.RESEARCH_USE,
			"Chang T-G, Cao Y, Sfreddo HJ, et al. LORIS robustly predicts patient outcomes with immune checkpoint"
					+ " blockade therapy using common clinical, pathologic and genomic features. Nat Cancer 2024."
					+ " Code: https://github.com/rootchang/LORIS",
			List.of("tmb", "pdl1-tps", "prior-systemic-therapy", "albumin", "nlr"),
			"ici-response",
			ModelKind.PUBLISHED_SCORE,
			"Published logistic regression score, trained and externally tested on retrospective ICB cohorts;"
					+ " coefficients not re-verified against the paper",
			false);

	@Override
	public ModelDescription description() {
		return DESCRIPTION;
	}

	/**
	 * NSCLC immunotherapy work-up data (PD-L1 TPS or prior systemic therapy). TMB alone does not apply it (e.g.
	 * colorectal cancer), nor do albumin and NLR (routine blood tests).
	 */
	@Override
	public boolean isApplicable(FeatureVector features) {
		return Support.anyPresent(features, "pdl1-tps", "prior-systemic-therapy");
	}

	/** The linear predictor S. */
	static double linearPredictor(double tmb, double pdl1, boolean priorTherapy, double albumin, double nlr) {
		return TMB * Math.min(tmb, TMB_CAP) + PDL1 * pdl1 + PRIOR_THERAPY * (priorTherapy ? 1 : 0)
				+ ALBUMIN * albumin + NLR * Math.min(nlr, NLR_CAP) + INTERCEPT;
	}

	static double loris(double s) {
		return 1 / (1 + Math.exp(-s));
	}

	@Override
	public Prediction predict(FeatureVector features) {
		Optional<Double> tmb = features.number("tmb");
		Optional<Double> pdl1 = features.number("pdl1-tps");
		Optional<Boolean> prior = features.flag("prior-systemic-therapy");
		Optional<Double> albumin = features.number("albumin");
		Optional<Double> nlr = features.number("nlr");
		List<String> missing = new ArrayList<>();
		if (tmb.isEmpty()) {
			missing.add("tmb");
		}
		if (pdl1.isEmpty()) {
			missing.add("pdl1-tps");
		}
		if (prior.isEmpty()) {
			missing.add("prior-systemic-therapy");
		}
		if (albumin.isEmpty()) {
			missing.add("albumin");
		}
		if (nlr.isEmpty()) {
			missing.add("nlr");
		}
		if (!missing.isEmpty()) {
			return Prediction.notComputed(ID, missing, "LORIS (NSCLC): not computed, missing "
					+ Support.describeMissing(features, missing) + ". No value was imputed.");
		}
		double t = Math.min(tmb.get(), TMB_CAP);
		double n = Math.min(nlr.get(), NLR_CAP);
		List<Contribution> factors = List.of(
				new Contribution("tmb", Support.display(features, "tmb") + (tmb.get() > TMB_CAP ? " (capped at 50)" : ""),
						TMB * t, "0.0353 × min(TMB, 50)"),
				new Contribution("pdl1-tps", Support.display(features, "pdl1-tps"), PDL1 * pdl1.get(), "0.0111 × PD-L1 TPS (%)"),
				new Contribution("prior-systemic-therapy", prior.get() ? "yes" : "no", PRIOR_THERAPY * (prior.get() ? 1 : 0),
						"−0.375 × prior systemic therapy"),
				new Contribution("albumin", Support.display(features, "albumin"), ALBUMIN * albumin.get(),
						"0.2924 × albumin (g/dL)"),
				new Contribution("nlr", Support.display(features, "nlr") + (nlr.get() > NLR_CAP ? " (capped at 25)" : ""),
						NLR * n, "−0.0103 × min(NLR, 25)"),
				new Contribution("intercept", "", INTERCEPT, "intercept"));
		double s = linearPredictor(tmb.get(), pdl1.get(), prior.get(), albumin.get(), nlr.get());
		double p = loris(s);
		boolean high = p >= CUT;
		return new Prediction(ID, true, Math.round(p * 1000) / 1000.0, p, high ? RiskLevel.HIGH : RiskLevel.LOW,
				high ? "high" : "low", factors, List.of(), List.of("tmb", "pdl1-tps", "prior-systemic-therapy", "albumin", "nlr"),
				"LORIS (NSCLC) " + Support.fmt(p) + " (S = " + Support.fmt(s) + "): " + (high ? "high" : "low")
						+ " likelihood of objective response to immune checkpoint blockade (here HIGH is the favourable"
						+ " outcome; cut 0.5 is ImmunoRisk's).");
	}
}
