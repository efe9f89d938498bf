package org.immunorisk.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Seeded synthetic cohort for SSc study C (single-cell cell-state fractions; CLINICAL.md §1, row C). SYNTHETIC:
 * the study's data are not public; this follows its effect directions only. Assumptions, all ImmunoRisk's own:
 * <ul>
 * <li>300 patients with SSc (CLINICAL.md gives no cohort size);</li>
 * <li>EGR1-high CD14+ monocytes, % of CD14+ monocytes: log-normal, median 8 %, log-SD 0.6; CXCR3-high CD8+ T
 * cells, % of CD8+ T cells: log-normal, median 10 %, log-SD 0.5; independent;</li>
 * <li>scleroderma renal crisis: logit = −2.6 + 1.5 × ln(EGR1-high fraction / 8 %) (C: EGR1-high CD14+ monocytes rise
 * at SRC onset; base rate about 8 %, in line with the 5–10 % usually quoted for SRC in SSc; magnitude assumed);</li>
 * <li>progressive ILD: logit = −1.0 + 1.6 × ln(CXCR3-high fraction / 10 %) (C: IFN-γ-activated CXCR3-high CD8+ T
 * cells increased with progressive ILD; magnitude assumed).</li>
 * </ul>
 * The models are fitted on the fractions as measured (percent), not their logarithms: a simple, honest
 * misspecification the card's metrics reflect.
 */
public final class SscCellStateCohort {

	public static final String GENERATOR = "SscCellStateCohort v1";

	public record Patient(String id, double egr1HighMonocytes, double cxcr3HighCd8, boolean renalCrisis, boolean progressiveIld) {}

	private SscCellStateCohort() {}

	public static List<Patient> generate(long seed, int size) {
		Random random = new Random(seed);
		List<Patient> cohort = new ArrayList<>();
		for (int i = 0; i < size; i++) {
			double egr1 = 8 * Math.exp(0.6 * random.nextGaussian());
			double cxcr3 = 10 * Math.exp(0.5 * random.nextGaussian());
			boolean src = random.nextDouble() < logistic(-2.6 + 1.5 * Math.log(egr1 / 8));
			boolean ild = random.nextDouble() < logistic(-1.0 + 1.6 * Math.log(cxcr3 / 10));
			cohort.add(new Patient(String.format(Locale.ROOT, "ssc-%04d", i + 1), egr1, cxcr3, src, ild));
		}
		return cohort;
	}

	public static String csv(List<Patient> cohort) {
		StringBuilder csv = new StringBuilder("id,egr1_high_cd14_monocyte_pct,cxcr3_high_cd8_t_cell_pct,renal_crisis,progressive_ild\n");
		for (Patient p : cohort) {
			csv.append(p.id()).append(',').append(p.egr1HighMonocytes()).append(',').append(p.cxcr3HighCd8()).append(',')
					.append(p.renalCrisis() ? 1 : 0).append(',').append(p.progressiveIld() ? 1 : 0).append('\n');
		}
		return csv.toString();
	}

	private static double logistic(double x) {
		return 1 / (1 + Math.exp(-x));
	}
}
