package org.immunorisk.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Seeded synthetic cohort for RA study B2's second finding: rapid radiographic progression after starting a
 * biologic (CLINICAL.md §1, row B2). SYNTHETIC; effect directions only. Assumptions, ImmunoRisk's own:
 * <ul>
 * <li>200 patients starting a biologic (no size given);</li>
 * <li>PRIME-cell signature score: standard normal z-score; CRP (mg/L): log-normal, median 8, log-SD 1.0;</li>
 * <li>rapid radiographic progression: logit = −1.2 + 1.0 × PRIME − 0.4 × ln(CRP / 8) (B2: PRIME-cell genes high
 * before biologics → joint destruction progresses; high inflammatory markers → less progression, as the study
 * reports; magnitudes assumed).</li>
 * </ul>
 */
public final class RaProgressionCohort {

	public static final String GENERATOR = "RaProgressionCohort v1";

	public record Patient(String id, double primeCell, double crp, boolean rapidProgression) {}

	private RaProgressionCohort() {}

	public static List<Patient> generate(long seed, int size) {
		Random random = new Random(seed);
		List<Patient> cohort = new ArrayList<>();
		for (int i = 0; i < size; i++) {
			double prime = random.nextGaussian();
			double crp = 8 * Math.exp(random.nextGaussian());
			double logit = -1.2 + 1.0 * prime - 0.4 * Math.log(crp / 8);
			cohort.add(new Patient(String.format(Locale.ROOT, "ra-prog-%04d", i + 1), prime, crp,
					random.nextDouble() < 1 / (1 + Math.exp(-logit))));
		}
		return cohort;
	}

	public static String csv(List<Patient> cohort) {
		StringBuilder csv = new StringBuilder("id,prime_cell_signature,crp_mg_l,rapid_radiographic_progression\n");
		for (Patient p : cohort) {
			csv.append(p.id()).append(',').append(p.primeCell()).append(',').append(p.crp()).append(',')
					.append(p.rapidProgression() ? 1 : 0).append('\n');
		}
		return csv.toString();
	}
}
