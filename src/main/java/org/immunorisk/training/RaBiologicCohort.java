package org.immunorisk.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded synthetic cohort for RA study B2 (PBMC expression signatures before a biologic; CLINICAL.md §1, row
 * B2). SYNTHETIC: the study's patient data are not public, and this generator only follows its published effect
 * directions. Assumptions, all ImmunoRisk's own (none is a published number):
 * <ul>
 * <li>size: 120 patients starting a TNF inhibitor and 80 starting abatacept (CLINICAL.md gives no cohort size);</li>
 * <li>signature scores are standard-normal z-scores (as the test bundles carry them, unit {score}); the monocyte
 * signature correlates mildly with the interferon signature (r = 0.3), the PRIME-cell signature with neither;</li>
 * <li>poor TNF-inhibitor response: logit = −0.6 + 1.2 × interferon + 0.1 × monocyte (direction from B2: high
 * interferon-signature genes → poor TNF-inhibitor response; magnitude assumed);</li>
 * <li>poor abatacept response: logit = −0.6 + 1.2 × monocyte + 0.1 × interferon (B2: monocyte-derived genes →
 * poor abatacept response; magnitude assumed);</li>
 * <li>the PRIME-cell signature carries no response signal here (B2 links it to radiographic progression).</li>
 * </ul>
 * Nothing here is tuned to reach a metric: the pipeline reports what it gets.
 */
public final class RaBiologicCohort {

	public static final String GENERATOR = "RaBiologicCohort v1";
	public static final List<String> SIGNATURES = List.of("interferon-signature", "monocyte-signature", "prime-cell-signature");

	/** One synthetic patient: the biologic started, the three signature scores, and whether response was poor. */
	public record Patient(String id, String biologic, double interferon, double monocyte, double primeCell, boolean poorResponse) {

		public double[] signatures() {
			return new double[] {interferon, monocyte, primeCell};
		}
	}

	private RaBiologicCohort() {}

	public static List<Patient> generate(long seed, int tnfInhibitor, int abatacept) {
		Random random = new Random(seed);
		List<Patient> cohort = new ArrayList<>();
		for (int i = 0; i < tnfInhibitor + abatacept; i++) {
			boolean onTnfInhibitor = i < tnfInhibitor;
			double interferon = random.nextGaussian();
			double monocyte = 0.3 * interferon + Math.sqrt(1 - 0.09) * random.nextGaussian();
			double primeCell = random.nextGaussian();
			double logit = onTnfInhibitor ? -0.6 + 1.2 * interferon + 0.1 * monocyte : -0.6 + 1.2 * monocyte + 0.1 * interferon;
			boolean poor = random.nextDouble() < 1 / (1 + Math.exp(-logit));
			cohort.add(new Patient(String.format("ra-bio-%04d", i + 1), onTnfInhibitor ? "tnf-inhibitor" : "abatacept",
					interferon, monocyte, primeCell, poor));
		}
		return cohort;
	}

	/** The cohort as CSV (one header line; decimal point; poor_response 1/0). */
	public static String csv(List<Patient> cohort) {
		StringBuilder csv = new StringBuilder("id,biologic,interferon_signature,monocyte_signature,prime_cell_signature,poor_response\n");
		for (Patient p : cohort) {
			csv.append(p.id()).append(',').append(p.biologic()).append(',').append(p.interferon()).append(',')
					.append(p.monocyte()).append(',').append(p.primeCell()).append(',').append(p.poorResponse() ? 1 : 0).append('\n');
		}
		return csv.toString();
	}
}
