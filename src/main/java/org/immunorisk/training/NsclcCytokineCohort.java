package org.immunorisk.training;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Seeded synthetic cohort for NSCLC study D (Wei et al., J Immunother Cancer 2023;11:e006788; CLINICAL.md §1, row
 * D): patients starting an anti-PD-1/PD-L1 antibody, 93 baseline plasma cytokines, the 7 clinical factors of
 * preCIRI21 and overall survival. SYNTHETIC: the study's patient data are not public; this generator follows only
 * the published cohort sizes and effect directions. Everything not listed as published is ImmunoRisk's own
 * assumption; nothing here is tuned to reach a metric.
 *
 * <p><b>Published (CLINICAL.md row D, the paper's abstract):</b> 222 patients, 123 in the discovery (training) and
 * 99 in the validation cohort; 93 plasma cytokines; osteopontin, CX3CL1 and IL-11 among the 14 selected, and most
 * selected cytokines higher in the poor-prognosis group; the 7 clinical factors.
 *
 * <p><b>Cytokines (assumed):</b> the 29 of the panel that ImmunoRisk codes (terminology/CodeSystem-immunorisk-cytokine,
 * IL-6 as LOINC 26881-3) plus 64 further analytes ({@link #PANEL}). The study's full analyte list is not in
 * CLINICAL.md; the 64 are named after analytes of common commercial multiplex panels (chemokine, cytokine and
 * inflammation panels that together hold osteopontin, CX3CL1 and IL-11), an assumption. Each concentration is
 * log-normal in pg/mL: ln c = ln(median) + sdlog · z with z standard normal. The medians are order-of-magnitude
 * plasma values, and sdlog 0.8 for every analyte (assumed). A latent systemic-inflammation factor L ~ N(0, 1)
 * correlates the inflammatory analytes (osteopontin, IL-6, IL-8, HGF, IL-11: z = 0.5 L + √0.75 ε, so r = 0.25
 * between two of them) and also raises the NLR and lowers albumin; all other analytes are independent noise.
 *
 * <p><b>Clinical factors (assumed distributions, a Japanese ICI cohort in mind):</b> age N(68, 9) years, 40–90;
 * 72% male; stage IV 78%, otherwise III (stage groups 3/4); BMI N(21.8, 3.3) kg/m², 14–35; albumin N(3.7, 0.45) g/dL
 * − 0.15 L, 2.0–5.0; NLR log-normal, median 3.5, sdlog 0.55, + 0.25 L on the log scale, 0.5–40; PD-L1 TPS: 30% < 1%
 * (recorded 0), 35% 1–49%, 35% 50–100% (uniform within each).
 *
 * <p><b>Hazard model (assumed):</b> Weibull proportional hazards, h(t | x) = (k/λ)(t/λ)^(k−1) · exp(η), shape k = 1.1,
 * with λ set so that a patient with η = 0 has median overall survival 450 days (about 15 months). η is the sum of
 * log hazard ratios, each term centred at the population mean of its variable:
 * <ul>
 * <li>per SD of ln concentration (z): osteopontin +0.50, CX3CL1 +0.35, IL-11 +0.35 (published as higher in poor
 * prognosis; magnitudes assumed), IL-6 +0.30 and IL-8 +0.30 (poor prognosis on ICI in other cohorts: assumed to
 * hold here), HGF +0.20 (assumed), CXCL13 −0.25 (the one protective analyte: "most", not all, selected cytokines
 * were higher in poor prognosis; assumed); the other 86 analytes 0;</li>
 * <li>clinical: age +0.01/year, male +0.15, stage IV vs III +0.40, BMI −0.05 per kg/m², albumin −0.60 per g/dL,
 * ln NLR +0.40, PD-L1 TPS −0.008 per % (directions as in LIPI/LORIS and common prognostic literature; magnitudes
 * assumed).</li>
 * </ul>
 *
 * <p><b>Censoring (assumed, independent of the event time given x, i.e. non-informative):</b> administrative, with
 * enrolment uniform over 730 days and data cut-off 1095 days after the first enrolment (so potential follow-up is
 * uniform on 365–1095 days); plus loss to follow-up, exponential with 5% per year. The observed time is the
 * smallest of event, administrative and loss time, rounded up to whole days (ties occur, as in real data).
 *
 * <p>Discovery and validation come from the same process: patients 1–123 are discovery, 124–222 validation (the
 * study's two cohorts were enrolled separately; no shift between them is modelled). Values are rounded as a
 * laboratory reports them (cytokines to 4 significant digits; BMI, albumin to 0.1; NLR to 0.01; age, TPS whole), and
 * the rounded values are what the pipeline sees. The generator uses {@link StrictMath}, so the cohort (and its
 * SHA-256) is the same on every platform.
 */
public final class NsclcCytokineCohort {

	public static final String GENERATOR = "NsclcCytokineCohort v1";
	public static final int DISCOVERY = 123;
	public static final int VALIDATION = 99;

	/** How a panel analyte is coded: the local cytokine CodeSystem, LOINC (IL-6), or not coded by ImmunoRisk. */
	public enum Coding {
		LOCAL, LOINC, NONE
	}

	/**
	 * One analyte: its short name (the CSV column; the model input is {@code plasma-<name>}), its code (the
	 * CodeSystem code where there is one), display, HGNC gene symbol, coding, assumed median (pg/mL) and log hazard
	 * ratio per SD of its ln concentration (0 for noise).
	 */
	public record Analyte(String name, String code, String display, String gene, Coding coding, double medianPgPerMl,
			double logHazardRatio, boolean inflammatory) {

		/** The model input name of this analyte (feature-definitions.json). */
		public String feature() {
			return "plasma-" + name;
		}
	}

	public static final double SDLOG = 0.8;

	/** The 93-plex panel: the 29 coded analytes first (CodeSystem order, IL-6 last), then the 64 uncoded ones. */
	public static final List<Analyte> PANEL = List.of(
			local("osteopontin", "Osteopontin", "SPP1", 50000, 0.50, true),
			local("cx3cl1", "Fractalkine (CX3CL1)", "CX3CL1", 1500, 0.35, false),
			local("il-11", "Interleukin 11", "IL11", 8, 0.35, true),
			local("cxcl9", "CXCL9 (MIG)", "CXCL9", 150, 0, false),
			local("cxcl10", "CXCL10 (IP-10)", "CXCL10", 300, 0, false),
			local("cxcl11", "CXCL11 (I-TAC)", "CXCL11", 60, 0, false),
			local("cxcl13", "CXCL13 (BLC)", "CXCL13", 80, -0.25, false),
			local("il-8", "Interleukin 8 (CXCL8)", "CXCL8", 15, 0.30, true),
			local("il-10", "Interleukin 10", "IL10", 4, 0, false),
			local("il-18", "Interleukin 18", "IL18", 250, 0, false),
			local("il-1-beta", "Interleukin 1 beta", "IL1B", 2, 0, false),
			local("il-1-alpha", "Interleukin 1 alpha", "IL1A", 3, 0, false),
			local("il-12-p40", "Interleukin 12 subunit p40", "IL12B", 120, 0, false),
			local("il-12-p35", "Interleukin 12 subunit p35", "IL12A", 20, 0, false),
			local("tnf", "Tumour necrosis factor", "TNF", 10, 0, false),
			local("ifn-gamma", "Interferon gamma", "IFNG", 8, 0, false),
			local("vegf-a", "Vascular endothelial growth factor A", "VEGFA", 200, 0, false),
			local("hgf", "Hepatocyte growth factor", "HGF", 800, 0.20, true),
			local("ccl2", "CCL2 (MCP-1)", "CCL2", 40, 0, false),
			local("ccl3", "CCL3 (MIP-1 alpha)", "CCL3", 10, 0, false),
			local("ccl4", "CCL4 (MIP-1 beta)", "CCL4", 60, 0, false),
			local("ccl19", "CCL19 (MIP-3 beta)", "CCL19", 150, 0, false),
			local("il-2", "Interleukin 2", "IL2", 3, 0, false),
			local("il-4", "Interleukin 4", "IL4", 2, 0, false),
			local("il-15", "Interleukin 15", "IL15", 5, 0, false),
			local("il-17a", "Interleukin 17A", "IL17A", 6, 0, false),
			local("gm-csf", "Granulocyte-macrophage colony-stimulating factor", "CSF2", 3, 0, false),
			local("soluble-pd-l1", "Soluble programmed death-ligand 1", "CD274", 90, 0, false),
			new Analyte("il-6", "26881-3", "Interleukin 6", "IL6", Coding.LOINC, 5, 0.30, true),
			other("il-1ra", "Interleukin 1 receptor antagonist", "IL1RN", 300),
			other("sil-2ra", "Soluble IL-2 receptor alpha", "IL2RA", 1500),
			other("il-3", "Interleukin 3", "IL3", 2),
			other("il-5", "Interleukin 5", "IL5", 3),
			other("il-7", "Interleukin 7", "IL7", 8),
			other("il-9", "Interleukin 9", "IL9", 10),
			other("il-13", "Interleukin 13", "IL13", 3),
			other("il-16", "Interleukin 16", "IL16", 200),
			other("il-19", "Interleukin 19", "IL19", 40),
			other("il-22", "Interleukin 22", "IL22", 10),
			other("il-27", "Interleukin 27 (p28)", "IL27", 600),
			other("il-28a", "Interleukin 28A (IFN-lambda 2)", "IFNL2", 30),
			other("il-29", "Interleukin 29 (IFN-lambda 1)", "IFNL1", 20),
			other("il-32", "Interleukin 32", "IL32", 50),
			other("il-33", "Interleukin 33", "IL33", 10),
			other("il-34", "Interleukin 34", "IL34", 40),
			other("ifn-alpha-2", "Interferon alpha 2", "IFNA2", 10),
			other("ifn-beta", "Interferon beta", "IFNB1", 15),
			other("g-csf", "Granulocyte colony-stimulating factor", "CSF3", 20),
			other("m-csf", "Macrophage colony-stimulating factor", "CSF1", 300),
			other("scf", "Stem cell factor", "KITLG", 80),
			other("lif", "Leukaemia inhibitory factor", "LIF", 5),
			other("trail", "TNF-related apoptosis-inducing ligand", "TNFSF10", 60),
			other("tnf-beta", "Lymphotoxin alpha (TNF-beta)", "LTA", 5),
			other("april", "A proliferation-inducing ligand", "TNFSF13", 5000),
			other("baff", "B-cell activating factor", "TNFSF13B", 800),
			other("light", "TNF superfamily member 14 (LIGHT)", "TNFSF14", 50),
			other("tweak", "TNF-related weak inducer of apoptosis", "TNFSF12", 300),
			other("scd30", "Soluble CD30", "TNFRSF8", 400),
			other("scd163", "Soluble CD163", "CD163", 60000),
			other("stnf-r1", "Soluble TNF receptor 1", "TNFRSF1A", 1200),
			other("stnf-r2", "Soluble TNF receptor 2", "TNFRSF1B", 3000),
			other("sil-6r-alpha", "Soluble IL-6 receptor alpha", "IL6R", 30000),
			other("sgp130", "Soluble gp130", "IL6ST", 150000),
			other("chitinase-3-like-1", "Chitinase-3-like protein 1", "CHI3L1", 40000),
			other("pentraxin-3", "Pentraxin 3", "PTX3", 2000),
			other("mmp-1", "Matrix metalloproteinase 1", "MMP1", 2000),
			other("mmp-2", "Matrix metalloproteinase 2", "MMP2", 150000),
			other("tslp", "Thymic stromal lymphopoietin", "TSLP", 10),
			other("fgf-basic", "Basic fibroblast growth factor", "FGF2", 30),
			other("pdgf-bb", "Platelet-derived growth factor BB", "PDGFB", 1500),
			other("ccl1", "CCL1 (I-309)", "CCL1", 20),
			other("ccl5", "CCL5 (RANTES)", "CCL5", 8000),
			other("ccl7", "CCL7 (MCP-3)", "CCL7", 30),
			other("ccl8", "CCL8 (MCP-2)", "CCL8", 40),
			other("ccl11", "CCL11 (eotaxin)", "CCL11", 80),
			other("ccl13", "CCL13 (MCP-4)", "CCL13", 40),
			other("ccl15", "CCL15 (MIP-1 delta)", "CCL15", 3000),
			other("ccl17", "CCL17 (TARC)", "CCL17", 150),
			other("ccl20", "CCL20 (MIP-3 alpha)", "CCL20", 15),
			other("ccl21", "CCL21 (6Ckine)", "CCL21", 1500),
			other("ccl22", "CCL22 (MDC)", "CCL22", 800),
			other("ccl23", "CCL23 (MPIF-1)", "CCL23", 400),
			other("ccl24", "CCL24 (eotaxin-2)", "CCL24", 600),
			other("ccl25", "CCL25 (TECK)", "CCL25", 300),
			other("ccl26", "CCL26 (eotaxin-3)", "CCL26", 20),
			other("ccl27", "CCL27 (CTACK)", "CCL27", 700),
			other("cxcl1", "CXCL1 (GRO-alpha)", "CXCL1", 150),
			other("cxcl2", "CXCL2 (GRO-beta)", "CXCL2", 200),
			other("cxcl5", "CXCL5 (ENA-78)", "CXCL5", 800),
			other("cxcl6", "CXCL6 (GCP-2)", "CXCL6", 30),
			other("cxcl12", "CXCL12 (SDF-1)", "CXCL12", 1500),
			other("cxcl16", "CXCL16", "CXCL16", 1000),
			other("mif", "Macrophage migration inhibitory factor", "MIF", 1000));

	static {
		if (PANEL.size() != 93) { // the study's panel size (CLINICAL.md row D)
			throw new IllegalStateException("the panel must hold 93 analytes, has " + PANEL.size());
		}
	}

	// Clinical log hazard ratios and the hazard baseline (class comment).
	static final double LHR_AGE = 0.01;
	static final double LHR_MALE = 0.15;
	static final double LHR_STAGE_IV = 0.40;
	static final double LHR_BMI = -0.05;
	static final double LHR_ALBUMIN = -0.60;
	static final double LHR_LN_NLR = 0.40;
	static final double LHR_TPS = -0.008;
	static final double WEIBULL_SHAPE = 1.1;
	static final double MEDIAN_DAYS_AT_MEAN = 450;
	static final double ENROLMENT_DAYS = 730;
	static final double CUTOFF_DAYS = 1095;
	static final double LOSS_PER_YEAR = 0.05;

	/** One synthetic patient: cohort, clinical factors, survival, and the 93 concentrations in {@link #PANEL} order. */
	public record Patient(String id, String cohort, double age, String sex, int stage, double bmi, double albumin,
			double nlr, double pdl1Tps, double days, boolean died, double[] cytokines) {

		public boolean discovery() {
			return cohort.equals("discovery");
		}

		public int status() {
			return died ? 1 : 0;
		}
	}

	private NsclcCytokineCohort() {}

	public static List<Patient> generate(long seed) {
		return generate(seed, DISCOVERY, VALIDATION);
	}

	public static List<Patient> generate(long seed, int discovery, int validation) {
		Random random = new Random(seed);
		// λ for median 450 days at η = 0: S(t) = exp(−(t/λ)^k) = 1/2.
		double scale = MEDIAN_DAYS_AT_MEAN / StrictMath.pow(StrictMath.log(2), 1 / WEIBULL_SHAPE);
		double lossRate = -StrictMath.log(1 - LOSS_PER_YEAR) / 365.25;
		// Population means of the centred clinical terms (from the distributions above, before truncation).
		double meanAge = 68;
		double meanMale = 0.72;
		double meanStageIv = 0.78;
		double meanBmi = 21.8;
		double meanAlbumin = 3.7;
		double meanLnNlr = StrictMath.log(3.5);
		double meanTps = 0.35 * 25 + 0.35 * 75; // 1–49 and 50–100 uniform; < 1 recorded as 0
		List<Patient> cohort = new ArrayList<>();
		for (int i = 0; i < discovery + validation; i++) {
			double inflammation = random.nextGaussian();
			double[] z = new double[PANEL.size()];
			double[] concentration = new double[PANEL.size()];
			double eta = 0;
			for (int j = 0; j < PANEL.size(); j++) {
				Analyte analyte = PANEL.get(j);
				double noise = random.nextGaussian();
				z[j] = analyte.inflammatory() ? 0.5 * inflammation + Math.sqrt(0.75) * noise : noise;
				concentration[j] = significant(analyte.medianPgPerMl() * StrictMath.exp(SDLOG * z[j]), 4);
				eta += analyte.logHazardRatio() * z[j];
			}
			double age = Math.round(clamp(68 + 9 * random.nextGaussian(), 40, 90));
			boolean male = random.nextDouble() < 0.72;
			int stage = random.nextDouble() < 0.78 ? 4 : 3;
			double bmi = round(clamp(21.8 + 3.3 * random.nextGaussian(), 14, 35), 1);
			double albumin = round(clamp(3.7 + 0.45 * random.nextGaussian() - 0.15 * inflammation, 2.0, 5.0), 1);
			double nlr = round(clamp(StrictMath.exp(StrictMath.log(3.5) + 0.55 * random.nextGaussian() + 0.25 * inflammation), 0.5, 40), 2);
			double band = random.nextDouble();
			double tps = band < 0.30 ? 0 : band < 0.65 ? 1 + Math.floor(49 * random.nextDouble()) : 50 + Math.floor(51 * random.nextDouble());
			eta += LHR_AGE * (age - meanAge) + LHR_MALE * ((male ? 1 : 0) - meanMale)
					+ LHR_STAGE_IV * ((stage == 4 ? 1 : 0) - meanStageIv) + LHR_BMI * (bmi - meanBmi)
					+ LHR_ALBUMIN * (albumin - meanAlbumin) + LHR_LN_NLR * (StrictMath.log(nlr) - meanLnNlr)
					+ LHR_TPS * (tps - meanTps);
			// Inverse transform: S(t | x) = exp(−(t/λ)^k e^η) = U.
			double eventDays = scale * StrictMath.pow(-StrictMath.log(1 - random.nextDouble()) / StrictMath.exp(eta), 1 / WEIBULL_SHAPE);
			double administrative = CUTOFF_DAYS - ENROLMENT_DAYS * random.nextDouble();
			double loss = -StrictMath.log(1 - random.nextDouble()) / lossRate;
			double censor = Math.min(administrative, loss);
			boolean died = eventDays <= censor;
			double days = Math.max(1, Math.ceil(Math.min(eventDays, censor)));
			cohort.add(new Patient(String.format(Locale.ROOT, "nsclc-ici-%04d", i + 1), i < discovery ? "discovery" : "validation",
					age, male ? "male" : "female", stage, bmi, albumin, nlr, tps, days, died, concentration));
		}
		return cohort;
	}

	/** The cohort as CSV: one header line, decimal point, status 1 = died; cytokine columns in pg/mL, panel order. */
	public static String csv(List<Patient> cohort) {
		StringBuilder csv = new StringBuilder("id,cohort,os_days,died,age,sex,stage,bmi,albumin_g_dl,nlr,pdl1_tps");
		for (Analyte analyte : PANEL) {
			csv.append(',').append(analyte.name());
		}
		csv.append('\n');
		for (Patient p : cohort) {
			csv.append(p.id()).append(',').append(p.cohort()).append(',').append(p.days()).append(',').append(p.status())
					.append(',').append(p.age()).append(',').append(p.sex()).append(',').append(p.stage()).append(',')
					.append(p.bmi()).append(',').append(p.albumin()).append(',').append(p.nlr()).append(',').append(p.pdl1Tps());
			for (double c : p.cytokines()) {
				csv.append(',').append(c);
			}
			csv.append('\n');
		}
		return csv.toString();
	}

	public static int indexOf(String name) {
		for (int j = 0; j < PANEL.size(); j++) {
			if (PANEL.get(j).name().equals(name)) {
				return j;
			}
		}
		throw new IllegalArgumentException("no analyte " + name + " in the panel");
	}

	private static Analyte local(String code, String display, String gene, double median, double logHazardRatio,
			boolean inflammatory) {
		return new Analyte(code, code, display, gene, Coding.LOCAL, median, logHazardRatio, inflammatory);
	}

	private static Analyte other(String code, String display, String gene, double median) {
		return new Analyte(code, code, display, gene, Coding.NONE, median, 0, false);
	}

	private static double clamp(double value, double low, double high) {
		return Math.max(low, Math.min(high, value));
	}

	private static double round(double value, int decimals) {
		return BigDecimal.valueOf(value).setScale(decimals, java.math.RoundingMode.HALF_UP).doubleValue();
	}

	private static double significant(double value, int digits) {
		return new BigDecimal(value).round(new MathContext(digits)).doubleValue();
	}
}
