package org.immunorisk.models.published;

import java.util.Set;

import org.immunorisk.features.FeatureVector;

/**
 * The test-bundle patients of test-bundles/*.json as FeatureVectors, built by hand from the bundle values in
 * canonical units (what the feature extractor must produce), with the derived inputs worked out as
 * feature-definitions.json defines them. Sources name the bundle resources.
 */
final class BundlePatients {

	private BundlePatients() {}

	private static String obs(String id) {
		return "Observation/" + id;
	}

	/** igg4rd-high.json: 65 M, work-up 2026-04-14. */
	static FeatureVector igg4rdHigh() {
		String p = "igg4rd-high-";
		return FeatureVector.builder()
				.number("age", 65, "a", "Patient/igg4rd-high-patient")
				.code("sex", "male", "Patient/igg4rd-high-patient")
				.codes("igg4rd-organs", Set.of("pancreas", "salivary-gland", "lacrimal-gland"),
						obs(p + "organ-pancreas"), obs(p + "organ-submandibular"), obs(p + "organ-lacrimal"))
				.number("igg4rd-gland-sets", 2, "1", obs(p + "gland-sets"))
				.codes("igg4rd-pancreas-biliary", Set.of("pancreas-capsule-rim"), obs(p + "pancreas-biliary"))
				.flag("organ-swelling-mass", true, obs(p + "organ-swelling"))
				.code("igg4rd-histopathology", "infiltrate-storiform-fibrosis", obs(p + "histopathology"))
				.flag("dense-lymphoplasmacytic-infiltrate-fibrosis", true, obs(p + "infiltrate-fibrosis"))
				.flag("storiform-fibrosis-or-obliterative-phlebitis", true, obs(p + "storiform-phlebitis"))
				.number("tissue-igg4-igg-ratio", 55, "%", obs(p + "tissue-igg4-igg-ratio"))
				.number("tissue-igg4-cells-hpf", 85, "/[HPF]", obs(p + "tissue-igg4-cells"))
				.number("serum-igg4", 850, "mg/dL", obs(p + "igg4"))
				.number("serum-igg4-uln", 135, "mg/dL", obs(p + "igg4"))
				.number("serum-igg4-uln-multiple", 850.0 / 135, "1", obs(p + "igg4"))
				.number("serum-igg", 2450, "mg/dL", obs(p + "igg"))
				.number("serum-ige", 520, "[IU]/mL", obs(p + "ige"))
				.number("eosinophils", 0.45, "10*3/uL", obs(p + "eosinophils"))
				.number("c3", 62, "mg/dL", obs(p + "c3"))
				.number("c3-lln", 73, "mg/dL", obs(p + "c3"))
				.number("c4", 6, "mg/dL", obs(p + "c4"))
				.number("c4-lln", 11, "mg/dL", obs(p + "c4"))
				.flag("hypocomplementemia", true, obs(p + "c3"), obs(p + "c4"))
				.number("crp", 1.8, "mg/L", obs(p + "crp"))
				.number("crp-uln", 3, "mg/L", obs(p + "crp"))
				.number("creatinine", 0.86, "mg/dL", obs(p + "creatinine"))
				.number("egfr", 69, "mL/min/{1.73_m2}", obs(p + "egfr"))
				.codes("hla-alleles", Set.of("HLA-A*24:02", "HLA-A*02:01", "HLA-B*40:01", "HLA-B*52:01", "HLA-C*03:04",
						"HLA-C*12:02", "HLA-DRB1*04:05", "HLA-DRB1*15:02", "HLA-DQB1*04:01", "HLA-DQB1*06:01"),
						obs(p + "hla-a"), obs(p + "hla-b"), obs(p + "hla-c"), obs(p + "hla-drb1"), obs(p + "hla-dqb1"))
				.build();
	}

	/** igg4rd-low.json: 52 F, anti-SSA positive (exclusion), normal IgG4; not HLA typed. */
	static FeatureVector igg4rdLow() {
		String p = "igg4rd-low-";
		return FeatureVector.builder()
				.number("age", 52, "a", "Patient/igg4rd-low-patient")
				.code("sex", "female", "Patient/igg4rd-low-patient")
				.codes("igg4rd-organs", Set.of("salivary-gland"), obs(p + "organ-parotid"))
				.number("igg4rd-gland-sets", 1, "1", obs(p + "gland-sets"))
				.flag("organ-swelling-mass", true, obs(p + "organ-swelling"))
				.codes("igg4rd-exclusions", Set.of("positive-ssa-ssb"), obs(p + "exclusion-ssa"))
				.number("serum-igg4", 48, "mg/dL", obs(p + "igg4"))
				.number("serum-igg4-uln", 135, "mg/dL", obs(p + "igg4"))
				.number("serum-igg4-uln-multiple", 48.0 / 135, "1", obs(p + "igg4"))
				.number("serum-igg", 2100, "mg/dL", obs(p + "igg"))
				.number("eosinophils", 0.12, "10*3/uL", obs(p + "eosinophils"))
				.number("c3", 98, "mg/dL", obs(p + "c3"))
				.number("c3-lln", 73, "mg/dL", obs(p + "c3"))
				.number("c4", 22, "mg/dL", obs(p + "c4"))
				.number("c4-lln", 11, "mg/dL", obs(p + "c4"))
				.flag("hypocomplementemia", false, obs(p + "c3"), obs(p + "c4"))
				.number("crp", 1.2, "mg/L", obs(p + "crp"))
				.number("crp-uln", 3, "mg/L", obs(p + "crp"))
				.build();
	}

	/** igg4rd-missing-igg4.json: 70 M, diffuse pancreas enlargement + 1 gland set, serum IgG4 not measured. */
	static FeatureVector igg4rdMissingIgg4() {
		String p = "igg4rd-missing-igg4-";
		return FeatureVector.builder()
				.number("age", 70, "a", "Patient/igg4rd-missing-igg4-patient")
				.code("sex", "male", "Patient/igg4rd-missing-igg4-patient")
				.codes("igg4rd-organs", Set.of("pancreas", "salivary-gland"), obs(p + "organ-pancreas"),
						obs(p + "organ-submandibular"))
				.number("igg4rd-gland-sets", 1, "1", obs(p + "gland-sets"))
				.codes("igg4rd-pancreas-biliary", Set.of("diffuse-pancreas-enlargement"), obs(p + "pancreas-biliary"))
				.flag("organ-swelling-mass", true, obs(p + "organ-swelling"))
				.number("serum-igg", 1980, "mg/dL", obs(p + "igg"))
				.number("eosinophils", 0.38, "10*3/uL", obs(p + "eosinophils"))
				.number("c3", 88, "mg/dL", obs(p + "c3"))
				.number("c3-lln", 73, "mg/dL", obs(p + "c3"))
				.number("c4", 19, "mg/dL", obs(p + "c4"))
				.number("c4-lln", 11, "mg/dL", obs(p + "c4"))
				.flag("hypocomplementemia", false, obs(p + "c3"), obs(p + "c4"))
				.number("crp", 2.5, "mg/L", obs(p + "crp"))
				.number("crp-uln", 3, "mg/L", obs(p + "crp"))
				.build();
	}

	/**
	 * ra-high.json: 58 F. ra-convertible-units.json carries the same data in other units; after UCUM conversion
	 * (the extractor's job) it is exactly this vector.
	 */
	static FeatureVector raHigh() {
		String p = "ra-high-";
		return FeatureVector.builder()
				.number("age", 58, "a", "Patient/ra-high-patient")
				.code("sex", "female", "Patient/ra-high-patient")
				.number("tender-joint-count", 12, "1", obs(p + "joints"))
				.number("swollen-joint-count", 10, "1", obs(p + "joints"))
				.number("small-joints-involved", 10, "1", obs(p + "joints"))
				.number("large-joints-involved", 2, "1", obs(p + "joints"))
				.flag("joints-symmetric", true, obs(p + "joints"))
				.code("joint-distribution", "upper-and-lower", obs(p + "joints"))
				.number("morning-stiffness-vas", 95, "mm", obs(p + "morning-stiffness"))
				.number("symptom-duration", 10, "wk", obs(p + "symptom-duration"))
				.number("rheumatoid-factor", 85, "[IU]/mL", obs(p + "rf"))
				.number("rheumatoid-factor-uln", 15, "[IU]/mL", obs(p + "rf"))
				.number("anti-ccp", 180, "[arb'U]/mL", obs(p + "anti-ccp"))
				.number("anti-ccp-uln", 4.5, "[arb'U]/mL", obs(p + "anti-ccp"))
				.number("crp", 28, "mg/L", obs(p + "crp"))
				.number("crp-uln", 3, "mg/L", obs(p + "crp"))
				.number("esr", 48, "mm/h", obs(p + "esr"))
				.number("esr-uln", 20, "mm/h", obs(p + "esr"))
				.number("mmp3", 210, "ng/mL", obs(p + "mmp3"))
				.number("albumin", 4.1, "g/dL", obs(p + "albumin"))
				.number("wbc", 9.2, "10*3/uL", obs(p + "wbc"))
				.number("neutrophils", 6.8, "10*3/uL", obs(p + "neutrophils"))
				.number("lymphocytes", 1.7, "10*3/uL", obs(p + "lymphocytes"))
				.number("nlr", 6.8 / 1.7, "{ratio}", obs(p + "neutrophils"), obs(p + "lymphocytes"))
				.number("dnlr", 6.8 / (9.2 - 6.8), "{ratio}", obs(p + "neutrophils"), obs(p + "wbc"))
				.number("interferon-signature", 2.6, "{score}", obs(p + "signature-interferon"))
				.build();
	}

	/** ra-low.json: 34 M, asymmetric knee + ankle oligoarthritis 4 weeks, seronegative. */
	static FeatureVector raLow() {
		String p = "ra-low-";
		return FeatureVector.builder()
				.number("age", 34, "a", "Patient/ra-low-patient")
				.code("sex", "male", "Patient/ra-low-patient")
				.number("tender-joint-count", 2, "1", obs(p + "joints"))
				.number("swollen-joint-count", 2, "1", obs(p + "joints"))
				.number("small-joints-involved", 0, "1", obs(p + "joints"))
				.number("large-joints-involved", 2, "1", obs(p + "joints"))
				.flag("joints-symmetric", false, obs(p + "joints"))
				.code("joint-distribution", "lower-only", obs(p + "joints"))
				.number("morning-stiffness-vas", 20, "mm", obs(p + "morning-stiffness"))
				.number("symptom-duration", 4, "wk", obs(p + "symptom-duration"))
				.number("rheumatoid-factor", 6, "[IU]/mL", obs(p + "rf"))
				.number("rheumatoid-factor-uln", 15, "[IU]/mL", obs(p + "rf"))
				.number("anti-ccp", 0.8, "[arb'U]/mL", obs(p + "anti-ccp"))
				.number("anti-ccp-uln", 4.5, "[arb'U]/mL", obs(p + "anti-ccp"))
				.number("crp", 2.1, "mg/L", obs(p + "crp"))
				.number("crp-uln", 3, "mg/L", obs(p + "crp"))
				.number("esr", 12, "mm/h", obs(p + "esr"))
				.number("esr-uln", 15, "mm/h", obs(p + "esr"))
				.number("albumin", 4.6, "g/dL", obs(p + "albumin"))
				.number("wbc", 6.1, "10*3/uL", obs(p + "wbc"))
				.number("neutrophils", 3.5, "10*3/uL", obs(p + "neutrophils"))
				.number("lymphocytes", 2.0, "10*3/uL", obs(p + "lymphocytes"))
				.number("nlr", 3.5 / 2.0, "{ratio}", obs(p + "neutrophils"), obs(p + "lymphocytes"))
				.number("dnlr", 3.5 / (6.1 - 3.5), "{ratio}", obs(p + "neutrophils"), obs(p + "wbc"))
				.build();
	}

	/** ssc-high.json: 48 F, diffuse cutaneous SSc since 2025-06-01 (0.8 years on 2026-03-17). */
	static FeatureVector sscHigh() {
		String p = "ssc-high-";
		return FeatureVector.builder()
				.number("age", 48, "a", "Patient/ssc-high-patient")
				.code("sex", "female", "Patient/ssc-high-patient")
				.flag("ssc-skin-thickening-proximal-mcp", true, obs(p + "skin-proximal-mcp"))
				.flag("ssc-puffy-fingers", true, obs(p + "puffy-fingers"))
				.flag("ssc-sclerodactyly", true, obs(p + "sclerodactyly"))
				.flag("ssc-digital-tip-ulcers", false, obs(p + "digital-ulcers"))
				.flag("ssc-pitting-scars", false, obs(p + "pitting-scars"))
				.flag("ssc-telangiectasia", false, obs(p + "telangiectasia"))
				.flag("ssc-abnormal-nailfold-capillaries", true, obs(p + "nailfold"))
				.flag("ssc-pah", false, obs(p + "pah"))
				.flag("ssc-ild", true, obs(p + "ild-finding"))
				.flag("ssc-raynaud", true, obs(p + "raynaud"))
				.flag("ssc-diffuse-cutaneous", true, obs(p + "diffuse-cutaneous"))
				.flag("ssc-rapid-skin-progression", true, obs(p + "rapid-skin-progression"))
				.flag("ssc-new-anaemia", false, obs(p + "new-anaemia"))
				.flag("ssc-recent-cardiac-event", false, obs(p + "recent-cardiac-event"))
				.number("prednisone-dose", 20, "mg/d", obs(p + "prednisone"))
				.number("anti-rna-pol3", 98, "[arb'U]/mL", obs(p + "anti-rnap3"))
				.number("anti-rna-pol3-uln", 20, "[arb'U]/mL", obs(p + "anti-rnap3"))
				.number("anti-scl70", 0.3, "[arb'U]/mL", obs(p + "anti-scl70"))
				.number("anti-scl70-uln", 1.0, "[arb'U]/mL", obs(p + "anti-scl70"))
				.number("anti-centromere", 2.0, "[arb'U]/mL", obs(p + "anti-centromere"))
				.number("anti-centromere-uln", 10, "[arb'U]/mL", obs(p + "anti-centromere"))
				.number("ssc-disease-duration", 0.79, "a", "Condition/ssc-high-condition")
				.number("crp", 6.2, "mg/L", obs(p + "crp"))
				.number("crp-uln", 3, "mg/L", obs(p + "crp"))
				.build();
	}

	/** ssc-low.json: 41 F, limited disease since 2019-03-01 (7.5 years on 2026-09-08). */
	static FeatureVector sscLow() {
		String p = "ssc-low-";
		return FeatureVector.builder()
				.number("age", 41, "a", "Patient/ssc-low-patient")
				.code("sex", "female", "Patient/ssc-low-patient")
				.flag("ssc-skin-thickening-proximal-mcp", false, obs(p + "skin-proximal-mcp"))
				.flag("ssc-puffy-fingers", true, obs(p + "puffy-fingers"))
				.flag("ssc-sclerodactyly", false, obs(p + "sclerodactyly"))
				.flag("ssc-digital-tip-ulcers", false, obs(p + "digital-ulcers"))
				.flag("ssc-pitting-scars", false, obs(p + "pitting-scars"))
				.flag("ssc-telangiectasia", false, obs(p + "telangiectasia"))
				.flag("ssc-abnormal-nailfold-capillaries", false, obs(p + "nailfold"))
				.flag("ssc-pah", false, obs(p + "pah"))
				.flag("ssc-ild", false, obs(p + "ild-finding"))
				.flag("ssc-raynaud", true, obs(p + "raynaud"))
				.flag("ssc-diffuse-cutaneous", false, obs(p + "diffuse-cutaneous"))
				.flag("ssc-rapid-skin-progression", false, obs(p + "rapid-skin-progression"))
				.flag("ssc-new-anaemia", false, obs(p + "new-anaemia"))
				.flag("ssc-recent-cardiac-event", false, obs(p + "recent-cardiac-event"))
				.number("prednisone-dose", 0, "mg/d", obs(p + "prednisone"))
				.number("anti-rna-pol3", 3.0, "[arb'U]/mL", obs(p + "anti-rnap3"))
				.number("anti-rna-pol3-uln", 20, "[arb'U]/mL", obs(p + "anti-rnap3"))
				.number("anti-scl70", 0.2, "[arb'U]/mL", obs(p + "anti-scl70"))
				.number("anti-scl70-uln", 1.0, "[arb'U]/mL", obs(p + "anti-scl70"))
				.number("anti-centromere", 1.5, "[arb'U]/mL", obs(p + "anti-centromere"))
				.number("anti-centromere-uln", 10, "[arb'U]/mL", obs(p + "anti-centromere"))
				.number("ssc-disease-duration", 7.5, "a", "Condition/ssc-low-condition")
				.number("crp", 0.4, "mg/L", obs(p + "crp"))
				.number("crp-uln", 3, "mg/L", obs(p + "crp"))
				.build();
	}

	/** nsclc-high.json: 72 M, after carboplatin + pemetrexed. */
	static FeatureVector nsclcHigh() {
		String p = "nsclc-high-";
		return FeatureVector.builder()
				.number("age", 72, "a", "Patient/nsclc-high-patient")
				.code("sex", "male", "Patient/nsclc-high-patient")
				.number("bmi", 19.8, "kg/m2", obs(p + "bmi"))
				.flag("prior-systemic-therapy", true, obs(p + "prior-therapy"))
				.number("wbc", 11.8, "10*3/uL", obs(p + "wbc"))
				.number("neutrophils", 9.6, "10*3/uL", obs(p + "neutrophils"))
				.number("lymphocytes", 1.2, "10*3/uL", obs(p + "lymphocytes"))
				.number("nlr", 9.6 / 1.2, "{ratio}", obs(p + "neutrophils"), obs(p + "lymphocytes"))
				.number("dnlr", 9.6 / (11.8 - 9.6), "{ratio}", obs(p + "neutrophils"), obs(p + "wbc"))
				.number("ldh", 420, "U/L", obs(p + "ldh"))
				.number("ldh-uln", 222, "U/L", obs(p + "ldh"))
				.number("albumin", 3.0, "g/dL", obs(p + "albumin"))
				.number("crp", 58, "mg/L", obs(p + "crp"))
				.number("crp-uln", 3, "mg/L", obs(p + "crp"))
				.number("pdl1-tps", 5, "%", obs(p + "pdl1"))
				.number("tmb", 2.1, "1/1000000{Base}", obs(p + "tmb"))
				.build();
	}

	/** nsclc-low.json: 61 F, no prior therapy. */
	static FeatureVector nsclcLow() {
		String p = "nsclc-low-";
		return FeatureVector.builder()
				.number("age", 61, "a", "Patient/nsclc-low-patient")
				.code("sex", "female", "Patient/nsclc-low-patient")
				.number("bmi", 24.1, "kg/m2", obs(p + "bmi"))
				.flag("prior-systemic-therapy", false, obs(p + "prior-therapy"))
				.number("wbc", 6.5, "10*3/uL", obs(p + "wbc"))
				.number("neutrophils", 3.6, "10*3/uL", obs(p + "neutrophils"))
				.number("lymphocytes", 2.0, "10*3/uL", obs(p + "lymphocytes"))
				.number("nlr", 3.6 / 2.0, "{ratio}", obs(p + "neutrophils"), obs(p + "lymphocytes"))
				.number("dnlr", 3.6 / (6.5 - 3.6), "{ratio}", obs(p + "neutrophils"), obs(p + "wbc"))
				.number("ldh", 180, "U/L", obs(p + "ldh"))
				.number("ldh-uln", 222, "U/L", obs(p + "ldh"))
				.number("albumin", 4.3, "g/dL", obs(p + "albumin"))
				.number("crp", 2.0, "mg/L", obs(p + "crp"))
				.number("crp-uln", 3, "mg/L", obs(p + "crp"))
				.number("pdl1-tps", 80, "%", obs(p + "pdl1"))
				.number("tmb", 18, "1/1000000{Base}", obs(p + "tmb"))
				.build();
	}

	/** crc-high.json: CRC with liver metastasis, TMB and MSI only (no published score applies). */
	static FeatureVector crcHigh() {
		return FeatureVector.builder()
				.number("age", 59, "a", "Patient/crc-high-patient")
				.code("sex", "male", "Patient/crc-high-patient")
				.number("tmb", 38.5, "1/1000000{Base}", obs("crc-high-tmb-primary"))
				.code("msi", "LA26203-2", obs("crc-high-msi"))
				.build();
	}

	/** no-domain-data.json: 45 F, Patient only. */
	static FeatureVector noDomainData() {
		return FeatureVector.builder()
				.number("age", 45, "a", "Patient/no-domain-data-patient")
				.code("sex", "female", "Patient/no-domain-data-patient")
				.build();
	}
}
