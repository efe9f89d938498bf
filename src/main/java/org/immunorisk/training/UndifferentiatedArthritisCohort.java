package org.immunorisk.training;

import org.immunorisk.features.FeatureVector;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Seeded synthetic cohorts for RA study B (progression from undifferentiated arthritis to RA; CLINICAL.md §1, row
 * B): a KURAMA-like development cohort and a differently mixed ANSWER-like external cohort. SYNTHETIC: the study's
 * patient data are not public; this generator follows the study's cohort size and the effect directions of the
 * Leiden prediction rule's items, nothing more. Every number below is an ImmunoRisk assumption unless a source is
 * named.
 *
 * <p><b>Cohorts.</b>
 * <ul>
 * <li>KURAMA-like: 300 patients (CLINICAL.md: "~300 UA patients for training"), about 30% progressing to RA (the
 * brief's figure; the outcome intercept is solved so that the KURAMA mix has a 30% expected progression rate, see
 * {@link #OUTCOME_INTERCEPT}). Age 56 ± 15 years, 72% women, RF positive 32%, anti-CCP positive in 62% of
 * RF-positive and 10% of RF-negative patients, median symptom duration 8 weeks.</li>
 * <li>ANSWER-like: 400 patients (size not given in CLINICAL.md; assumed). Mixed differently, as a multi-centre
 * community cohort might be: older (63 ± 14), 68% women, fewer seropositive (RF 20%; anti-CCP in 55% of RF-positive
 * and 6% of RF-negative), fewer swollen joints, median duration 10 weeks. So about 75% are seronegative (RF and
 * anti-CCP negative) against about 60% in KURAMA-like. The outcome model is the same in both cohorts: only the mix
 * of patients differs, so its progression rate follows from the mix (it is not set).</li>
 * </ul>
 *
 * <p><b>Inputs</b> (feature names of feature-definitions.json, canonical units). A shared latent inflammatory
 * activity a ~ N(0, 1) raises joint counts, morning stiffness and CRP together, so the inputs correlate.
 * <ul>
 * <li>swollen joints 1 + Poisson(m·e^(0.5a)), m = 2.5 (KURAMA) or 2.0 (ANSWER), at most 40; tender joints = swollen
 * + Poisson(1.5·e^(0.3a)), at most 44. Each involved (tender) joint is small with probability 0.55 (small/large
 * counts) and in an upper limb with probability 0.6 (distribution upper-only / lower-only / upper-and-lower).
 * Symmetric: never with one joint, otherwise with probability 0.25 + 0.05·min(tender, 10).</li>
 * <li>morning stiffness VAS N(35 + 10a, 25) mm, clamped to 0–100; symptom duration log-normal (median as above,
 * log-SD 0.7), 1–52 whole weeks.</li>
 * <li>CRP log-normal, median 4·e^(0.8a) mg/L, log-SD 1.0, 0.1–250; ESR log-normal around 15 mm/h, rising with CRP
 * (elasticity 0.35), age (+0.8% a year from 55) and female sex (+15%), log-SD 0.35.</li>
 * <li>RF [IU]/mL with ULN 15 (the test bundles' limit): positive 15·(1 + Exp(mean 3)), negative uniform 1–14.9.
 * Anti-CCP [arb'U]/mL with ULN 4.5: positive 4.5·(1 + Exp(mean 15)), negative uniform 0.3–4.4. Positive means
 * above the ULN, as the Leiden rule reads it.</li>
 * </ul>
 *
 * <p><b>Outcome</b> (progression to RA during follow-up), log-odds = {@link #OUTCOME_INTERCEPT} + the Leiden
 * prediction rule's points of the patient (van der Helm-van Mil, Arthritis Rheum 2007;56:433; item weights as in
 * {@code org.immunorisk.models.published.LeidenPredictionRule}) + 0.5 if symptoms lasted ≥ 6 weeks + 0.5 if
 * anti-CCP is above 3 × ULN. Assumptions: each Leiden point is worth one unit of log-odds (the rule's points are
 * rounded regression weights; the exact coefficients are not reproduced here), so every effect has the rule's
 * direction and relative size; the two extra terms take their direction from the 2010 ACR/EULAR criteria
 * (symptom duration ≥ 6 weeks; high-positive serology above 3 × ULN, CLINICAL.md §2) and a magnitude ImmunoRisk
 * chose. ESR, large-joint count and the titres below 3 × ULN carry no effect of their own beyond what they share
 * with the items.
 *
 * <p>Nothing here is tuned to reach a published metric: the pipeline reports what it gets.
 */
public final class UndifferentiatedArthritisCohort {

	public static final String GENERATOR = "UndifferentiatedArthritisCohort v1";
	/** ULNs written into every synthetic patient (the test bundles' RF and anti-CCP limits, test-bundles/README.md). */
	public static final double RF_ULN = 15;
	public static final double ACPA_ULN = 4.5;
	/** The brief's share of KURAMA-like patients progressing to RA; only the outcome intercept is solved for it. */
	static final double KURAMA_PROGRESSION = 0.30;

	/** How a cohort is mixed: everything that differs between the KURAMA-like and ANSWER-like cohorts. */
	public record Mix(String name, String idPrefix, int size, double ageMean, double ageSd, double female,
			double rfPositive, double acpaIfRfPositive, double acpaIfRfNegative, double extraSwollenMean,
			double durationMedianWeeks) {}

	public static final Mix KURAMA = new Mix("KURAMA-like", "kurama", 300, 56, 15, 0.72, 0.32, 0.62, 0.10, 2.5, 8);
	public static final Mix ANSWER = new Mix("ANSWER-like", "answer", 400, 63, 14, 0.68, 0.20, 0.55, 0.06, 2.0, 10);

	/**
	 * Solved once (bisection, {@link #solveIntercept()}) so that the KURAMA mix's mean progression probability is
	 * 30%; kept as a constant so that the generator does not depend on a second random stream. A test re-solves it.
	 */
	public static final double OUTCOME_INTERCEPT = -8.1;

	/** One synthetic patient with undifferentiated arthritis at the first visit, and whether RA followed. */
	public record Patient(String id, String cohort, int age, boolean female, int tenderJoints, int swollenJoints,
			int smallJoints, int largeJoints, boolean symmetric, String distribution, int morningStiffnessVas,
			int symptomWeeks, double crp, int esr, double rheumatoidFactor, double antiCcp, boolean progressed) {

		public boolean seronegative() {
			return rheumatoidFactor <= RF_ULN && antiCcp <= ACPA_ULN;
		}

		/**
		 * The patient as the server's feature extractor would see them (names and canonical units of
		 * feature-definitions.json), so that the Leiden rule and the served MLP run on exactly the code path
		 * they run on for a FHIR patient.
		 */
		public FeatureVector features() {
			String src = "synthetic/" + id;
			return FeatureVector.builder()
					.number("age", age, "a", src)
					.code("sex", female ? "female" : "male", src)
					.number("tender-joint-count", tenderJoints, "1", src)
					.number("swollen-joint-count", swollenJoints, "1", src)
					.number("small-joints-involved", smallJoints, "1", src)
					.number("large-joints-involved", largeJoints, "1", src)
					.flag("joints-symmetric", symmetric, src)
					.code("joint-distribution", distribution, src)
					.number("morning-stiffness-vas", morningStiffnessVas, "mm", src)
					.number("symptom-duration", symptomWeeks, "wk", src)
					.number("crp", crp, "mg/L", src)
					.number("esr", esr, "mm/h", src)
					.number("rheumatoid-factor", rheumatoidFactor, "[IU]/mL", src)
					.number("rheumatoid-factor-uln", RF_ULN, "[IU]/mL", src)
					.number("anti-ccp", antiCcp, "[arb'U]/mL", src)
					.number("anti-ccp-uln", ACPA_ULN, "[arb'U]/mL", src)
					.build();
		}
	}

	private UndifferentiatedArthritisCohort() {}

	/** The cohort of a mix, from its seed. */
	public static List<Patient> generate(Mix mix, long seed) {
		Random random = new Random(seed);
		List<Patient> cohort = new ArrayList<>();
		for (int i = 0; i < mix.size(); i++) {
			Draw d = draw(mix, random);
			boolean progressed = random.nextDouble() < logistic(OUTCOME_INTERCEPT + d.linearPredictor());
			cohort.add(new Patient(String.format(Locale.ROOT, "%s-%04d", mix.idPrefix(), i + 1), mix.name(), d.age, d.female,
					d.tender, d.swollen, d.small, d.large, d.symmetric, d.distribution, d.vas, d.weeks, d.crp, d.esr, d.rf,
					d.acpa, progressed));
		}
		return cohort;
	}

	/** The inputs of one patient and their log-odds of progression without the intercept. */
	private record Draw(int age, boolean female, int tender, int swollen, int small, int large, boolean symmetric,
			String distribution, int vas, int weeks, double crp, int esr, double rf, double acpa) {

		double linearPredictor() {
			double points = age * 0.02 + (female ? 1 : 0) + (small > 0 ? 0.5 : 0) + (symmetric ? 0.5 : 0)
					+ switch (distribution) {
						case "upper-only" -> 1.0;
						case "upper-and-lower" -> 1.5;
						default -> 0.0;
					}
					+ (vas > 90 ? 2 : vas > 25 ? 1 : 0) + countPoints(tender) + countPoints(swollen)
					+ (crp > 50 ? 1.5 : crp >= 5 ? 0.5 : 0) + (rf > RF_ULN ? 1 : 0) + (acpa > ACPA_ULN ? 2 : 0);
			return points + (weeks >= 6 ? 0.5 : 0) + (acpa > 3 * ACPA_ULN ? 0.5 : 0);
		}

		private static double countPoints(int count) {
			return count > 10 ? 1 : count > 3 ? 0.5 : 0;
		}
	}

	private static Draw draw(Mix mix, Random random) {
		int age = (int) Math.round(clamp(mix.ageMean() + mix.ageSd() * random.nextGaussian(), 18, 90));
		boolean female = random.nextDouble() < mix.female();
		boolean rfPositive = random.nextDouble() < mix.rfPositive();
		boolean acpaPositive = random.nextDouble() < (rfPositive ? mix.acpaIfRfPositive() : mix.acpaIfRfNegative());
		double activity = random.nextGaussian();
		int swollen = Math.min(40, 1 + poisson(mix.extraSwollenMean() * Math.exp(0.5 * activity), random));
		int tender = Math.min(44, swollen + poisson(1.5 * Math.exp(0.3 * activity), random));
		int small = 0;
		int upper = 0;
		for (int j = 0; j < tender; j++) {
			small += random.nextDouble() < 0.55 ? 1 : 0;
			upper += random.nextDouble() < 0.6 ? 1 : 0;
		}
		String distribution = upper == tender ? "upper-only" : upper == 0 ? "lower-only" : "upper-and-lower";
		boolean symmetric = tender > 1 && random.nextDouble() < 0.25 + 0.05 * Math.min(tender, 10);
		int vas = (int) Math.round(clamp(35 + 10 * activity + 25 * random.nextGaussian(), 0, 100));
		int weeks = (int) Math.round(clamp(mix.durationMedianWeeks() * Math.exp(0.7 * random.nextGaussian()), 1, 52));
		double crp = round1(clamp(4 * Math.exp(0.8 * activity + random.nextGaussian()), 0.1, 250));
		int esr = (int) Math.round(clamp(15 * Math.exp(0.35 * Math.log(crp / 4) + 0.008 * (age - 55) + (female ? 0.15 : 0)
				+ 0.35 * random.nextGaussian()), 1, 140));
		double rf = rfPositive ? Math.max(RF_ULN + 0.1, round1(RF_ULN * (1 + exponential(3, random))))
				: round1(1 + 13.9 * random.nextDouble());
		double acpa = acpaPositive ? Math.max(ACPA_ULN + 0.1, round1(ACPA_ULN * (1 + exponential(15, random))))
				: round1(0.3 + 4.1 * random.nextDouble());
		return new Draw(age, female, tender, swollen, small, tender - small, symmetric, distribution, vas, weeks, crp, esr, rf, acpa);
	}

	/**
	 * The intercept that gives the KURAMA mix a mean progression probability of 30%, by bisection over 20 000
	 * draws of that mix (its own seed). How {@link #OUTCOME_INTERCEPT} was found, rounded to one decimal.
	 */
	static double solveIntercept() {
		Random random = new Random(7_300L);
		double[] lp = new double[20_000];
		for (int i = 0; i < lp.length; i++) {
			lp[i] = draw(KURAMA, random).linearPredictor();
		}
		double low = -20;
		double high = 5;
		for (int iteration = 0; iteration < 60; iteration++) {
			double mid = (low + high) / 2;
			double mean = 0;
			for (double v : lp) {
				mean += logistic(mid + v);
			}
			if (mean / lp.length > KURAMA_PROGRESSION) {
				high = mid;
			} else {
				low = mid;
			}
		}
		return (low + high) / 2;
	}

	/** The cohort as CSV (one header line; decimal point; 1/0 for yes/no). */
	public static String csv(List<Patient> cohort) {
		StringBuilder csv = new StringBuilder("id,cohort,age,female,tender_joints,swollen_joints,small_joints,large_joints,"
				+ "symmetric,distribution,morning_stiffness_vas_mm,symptom_weeks,crp_mg_l,esr_mm_h,rf_iu_ml,anti_ccp_u_ml,"
				+ "progressed_to_ra\n");
		for (Patient p : cohort) {
			csv.append(p.id()).append(',').append(p.cohort()).append(',').append(p.age()).append(',').append(p.female() ? 1 : 0)
					.append(',').append(p.tenderJoints()).append(',').append(p.swollenJoints()).append(',').append(p.smallJoints())
					.append(',').append(p.largeJoints()).append(',').append(p.symmetric() ? 1 : 0).append(',').append(p.distribution())
					.append(',').append(p.morningStiffnessVas()).append(',').append(p.symptomWeeks()).append(',').append(p.crp())
					.append(',').append(p.esr()).append(',').append(p.rheumatoidFactor()).append(',').append(p.antiCcp()).append(',')
					.append(p.progressed() ? 1 : 0).append('\n');
		}
		return csv.toString();
	}

	static double logistic(double x) {
		return 1 / (1 + Math.exp(-x));
	}

	private static int poisson(double mean, Random random) {
		double limit = Math.exp(-mean); // Knuth's method: fine for the small means used here
		int k = 0;
		double product = random.nextDouble();
		while (product > limit) {
			k++;
			product *= random.nextDouble();
		}
		return k;
	}

	private static double exponential(double mean, Random random) {
		return -mean * Math.log(1 - random.nextDouble());
	}

	private static double clamp(double value, double low, double high) {
		return Math.max(low, Math.min(high, value));
	}

	private static double round1(double value) {
		return Math.round(value * 10) / 10.0;
	}
}
