package org.immunorisk.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Seeded synthetic cohort for IgG4-related disease study A (non-invasive diagnosis of IgG4-RD against its
 * mimickers from routine data; CLINICAL.md §1, row A). SYNTHETIC: the study's patient data are not public. The
 * generator follows the published cohort size and the directions of effect that CLINICAL.md gives or implies;
 * every magnitude below is ImmunoRisk's assumption, none is a published number, and nothing was tuned to reach
 * the published AUROCs (the pipeline reports what it gets).
 *
 * <p>Size and composition: 602 IgG4-RD cases and 204 mimickers (CLINICAL.md §1, row A). The study does not say
 * which diseases its mimickers had; assumed here, as the usual differential diagnoses of IgG4-RD: Sjögren's
 * syndrome 60, malignancy (pancreatic or biliary cancer, lymphoma) 52, other (primary sclerosing cholangitis,
 * sarcoidosis, idiopathic retroperitoneal fibrosis, chronic sialadenitis) 42, ANCA-associated vasculitis including
 * EGPA 30, multicentric Castleman disease 20.
 *
 * <p>Inputs (CLINICAL.md §1 row A: age, sex, organ involvement, IgG, IgG4, IgE, eosinophils, C3/C4, CRP), with
 * their directions and where each direction comes from:
 * <ul>
 * <li>serum IgG4 (mg/dL), log-normal: IgG4-RD median 380 (about 87% above the 135 mg/dL cut-off of the 2020
 * comprehensive criteria, CLINICAL.md §2, where raised IgG4 is a criterion and the 2019 criteria weight it by
 * multiples of ULN); mimickers mostly normal (medians 50–90), except multicentric Castleman disease (median 300),
 * the classic IgG4-high mimicker; a latent disease-activity score raises IgG4, IgG and IgE together in IgG4-RD;</li>
 * <li>serum IgG (mg/dL): raised in IgG4-RD (median 1900) and more so in Sjögren's syndrome (2000) and Castleman
 * disease (3500), normal in malignancy (1200): IgG alone separates poorly, by design;</li>
 * <li>serum IgE ([IU]/mL): raised in IgG4-RD (median 250) and in EGPA (250), normal otherwise (60–150);</li>
 * <li>eosinophils (10³/µL): mildly raised in IgG4-RD (median 0.30) and high in EGPA (0.60); marked eosinophilia
 * is an exclusion of the 2019 criteria (CLINICAL.md §2), so the IgG4-RD distribution stays mostly below 1.0 (none
 * reaches 3.0 with the shipped seed);</li>
 * <li>C3 and C4 (mg/dL): lower in IgG4-RD (means 90 and 20, lower still with high activity and with kidney
 * involvement: hypocomplementaemia scores in the kidney domain of the 2019 criteria, CLINICAL.md §2); normal or
 * high (acute-phase) in mimickers;</li>
 * <li>CRP (mg/L): low in IgG4-RD (median 1.2); high in Castleman disease (30) and vasculitis (25), moderate in
 * malignancy (6): fever and high CRP are exclusions or red flags of the 2019 criteria (CLINICAL.md §2);</li>
 * <li>age and sex: IgG4-RD older and mostly male (mean 64 years, 62% male); Sjögren's syndrome younger and
 * mostly female (55 years, 10% male); other groups in between;</li>
 * <li>organ involvement (the 11 organs of ValueSet immunorisk-igg4rd-organs, entry criterion of the 2019
 * criteria): per-group probabilities in {@link #ORGAN_PROBABILITY}, assumed to follow the usual pattern (IgG4-RD:
 * salivary and lacrimal glands, pancreas, bile duct, kidney, retroperitoneum; Sjögren's: salivary and lacrimal;
 * malignancy: pancreas and bile duct; vasculitis: lung and kidney). Every patient has at least one organ (they
 * were all suspected of IgG4-RD): without one drawn, the group's most typical organ is set.</li>
 * </ul>
 * Values are rounded as a laboratory reports them (IgG4, IgG, IgE, C3, C4 and age to integers, eosinophils to
 * 0.01, CRP to 0.1 with 0.1 as the lowest reported value). There are no missing values: the study's handling of
 * missing data is not known, and the served model reports missing inputs instead of imputing them.
 */
public final class IgG4RdCohort {

	public static final String GENERATOR = "IgG4RdCohort v1";
	public static final String IGG4RD = "IgG4-RD";
	public static final String MIMICKER = "mimicker";

	/** The organs of ValueSet immunorisk-igg4rd-organs, in its order (codes of CodeSystem immunorisk-finding). */
	public static final List<String> ORGANS = List.of("pancreas", "salivary-gland", "lacrimal-gland", "bile-duct", "orbit",
			"kidney", "lung", "aorta", "retroperitoneum", "pachymeninges", "thyroid");

	/** Diagnostic groups: IgG4-RD first, then the assumed mimicker mix. */
	public static final List<String> GROUPS = List.of(IGG4RD, "sjogren", "malignancy", "other-mimicker", "aav", "castleman");

	/** Patients per group (CLINICAL.md: 602 IgG4-RD, 204 mimickers; the mimicker mix is assumed). */
	static final int[] SIZE = {602, 60, 52, 42, 30, 20};
	private static final int CASTLEMAN = 5;

	/** Probability of each organ (order of {@link #ORGANS}) per group (order of {@link #GROUPS}); assumed. */
	static final double[][] ORGAN_PROBABILITY = {
			{0.45, 0.50, 0.40, 0.20, 0.08, 0.18, 0.15, 0.08, 0.12, 0.02, 0.03}, // IgG4-RD
			{0.00, 0.90, 0.50, 0.02, 0.02, 0.05, 0.10, 0.00, 0.00, 0.00, 0.05}, // Sjögren's syndrome
			{0.55, 0.05, 0.10, 0.35, 0.10, 0.03, 0.05, 0.00, 0.10, 0.00, 0.02}, // malignancy
			{0.05, 0.25, 0.10, 0.30, 0.05, 0.10, 0.20, 0.10, 0.20, 0.02, 0.05}, // other mimickers
			{0.02, 0.15, 0.05, 0.02, 0.15, 0.40, 0.50, 0.05, 0.02, 0.10, 0.00}, // ANCA-associated vasculitis / EGPA
			{0.02, 0.15, 0.10, 0.02, 0.02, 0.30, 0.40, 0.02, 0.10, 0.00, 0.00}, // multicentric Castleman disease
	};

	/**
	 * Per group (order of {@link #GROUPS}): age mean and SD, share male, then median and SD on the natural-log scale
	 * of IgG4, IgG, IgE, eosinophils and CRP, then mean and SD of C3 and C4. All assumed (see the class comment).
	 */
	static final double[][] LAB = {
			// age  sd  male  igg4 sd   igg  sd    ige sd   eos  sd   crp  sd   c3 sd  c4 sd
			{64, 11, 0.62, 380, 0.85, 1900, 0.28, 250, 1.0, 0.30, 0.70, 1.2, 1.0, 90, 18, 20, 7},
			{55, 13, 0.10, 50, 0.60, 2000, 0.30, 60, 1.0, 0.12, 0.60, 1.0, 0.9, 98, 18, 22, 6},
			{68, 11, 0.60, 60, 0.80, 1200, 0.25, 60, 1.0, 0.15, 0.60, 6.0, 1.1, 105, 20, 25, 7},
			{58, 15, 0.55, 70, 0.80, 1500, 0.30, 100, 1.0, 0.18, 0.60, 4.0, 1.1, 105, 20, 24, 7},
			{65, 12, 0.50, 90, 0.80, 1500, 0.30, 250, 1.2, 0.60, 1.10, 25, 1.2, 110, 25, 27, 8},
			{55, 14, 0.55, 300, 0.80, 3500, 0.30, 150, 1.0, 0.20, 0.60, 30, 1.0, 110, 25, 25, 8},
	};

	/** One synthetic patient: the diagnosis group, demographics, organs involved and the routine laboratory values. */
	public record Patient(String id, String group, int age, boolean male, List<String> organs, double igg4, double igg,
			double ige, double eosinophils, double c3, double c4, double crp) {

		public boolean igg4rd() {
			return IGG4RD.equals(group);
		}

		public String label() {
			return igg4rd() ? IGG4RD : MIMICKER;
		}
	}

	private IgG4RdCohort() {}

	/** The study's cohort: 602 IgG4-RD and 204 mimickers. */
	public static List<Patient> generate(long seed) {
		return generate(seed, SIZE);
	}

	/** A cohort of the given group sizes (order of {@link #GROUPS}); tests use small ones. */
	public static List<Patient> generate(long seed, int[] sizes) {
		if (sizes.length != GROUPS.size()) {
			throw new IllegalArgumentException("one size per group " + GROUPS);
		}
		Random random = new Random(seed);
		List<Patient> cohort = new ArrayList<>();
		for (int g = 0; g < GROUPS.size(); g++) {
			for (int i = 0; i < sizes[g]; i++) {
				cohort.add(patient(String.format(Locale.ROOT, "igg4rd-syn-%04d", cohort.size() + 1), g, random));
			}
		}
		return cohort;
	}

	private static Patient patient(String id, int g, Random random) {
		double[] p = LAB[g];
		boolean igg4rd = g == 0;
		int age = (int) Math.round(Math.max(20, Math.min(90, p[0] + p[1] * random.nextGaussian())));
		boolean male = random.nextDouble() < p[2];
		List<String> organs = new ArrayList<>();
		for (int o = 0; o < ORGANS.size(); o++) {
			if (random.nextDouble() < ORGAN_PROBABILITY[g][o]) {
				organs.add(ORGANS.get(o));
			}
		}
		if (organs.isEmpty()) {
			organs.add(ORGANS.get(mostTypical(ORGAN_PROBABILITY[g])));
		}
		// IgG4-RD: one latent activity score moves IgG4, IgG and IgE up and complement down together (loadings 0.8,
		// 0.7 and 0.3 on the log scale); mimickers: independent draws, except IgG with IgG4 in Castleman disease.
		double activity = igg4rd ? random.nextGaussian() : 0;
		double igg4Noise = random.nextGaussian();
		double igg4 = p[3] * Math.exp(p[4] * (igg4rd ? 0.8 * activity + 0.6 * igg4Noise : igg4Noise));
		double iggLoading = igg4rd ? 0.7 : g == CASTLEMAN ? 0.6 : 0;
		double igg = p[5] * Math.exp(p[6] * (iggLoading * (igg4rd ? activity : igg4Noise)
				+ Math.sqrt(1 - iggLoading * iggLoading) * random.nextGaussian()));
		double ige = p[7] * Math.exp(p[8] * (igg4rd ? 0.3 * activity + Math.sqrt(1 - 0.09) * random.nextGaussian()
				: random.nextGaussian()));
		double eosinophils = p[9] * Math.exp(p[10] * random.nextGaussian());
		double crp = p[11] * Math.exp(p[12] * random.nextGaussian());
		boolean kidney = organs.contains("kidney");
		double c3 = p[13] + p[14] * random.nextGaussian() - (igg4rd ? 8 * activity + (kidney ? 15 : 0) : 0);
		double c4 = p[15] + p[16] * random.nextGaussian() - (igg4rd ? 3 * activity + (kidney ? 5 : 0) : 0);
		return new Patient(id, GROUPS.get(g), age, male, List.copyOf(organs), Math.max(1, Math.round(igg4)),
				Math.max(100, Math.round(igg)), Math.max(1, Math.round(ige)), Math.max(0.0, Math.round(eosinophils * 100) / 100.0),
				Math.max(20, Math.round(c3)), Math.max(2, Math.round(c4)), Math.max(0.1, Math.round(crp * 10) / 10.0));
	}

	private static int mostTypical(double[] probabilities) {
		int best = 0;
		for (int o = 1; o < probabilities.length; o++) {
			if (probabilities[o] > probabilities[best]) {
				best = o;
			}
		}
		return best;
	}

	/** The cohort as CSV (one header line; decimal point; organs as 1/0 columns; label IgG4-RD or mimicker). */
	public static String csv(List<Patient> cohort) {
		StringBuilder csv = new StringBuilder("id,group,label,age,sex,igg4_mg_dl,igg_mg_dl,ige_iu_ml,eosinophils_10e3_ul,c3_mg_dl,c4_mg_dl,crp_mg_l");
		ORGANS.forEach(o -> csv.append(",organ_").append(o.replace('-', '_')));
		csv.append('\n');
		for (Patient p : cohort) {
			csv.append(p.id()).append(',').append(p.group()).append(',').append(p.label()).append(',').append(p.age()).append(',')
					.append(p.male() ? "male" : "female").append(',').append(p.igg4()).append(',').append(p.igg()).append(',')
					.append(p.ige()).append(',').append(p.eosinophils()).append(',').append(p.c3()).append(',').append(p.c4())
					.append(',').append(p.crp());
			ORGANS.forEach(o -> csv.append(',').append(p.organs().contains(o) ? 1 : 0));
			csv.append('\n');
		}
		return csv.toString();
	}
}
