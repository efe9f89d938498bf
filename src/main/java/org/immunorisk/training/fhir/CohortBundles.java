package org.immunorisk.training.fhir;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.ImagingStudy;
import org.hl7.fhir.r4.model.Observation;
import org.immunorisk.features.FeatureDefinition;
import org.immunorisk.features.FeatureDefinitions;
import org.immunorisk.training.CrcRadiomicsCohort;
import org.immunorisk.training.CrcRadiomicsCohort.Series;
import org.immunorisk.training.CrcRadiomicsTraining;
import org.immunorisk.training.IgG4RdCohort;
import org.immunorisk.training.IgG4RdTraining;
import org.immunorisk.training.NsclcCytokineCohort;
import org.immunorisk.training.NsclcPreciriTraining;
import org.immunorisk.training.RaBiologicCohort;
import org.immunorisk.training.RaProgressionCohort;
import org.immunorisk.training.SscCellStateCohort;
import org.immunorisk.training.TrainModels;
import org.immunorisk.training.UaRaMlpTraining;
import org.immunorisk.training.UndifferentiatedArthritisCohort;
import org.immunorisk.training.fhir.CohortBundle.Column;
import org.immunorisk.training.fhir.CohortBundle.Compare;
import org.immunorisk.training.fhir.CohortBundle.LabelFile;
import org.immunorisk.training.fhir.CohortBundle.Subject;
import org.immunorisk.training.fhir.CohortBundle.Use;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static org.immunorisk.training.fhir.SyntheticRecord.CYTOKINE;
import static org.immunorisk.training.fhir.SyntheticRecord.FINDING;
import static org.immunorisk.training.fhir.SyntheticRecord.IMAGE_TYPE;
import static org.immunorisk.training.fhir.SyntheticRecord.LAB;
import static org.immunorisk.training.fhir.SyntheticRecord.LOINC;
import static org.immunorisk.training.fhir.SyntheticRecord.RADIOMICS;
import static org.immunorisk.training.fhir.SyntheticRecord.SNOMED;

/**
 * The synthetic cohorts of {@code org.immunorisk.training}, with the seeds and sizes the shipped models were trained
 * on, as FHIR: how each CSV column becomes the profiled resource that feature-definitions.json reads, and the labels.
 *
 * <p>Rules for every cohort:
 * <ul>
 * <li>a model input is written as the resource the server's feature definitions read (code, canonical UCUM unit,
 * profile, {@code where} conditions), so the server extracts exactly the CSV's number;</li>
 * <li>an input with no ImmunoRisk profile or code is not written: the cohort's README says so (no invented codes);</li>
 * <li>outcomes (and sub-cohort or treatment strata) go to the labels files, never into FHIR: a model trained from the
 * store must not find its label among its inputs;</li>
 * <li>reference limits are written only where the server reads one (feature-definitions {@code referenceRangeHigh} /
 * {@code referenceRangeLow}), with the values of the scenario bundles (test-bundles/README.md: IgG4 ULN 135 mg/dL,
 * C3 LLN 73, C4 LLN 11 mg/dL, CRP ULN 3 mg/L, ESR ULN 20 mm/h for women and 15 for men, RF ULN 15 [IU]/mL, anti-CCP
 * ULN 4.5 [arb'U]/mL; the UA cohort generator itself uses the RF and anti-CCP limits); they are not cohort variables;</li>
 * <li>a cohort without age or sex (RA B2, SSc, CRC) gets {@code gender} unknown and a {@code birthDate} with the
 * data-absent-reason extension only: the Patient profile requires both elements, the cohort has no values.</li>
 * </ul>
 */
public final class CohortBundles {

	static final String CYTOKINES_VS = "https://immunorisk.org/fhir/ValueSet/immunorisk-cytokines";
	static final String RADIOMICS_VS = "https://immunorisk.org/fhir/ValueSet/immunorisk-radiomics-features";
	static final String IMAGE_TYPES_VS = "https://immunorisk.org/fhir/ValueSet/immunorisk-radiomics-image-types";

	/** The RA B2 and SSc cohorts as {@link TrainModels} generates them (sizes are literals there). */
	static final int RA_TNF_INHIBITOR = 120;
	static final int RA_ABATACEPT = 80;
	static final int RA_PROGRESSION = 200;
	static final int SSC = 300;

	/**
	 * SNOMED CT 14742008 |Large intestine structure| for the primary tumour's body site (the cohort does not say colon or
	 * rectum). Source: checked only against secondary sources (DICOM body-part tables, public FHIR IG examples), not the
	 * SNOMED CT browser: verify before clinical use.
	 */
	static final Coding LARGE_INTESTINE = new Coding(SNOMED, "14742008", "Large intestine structure");
	/**
	 * SNOMED CT 10200004 |Liver structure|: as the scenario bundles and profile examples use it; terminology/README.md
	 * lists it as not verified.
	 */
	static final Coding LIVER = new Coding(SNOMED, "10200004", "Liver structure");
	/**
	 * SNOMED CT stage groups 3 and 4 (qualifier values), the codes the server reads as the NSCLC stage: 258224005 Stage 3,
	 * 258228008 Stage 4 (verified, secondary: terminology/README.md and FeatureExtractor).
	 */
	static final Map<Integer, Coding> STAGE = Map.of(3, new Coding(SNOMED, "258224005", "Stage 3"),
			4, new Coding(SNOMED, "258228008", "Stage 4"));

	private final Terminology terminology;
	private final Set<String> features = new LinkedHashSet<>();

	public CohortBundles(FhirContext fhir) {
		this(Terminology.fromClasspath(fhir), FeatureDefinitions.fromClasspath());
	}

	CohortBundles(Terminology terminology, FeatureDefinitions featureDefinitions) {
		this.terminology = terminology;
		for (FeatureDefinition definition : featureDefinitions.all()) {
			features.add(definition.name());
		}
	}

	/** Every cohort, in the order {@code TrainModels} trains them. */
	public List<CohortBundle> all() {
		return List.of(raBiologic(), raProgression(), ssc(), crc(), nsclc(), uaRa(UndifferentiatedArthritisCohort.KURAMA),
				uaRa(UndifferentiatedArthritisCohort.ANSWER), igg4rd());
	}

	// ------------------------------------------------------------------------------------------------ IgG4-RD (A)

	/** Study A: IgG4-RD vs mimickers, 806 patients ({@link IgG4RdTraining#SEED}). */
	public CohortBundle igg4rd() {
		long seed = IgG4RdTraining.SEED;
		List<IgG4RdCohort.Patient> cohort = IgG4RdCohort.generate(seed);
		List<Subject> subjects = new ArrayList<>();
		List<List<String>> labels = new ArrayList<>();
		for (IgG4RdCohort.Patient p : cohort) {
			String id = "syn-igg4rd-" + p.id().substring("igg4rd-syn-".length());
			SyntheticDates dates = new SyntheticDates(seed, p.id());
			java.time.LocalDate born = dates.birthDate(p.age());
			subjects.add(new Subject(id, p.id(), dates.indexDate(), () -> {
				SyntheticRecord r = new SyntheticRecord(terminology, id, dates.indexDate());
				r.patient(p.id(), p.male() ? AdministrativeGender.MALE : AdministrativeGender.FEMALE, born);
				SyntheticRecord.range(r.lab("igg4", "immunorisk-serum-igg4", LOINC, "2469-5", p.igg4(), "mg/dL"), null, 135.0,
						"mg/dL", "upper limit of normal");
				r.lab("igg", "immunorisk-lab-result", LOINC, "2465-3", p.igg(), "mg/dL");
				r.lab("ige", "immunorisk-lab-result", LOINC, "19113-0", p.ige(), "[IU]/mL");
				r.lab("eosinophils", "immunorisk-lab-result", LOINC, "711-2", p.eosinophils(), "10*3/uL");
				SyntheticRecord.range(r.lab("c3", "immunorisk-lab-result", LOINC, "4485-9", p.c3(), "mg/dL"), 73.0, 138.0, "mg/dL",
						"reference interval");
				SyntheticRecord.range(r.lab("c4", "immunorisk-lab-result", LOINC, "4498-2", p.c4(), "mg/dL"), 11.0, 31.0, "mg/dL",
						"reference interval");
				SyntheticRecord.range(r.lab("crp", "immunorisk-lab-result", LOINC, "1988-5", p.crp(), "mg/L"), null, 3.0, "mg/L",
						"upper limit of normal");
				for (String organ : p.organs()) {
					r.finding("organ-" + organ, "immunorisk-igg4rd-organ-involvement", "igg4rd-organ-involvement",
							new CodeableConcept(r.coding(FINDING, organ)));
				}
				return r.resources();
			}));
			labels.add(List.of(id, dates.indexDate().toString(), p.igg4rd() ? "1" : "0", p.id(), p.group()));
		}
		List<Column> columns = new ArrayList<>(List.of(
				Column.other("id", Use.IDENTIFIER, "Patient.identifier", ""),
				Column.other("group", Use.STRATUM, "", "diagnosis group (IgG4-RD or the mimicker's disease): the label's detail, in labels.csv only"),
				Column.other("label", Use.LABEL, "", "labels.csv outcome: 1 = IgG4-RD, 0 = mimicker"),
				Column.read("age", "Patient.birthDate (seeded, gives this age on the index date)", "age", Compare.NUMBER),
				Column.read("sex", "Patient.gender", "sex", Compare.CODE),
				lab("igg4_mg_dl", "immunorisk-serum-igg4", "LOINC 2469-5", "mg/dL", "serum-igg4"),
				lab("igg_mg_dl", "immunorisk-lab-result", "LOINC 2465-3", "mg/dL", "serum-igg"),
				lab("ige_iu_ml", "immunorisk-lab-result", "LOINC 19113-0", "[IU]/mL", "serum-ige"),
				lab("eosinophils_10e3_ul", "immunorisk-lab-result", "LOINC 711-2", "10*3/uL", "eosinophils"),
				lab("c3_mg_dl", "immunorisk-lab-result", "LOINC 4485-9", "mg/dL", "c3"),
				lab("c4_mg_dl", "immunorisk-lab-result", "LOINC 4498-2", "mg/dL", "c4"),
				lab("crp_mg_l", "immunorisk-lab-result", "LOINC 1988-5", "mg/L", "crp")));
		for (String organ : IgG4RdCohort.ORGANS) {
			columns.add(new Column("organ_" + organ.replace('-', '_'), Use.INPUT_READ,
					"Observation (immunorisk-igg4rd-organ-involvement) immunorisk-finding#igg4rd-organ-involvement = " + organ
							+ ", one per organ involved (none when 0)", "igg4rd-organs", Compare.MEMBER, organ, ""));
		}
		return new CohortBundle("igg4rd-cohort", "IgG4-RD vs mimickers (study A)", IgG4RdCohort.GENERATOR, seed,
				List.of(IgG4RdTraining.FOREST, IgG4RdTraining.FOREST_NO_IGG4), IgG4RdCohort.csv(cohort), subjects, columns,
				List.of(common(), "No Condition is written: the diagnosis (IgG4-RD or mimicker) is the outcome, in labels.csv.",
						"Reference limits (IgG4 ULN 135 mg/dL, C3 73-138 and C4 11-31 mg/dL, CRP ULN 3 mg/L) are the scenario"
								+ " bundles' values, not cohort variables; the trained forests do not read them."),
				List.of(new LabelFile("labels.csv", "outcome 1 = IgG4-RD, 0 = mimicker (igg4rd-rf, igg4rd-rf-no-igg4)",
						List.of("patient", "index_date", "outcome", "source_id", "group"), labels)));
	}

	// --------------------------------------------------------------------------------------------------- RA B2

	/** Study B2: PBMC signatures before a TNF inhibitor or abatacept ({@link TrainModels#RA_BIOLOGIC_SEED}). */
	public CohortBundle raBiologic() {
		long seed = TrainModels.RA_BIOLOGIC_SEED;
		List<RaBiologicCohort.Patient> cohort = RaBiologicCohort.generate(seed, RA_TNF_INHIBITOR, RA_ABATACEPT);
		List<Subject> subjects = new ArrayList<>();
		List<List<String>> all = new ArrayList<>();
		List<List<String>> tnfi = new ArrayList<>();
		List<List<String>> abatacept = new ArrayList<>();
		for (RaBiologicCohort.Patient p : cohort) {
			String id = "syn-" + p.id();
			SyntheticDates dates = new SyntheticDates(seed, p.id());
			subjects.add(new Subject(id, p.id(), dates.indexDate(), () -> {
				SyntheticRecord r = new SyntheticRecord(terminology, id, dates.indexDate());
				r.patient(p.id(), AdministrativeGender.UNKNOWN, null);
				ra(r);
				String note = "PBMC RNA-seq signature score: mean z-score of the signature genes against the reference cohort"
						+ " (synthetic value), measured before the biologic.";
				r.signature("signature-interferon", "interferon-signature", p.interferon(), "{score}", note);
				r.signature("signature-monocyte", "monocyte-signature", p.monocyte(), "{score}", note);
				r.signature("signature-prime", "prime-cell-signature", p.primeCell(), "{score}", note);
				return r.resources();
			}));
			List<String> row = List.of(id, dates.indexDate().toString(), p.poorResponse() ? "1" : "0");
			all.add(concat(row, p.id(), p.biologic()));
			(p.biologic().equals("tnf-inhibitor") ? tnfi : abatacept).add(concat(row, p.id()));
		}
		List<Column> columns = List.of(
				Column.other("id", Use.IDENTIFIER, "Patient.identifier", ""),
				Column.other("biologic", Use.STRATUM, "", "the biologic started (tnf-inhibitor / abatacept) decides which model the"
						+ " patient trains; not written as FHIR: no ImmunoRisk profile for medications (it would be a"
						+ " MedicationStatement/MedicationRequest with RxNorm or ATC codes); in labels.csv and the per-model files"),
				signature("interferon_signature", "interferon-signature", "{score}"),
				signature("monocyte_signature", "monocyte-signature", "{score}"),
				signature("prime_cell_signature", "prime-cell-signature", "{score}"),
				Column.other("poor_response", Use.LABEL, "", "outcome: poor response to the biologic started"));
		String header = "patient,index_date,outcome,source_id";
		return new CohortBundle("ra-biologic-cohort", "RA: PBMC signatures before a biologic (study B2)", RaBiologicCohort.GENERATOR,
				seed, List.of("ra-tnfi-response", "ra-abatacept-response"), RaBiologicCohort.csv(cohort), subjects, columns,
				List.of(common(), noDemographics(), raCondition()),
				List.of(new LabelFile("labels.csv", "outcome 1 = poor response to the biologic started (column biologic)",
								List.of((header + ",biologic").split(",")), all),
						new LabelFile("labels-ra-tnfi-response.csv", "patients starting a TNF inhibitor (ra-tnfi-response)",
								List.of(header.split(",")), tnfi),
						new LabelFile("labels-ra-abatacept-response.csv", "patients starting abatacept (ra-abatacept-response)",
								List.of(header.split(",")), abatacept)));
	}

	/** Study B2: rapid radiographic progression on a biologic ({@link TrainModels#RA_PROGRESSION_SEED}). */
	public CohortBundle raProgression() {
		long seed = TrainModels.RA_PROGRESSION_SEED;
		List<RaProgressionCohort.Patient> cohort = RaProgressionCohort.generate(seed, RA_PROGRESSION);
		List<Subject> subjects = new ArrayList<>();
		List<List<String>> labels = new ArrayList<>();
		for (RaProgressionCohort.Patient p : cohort) {
			String id = "syn-" + p.id();
			SyntheticDates dates = new SyntheticDates(seed, p.id());
			subjects.add(new Subject(id, p.id(), dates.indexDate(), () -> {
				SyntheticRecord r = new SyntheticRecord(terminology, id, dates.indexDate());
				r.patient(p.id(), AdministrativeGender.UNKNOWN, null);
				ra(r);
				r.signature("signature-prime", "prime-cell-signature", p.primeCell(), "{score}", "PBMC RNA-seq signature score:"
						+ " mean z-score of the signature genes against the reference cohort (synthetic value), before the biologic.");
				SyntheticRecord.range(r.lab("crp", "immunorisk-lab-result", LOINC, "1988-5", p.crp(), "mg/L"), null, 3.0, "mg/L",
						"upper limit of normal");
				return r.resources();
			}));
			labels.add(List.of(id, dates.indexDate().toString(), p.rapidProgression() ? "1" : "0", p.id()));
		}
		List<Column> columns = List.of(
				Column.other("id", Use.IDENTIFIER, "Patient.identifier", ""),
				signature("prime_cell_signature", "prime-cell-signature", "{score}"),
				lab("crp_mg_l", "immunorisk-lab-result", "LOINC 1988-5", "mg/L", "crp"),
				Column.other("rapid_radiographic_progression", Use.LABEL, "", "outcome"));
		return new CohortBundle("ra-progression-cohort", "RA: rapid radiographic progression on a biologic (study B2)",
				RaProgressionCohort.GENERATOR, seed, List.of("ra-rapid-progression"), RaProgressionCohort.csv(cohort), subjects,
				columns, List.of(common(), noDemographics(), raCondition(), "CRP carries the full precision of the generator"
						+ " (it is not rounded there), so the FHIR value equals the CSV value exactly; ULN 3 mg/L as in the scenario bundles."),
				List.of(new LabelFile("labels.csv", "outcome 1 = rapid radiographic progression (ra-rapid-progression)",
						List.of("patient", "index_date", "outcome", "source_id"), labels)));
	}

	private void ra(SyntheticRecord r) {
		r.condition("ra", r.coding(SNOMED, "69896004"), "confirmed", null, null,
				"Rheumatoid arthritis, starting a biologic on the index date (synthetic patient; onset not known).");
	}

	private static String raCondition() {
		return "Condition: rheumatoid arthritis (SNOMED CT 69896004, verified: terminology/README.md), no onset (the cohort has"
				+ " none). The signature Observations are dated on the index date, the start of the biologic.";
	}

	// ------------------------------------------------------------------------------------------------------- SSc

	/** Study C: single-cell cell-state fractions in SSc ({@link TrainModels#SSC_SEED}). */
	public CohortBundle ssc() {
		long seed = TrainModels.SSC_SEED;
		List<SscCellStateCohort.Patient> cohort = SscCellStateCohort.generate(seed, SSC);
		List<Subject> subjects = new ArrayList<>();
		List<List<String>> all = new ArrayList<>();
		List<List<String>> src = new ArrayList<>();
		List<List<String>> ild = new ArrayList<>();
		for (SscCellStateCohort.Patient p : cohort) {
			String id = "syn-" + p.id();
			SyntheticDates dates = new SyntheticDates(seed, p.id());
			subjects.add(new Subject(id, p.id(), dates.indexDate(), () -> {
				SyntheticRecord r = new SyntheticRecord(terminology, id, dates.indexDate());
				r.patient(p.id(), AdministrativeGender.UNKNOWN, null);
				r.condition("ssc", r.coding(SNOMED, "89155008"), "confirmed", null, null,
						"Systemic sclerosis (synthetic patient; onset not known, so no disease duration).");
				String note = "Single-cell RNA-seq of PBMC; fraction of the parent population (synthetic value).";
				r.signature("egr1-cd14", "egr1-high-cd14-monocyte-fraction", p.egr1HighMonocytes(), "%", note);
				r.signature("cxcr3-cd8", "cxcr3-high-cd8-t-cell-fraction", p.cxcr3HighCd8(), "%", note);
				return r.resources();
			}));
			String date = dates.indexDate().toString();
			all.add(List.of(id, date, p.renalCrisis() ? "1" : "0", p.id(), p.progressiveIld() ? "1" : "0"));
			src.add(List.of(id, date, p.renalCrisis() ? "1" : "0", p.id()));
			ild.add(List.of(id, date, p.progressiveIld() ? "1" : "0", p.id()));
		}
		List<Column> columns = List.of(
				Column.other("id", Use.IDENTIFIER, "Patient.identifier", ""),
				signature("egr1_high_cd14_monocyte_pct", "egr1-high-cd14-monocyte-fraction", "%"),
				signature("cxcr3_high_cd8_t_cell_pct", "cxcr3-high-cd8-t-cell-fraction", "%"),
				Column.other("renal_crisis", Use.LABEL, "", "outcome of labels.csv and labels-ssc-renal-crisis-cells.csv"),
				Column.other("progressive_ild", Use.LABEL, "", "outcome of labels-ssc-ild-progression-cells.csv (column"
						+ " progressive_ild of labels.csv)"));
		List<String> header = List.of("patient", "index_date", "outcome", "source_id");
		return new CohortBundle("ssc-cell-state-cohort", "SSc: cell-state fractions (study C)", SscCellStateCohort.GENERATOR, seed,
				List.of("ssc-renal-crisis-cells", "ssc-ild-progression-cells"), SscCellStateCohort.csv(cohort), subjects, columns,
				List.of(common(), noDemographics(), "Condition: systemic sclerosis (SNOMED CT 89155008, CLINICAL.md §3), no onset:"
						+ " the cohort has no disease duration, so ssc-disease-duration stays missing."),
				List.of(new LabelFile("labels.csv", "outcome 1 = scleroderma renal crisis; extra column progressive_ild",
								List.of("patient", "index_date", "outcome", "source_id", "progressive_ild"), all),
						new LabelFile("labels-ssc-renal-crisis-cells.csv", "outcome 1 = scleroderma renal crisis", header, src),
						new LabelFile("labels-ssc-ild-progression-cells.csv", "outcome 1 = progressive SSc-ILD", header, ild)));
	}

	// ---------------------------------------------------------------------------------------------------- UA → RA

	/** Study B: UA → RA, the KURAMA-like (training) or ANSWER-like (external) cohort ({@link UaRaMlpTraining#SEED}). */
	public CohortBundle uaRa(UndifferentiatedArthritisCohort.Mix mix) {
		boolean kurama = mix == UndifferentiatedArthritisCohort.KURAMA;
		long seed = kurama ? UaRaMlpTraining.SEED : UaRaMlpTraining.SEED + 1;
		List<UndifferentiatedArthritisCohort.Patient> cohort = UndifferentiatedArthritisCohort.generate(mix, seed);
		List<Subject> subjects = new ArrayList<>();
		List<List<String>> labels = new ArrayList<>();
		for (UndifferentiatedArthritisCohort.Patient p : cohort) {
			String id = "syn-ua-" + p.id();
			SyntheticDates dates = new SyntheticDates(seed, p.id());
			java.time.LocalDate born = dates.birthDate(p.age());
			subjects.add(new Subject(id, p.id(), dates.indexDate(), () -> {
				SyntheticRecord r = new SyntheticRecord(terminology, id, dates.indexDate());
				r.patient(p.id(), p.female() ? AdministrativeGender.FEMALE : AdministrativeGender.MALE, born);
				r.condition("ua", r.coding(SNOMED, "417180005"), "confirmed", dates.indexDate().minusWeeks(p.symptomWeeks()), null,
						"Undifferentiated arthritis at the first visit (synthetic patient); onset = index date minus the symptom"
								+ " duration.");
				r.joints(p.tenderJoints(), p.swollenJoints(), p.smallJoints(), p.largeJoints(), p.symmetric(), p.distribution());
				r.finding("morning-stiffness", "immunorisk-morning-stiffness", "morning-stiffness-vas",
						SyntheticRecord.quantity(p.morningStiffnessVas(), "mm"));
				r.finding("symptom-duration", "immunorisk-symptom-duration", "symptom-duration",
						SyntheticRecord.quantity(p.symptomWeeks(), "wk"));
				SyntheticRecord.range(r.lab("crp", "immunorisk-lab-result", LOINC, "1988-5", p.crp(), "mg/L"), null, 3.0, "mg/L",
						"upper limit of normal");
				SyntheticRecord.range(r.lab("esr", "immunorisk-lab-result", LOINC, "4537-7", p.esr(), "mm/h"), null,
						p.female() ? 20.0 : 15.0, "mm/h", "upper limit of normal");
				SyntheticRecord.range(r.lab("rf", "immunorisk-rheumatoid-factor", LOINC, "11572-5", p.rheumatoidFactor(), "[IU]/mL"),
						null, UndifferentiatedArthritisCohort.RF_ULN, "[IU]/mL", "upper limit of normal");
				SyntheticRecord.range(r.lab("anti-ccp", "immunorisk-anti-ccp", LOINC, "32218-0", p.antiCcp(), "[arb'U]/mL"), null,
						UndifferentiatedArthritisCohort.ACPA_ULN, "[arb'U]/mL", "upper limit of normal");
				return r.resources();
			}));
			labels.add(List.of(id, dates.indexDate().toString(), p.progressed() ? "1" : "0", p.id(), p.cohort()));
		}
		String joints = "Observation (immunorisk-joint-assessment) immunorisk-finding#joint-assessment, component ";
		List<Column> columns = List.of(
				Column.other("id", Use.IDENTIFIER, "Patient.identifier", ""),
				Column.other("cohort", Use.STRATUM, "", "KURAMA-like (training) or ANSWER-like (external validation): one bundle"
						+ " directory each; in labels.csv"),
				Column.read("age", "Patient.birthDate (seeded, gives this age on the index date)", "age", Compare.NUMBER),
				Column.read("female", "Patient.gender", "sex", Compare.FEMALE),
				Column.read("tender_joints", joints + "tender-joint-count", "tender-joint-count", Compare.NUMBER),
				Column.read("swollen_joints", joints + "swollen-joint-count", "swollen-joint-count", Compare.NUMBER),
				Column.read("small_joints", joints + "small-joints-involved", "small-joints-involved", Compare.NUMBER),
				Column.read("large_joints", joints + "large-joints-involved", "large-joints-involved", Compare.NUMBER),
				Column.read("symmetric", joints + "symmetric", "joints-symmetric", Compare.FLAG),
				Column.read("distribution", joints + "joint-distribution", "joint-distribution", Compare.CODE),
				Column.read("morning_stiffness_vas_mm", "Observation (immunorisk-morning-stiffness), mm", "morning-stiffness-vas",
						Compare.NUMBER),
				Column.read("symptom_weeks", "Observation (immunorisk-symptom-duration), wk", "symptom-duration", Compare.NUMBER),
				lab("crp_mg_l", "immunorisk-lab-result", "LOINC 1988-5", "mg/L", "crp"),
				lab("esr_mm_h", "immunorisk-lab-result", "LOINC 4537-7", "mm/h", "esr"),
				lab("rf_iu_ml", "immunorisk-rheumatoid-factor", "LOINC 11572-5", "[IU]/mL", "rheumatoid-factor"),
				lab("anti_ccp_u_ml", "immunorisk-anti-ccp", "LOINC 32218-0", "[arb'U]/mL", "anti-ccp"),
				Column.other("progressed_to_ra", Use.LABEL, "", "outcome"));
		String name = kurama ? "ua-ra-kurama-like" : "ua-ra-answer-like";
		return new CohortBundle(name, "UA → RA, " + mix.name() + (kurama ? " development" : " external validation") + " cohort (study B)",
				UndifferentiatedArthritisCohort.GENERATOR, seed, List.of(UaRaMlpTraining.ID), UndifferentiatedArthritisCohort.csv(cohort),
				subjects, columns, List.of(common(), "Condition: undifferentiated inflammatory arthritis (SNOMED CT 417180005,"
						+ " CLINICAL.md §3), onset = index date minus the symptom duration. Reference limits: RF 15 [IU]/mL and"
						+ " anti-CCP 4.5 [arb'U]/mL as the generator assumes them; CRP 3 mg/L and ESR 20 (women) / 15 (men) mm/h as in"
						+ " the scenario bundles (not cohort variables)."),
				List.of(new LabelFile("labels.csv", "outcome 1 = progressed to RA during follow-up (ua-ra-mlp)",
						List.of("patient", "index_date", "outcome", "source_id", "cohort"), labels)));
	}

	// ------------------------------------------------------------------------------------------------------ NSCLC

	/** Study D: 93 plasma cytokines and 7 clinical factors, overall survival on ICI ({@link NsclcPreciriTraining#SEED}). */
	public CohortBundle nsclc() {
		long seed = NsclcPreciriTraining.SEED;
		List<NsclcCytokineCohort.Patient> cohort = NsclcCytokineCohort.generate(seed);
		List<NsclcCytokineCohort.Analyte> panel = NsclcCytokineCohort.PANEL;
		List<Coding> codes = new ArrayList<>();
		for (NsclcCytokineCohort.Analyte analyte : panel) {
			codes.add(cytokineCoding(analyte));
		}
		List<Subject> subjects = new ArrayList<>();
		List<List<String>> labels = new ArrayList<>();
		for (NsclcCytokineCohort.Patient p : cohort) {
			String id = "syn-" + p.id();
			SyntheticDates dates = new SyntheticDates(seed, p.id());
			java.time.LocalDate born = dates.birthDate((int) p.age());
			subjects.add(new Subject(id, p.id(), dates.indexDate(), () -> {
				SyntheticRecord r = new SyntheticRecord(terminology, id, dates.indexDate());
				r.patient(p.id(), p.sex().equals("male") ? AdministrativeGender.MALE : AdministrativeGender.FEMALE, born);
				Condition nsclc = r.condition("nsclc", r.coding(SNOMED, "254637007"), "confirmed", dates.indexDate(), null,
						"Advanced NSCLC starting an anti-PD-1/PD-L1 antibody on the index date (synthetic patient). The diagnosis"
								+ " date is not in the cohort: onset is set to the index date so that the stage is dated.");
				nsclc.addStage().setSummary(new CodeableConcept(STAGE.get(p.stage())));
				r.finding("bmi", "immunorisk-clinical-finding", r.coding(LOINC, "39156-5"),
						SyntheticRecord.category("vital-signs", "Vital Signs"), SyntheticRecord.quantity(p.bmi(), "kg/m2"));
				r.lab("albumin", "immunorisk-lab-result", LOINC, "1751-7", p.albumin(), "g/dL");
				r.lab("nlr", "immunorisk-lab-result", LAB, "nlr", p.nlr(), "{ratio}");
				r.pdl1(p.pdl1Tps(), "nsclc");
				List<Observation> members = new ArrayList<>();
				for (int j = 0; j < panel.size(); j++) {
					if (codes.get(j) != null) {
						members.add(r.cytokine("cytokine-" + panel.get(j).name(), codes.get(j), p.cytokines()[j], "pg/mL"));
					}
				}
				r.cytokinePanel(members);
				return r.resources();
			}));
			labels.add(List.of(id, dates.indexDate().toString(), String.valueOf(Math.round(p.days())), String.valueOf(p.status()), p.id(),
					p.cohort()));
		}
		List<Column> columns = new ArrayList<>(List.of(
				Column.other("id", Use.IDENTIFIER, "Patient.identifier", ""),
				Column.other("cohort", Use.STRATUM, "", "discovery (training) or validation: in labels.csv"),
				Column.other("os_days", Use.LABEL, "", "labels.csv time (days from the index date, the first ICI dose)"),
				Column.other("died", Use.LABEL, "", "labels.csv event (1 = died, 0 = censored)"),
				Column.read("age", "Patient.birthDate (seeded, gives this age on the index date)", "age", Compare.NUMBER),
				Column.read("sex", "Patient.gender", "sex", Compare.CODE),
				Column.read("stage", "Condition (immunorisk-diagnosis) SNOMED CT 254637007, stage.summary SNOMED CT 258224005"
						+ " (3) / 258228008 (4)", "nsclc-stage", Compare.NUMBER),
				Column.read("bmi", "Observation (immunorisk-clinical-finding) LOINC 39156-5, kg/m2", "bmi", Compare.NUMBER),
				lab("albumin_g_dl", "immunorisk-lab-result", "LOINC 1751-7", "g/dL", "albumin"),
				lab("nlr", "immunorisk-lab-result", "immunorisk-lab#nlr", "{ratio}", "nlr"),
				Column.read("pdl1_tps", "Observation (immunorisk-pdl1) LOINC 83053-9, %", "pdl1-tps", Compare.NUMBER)));
		int coded = 0;
		for (int j = 0; j < panel.size(); j++) {
			NsclcCytokineCohort.Analyte analyte = panel.get(j);
			Coding coding = codes.get(j);
			if (coding == null) {
				columns.add(Column.other(analyte.name(), Use.NOT_EXPRESSED, "", "no code in ValueSet immunorisk-cytokines (no"
						+ " LOINC known, no local concept): not written rather than coded ad hoc"));
				continue;
			}
			coded++;
			String fhir = "Observation (immunorisk-cytokine) " + (coding.getSystem().equals(LOINC) ? "LOINC " : "immunorisk-cytokine#")
					+ coding.getCode() + ", pg/mL, plasma";
			columns.add(features.contains(analyte.feature())
					? Column.read(analyte.name(), fhir, analyte.feature(), Compare.NUMBER)
					: Column.other(analyte.name(), Use.INPUT_STORED, fhir, "coded and profiled, but no feature of"
							+ " feature-definitions.json reads it (only the 14 inputs of nsclc-preciri-rsf are defined)"));
		}
		return new CohortBundle("nsclc-cytokine-cohort", "NSCLC on anti-PD-1/PD-L1: plasma cytokines and clinical factors (study D)",
				NsclcCytokineCohort.GENERATOR, seed, List.of(NsclcPreciriTraining.ID), NsclcCytokineCohort.csv(cohort), subjects,
				columns, List.of(common(), coded + " of the " + panel.size() + " analytes have a code in ValueSet immunorisk-cytokines"
								+ " and are written (each with its contained plasma Specimen, and one immunorisk-cytokine-panel whose"
								+ " hasMember lists them); the other " + (panel.size() - coded) + " are not written (see the table).",
						"Condition: NSCLC (SNOMED CT 254637007, CLINICAL.md §3) with the stage group in stage.summary; its onset is set"
								+ " to the index date (the cohort has no diagnosis date) so that the server can date the stage.",
						"NLR is written as the reported ratio (immunorisk-lab#nlr, {ratio}): the cohort has the ratio, not the"
								+ " neutrophil and lymphocyte counts; the server uses a reported NLR before deriving one.",
						"Survival is in labels.csv (time, event), not in FHIR."),
				List.of(new LabelFile("labels.csv", "time = overall survival in whole days from the index date (the generator"
						+ " rounds up to whole days), event 1 = died, 0 = censored",
						List.of("patient", "index_date", "time", "event", "source_id", "cohort"), labels)));
	}

	/** The analyte's code if ValueSet immunorisk-cytokines has one (IL-6 is LOINC 26881-3), else null. */
	private Coding cytokineCoding(NsclcCytokineCohort.Analyte analyte) {
		if (analyte.coding() == NsclcCytokineCohort.Coding.LOINC) {
			return terminology.coding(LOINC, analyte.code());
		}
		return terminology.inValueSet(CYTOKINES_VS, CYTOKINE, analyte.code()) ? terminology.coding(CYTOKINE, analyte.code()) : null;
	}

	// -------------------------------------------------------------------------------------------------------- CRC

	/** Study E: CT radiomics of the primary and the liver metastasis ({@link TrainModels#CRC_RADIOMICS_SEED}). */
	public CohortBundle crc() {
		long seed = TrainModels.CRC_RADIOMICS_SEED;
		List<CrcRadiomicsCohort.Patient> cohort = CrcRadiomicsCohort.generate(seed);
		List<String> columnsOfCsv = CrcRadiomicsCohort.FEATURES;
		// Per PyRadiomics column: its feature and image-type codings, or null when terminology/ has no code for it.
		List<Coding[]> coded = new ArrayList<>();
		for (String column : columnsOfCsv) {
			coded.add(radiomicsCodings(column));
		}
		List<Subject> subjects = new ArrayList<>();
		List<List<String>> primary = new ArrayList<>();
		List<List<String>> liver = new ArrayList<>();
		for (CrcRadiomicsCohort.Patient p : cohort) {
			String id = "syn-" + p.id();
			SyntheticDates dates = new SyntheticDates(seed, p.id());
			subjects.add(new Subject(id, p.id(), dates.indexDate(), () -> {
				SyntheticRecord r = new SyntheticRecord(terminology, id, dates.indexDate());
				r.patient(p.id(), AdministrativeGender.UNKNOWN, null);
				r.condition("primary", r.coding(SNOMED, "781382000"), "confirmed", null, LARGE_INTESTINE,
						"Primary colorectal cancer (synthetic patient; site within colon/rectum and onset not in the cohort).");
				r.condition("liver-metastasis", r.coding(SNOMED, "94381002"), "confirmed", null, LIVER,
						"Synchronous liver metastasis (synthetic patient); the lesion used for radiomics.");
				String uid = "2.25." + new BigInteger(1, Uuids.bytes(Uuids.nameBased("ImagingStudy/" + r.id("ct"))));
				ImagingStudy study = r.imagingStudy("ct", uid, "Staging CT (synthetic): primary tumour on contrast CT colonography"
						+ " (prone, supine), liver metastasis on plain and portal venous CT; features extracted with PyRadiomics"
						+ " (values synthetic, " + CrcRadiomicsCohort.GENERATOR + ").");
				for (Series series : p.features().keySet()) {
					study.addSeries().setUid(uid + "." + seriesNumber(series)).setNumber(seriesNumber(series)).setModality(SyntheticRecord.CT)
							.setDescription(series.description()).setBodySite(series.primary() ? LARGE_INTESTINE : LIVER);
				}
				study.setNumberOfSeries(study.getSeries().size());
				for (Map.Entry<Series, double[]> e : p.features().entrySet()) {
					Series series = e.getKey();
					for (int j = 0; j < columnsOfCsv.size(); j++) {
						Coding[] codings = coded.get(j);
						if (codings == null) {
							continue;
						}
						String imageType = codings[1].getCode();
						String method = "PyRadiomics (feature set of the 2.2 defaults; values synthetic, " + CrcRadiomicsCohort.GENERATOR
								+ "); binWidth 20 HU; resegmentRange -150..500 HU; image type " + imageType + "; series "
								+ seriesNumber(series) + ": " + series.description();
						String unit = terminology.property(RADIOMICS, codings[0].getCode(), "unit").orElseThrow();
						r.radiomics(String.format(Locale.ROOT, "rad-%s-%04d", series.code(), j), codings[0], codings[1],
								e.getValue()[j], unit, series.primary() ? "primary" : "liver-metastasis",
								series.primary() ? LARGE_INTESTINE : LIVER, method, "ct");
					}
				}
				return r.resources();
			}));
			String date = dates.indexDate().toString();
			primary.add(List.of(id, date, p.primaryHigh() ? "1" : "0", p.id(), fmt(p.tmbPrimary()), fmt(p.tmbLiver()),
					p.liverHigh() ? "1" : "0", p.discordant() ? "1" : "0"));
			liver.add(List.of(id, date, p.liverHigh() ? "1" : "0", p.id()));
		}
		int codedColumns = (int) coded.stream().filter(c -> c != null).count();
		Set<String> uncodedBase = new java.util.TreeSet<>();
		long baseFeatures = columnsOfCsv.stream().map(c -> c.split("_", 2)[1]).distinct().count();
		for (int j = 0; j < columnsOfCsv.size(); j++) {
			if (coded.get(j) == null) {
				uncodedBase.add(columnsOfCsv.get(j).split("_", 2)[1]);
			}
		}
		List<Column> columns = new ArrayList<>(List.of(
				Column.other("id", Use.IDENTIFIER, "Patient.identifier", ""),
				Column.other("lesion, phase", Use.IDENTIFIER, "ImagingStudy.series (description, bodySite) and each radiomics"
						+ " Observation's focus (the lesion's Condition) and method.text (the series)", "one CSV row per patient and series"),
				Column.other("tmb, tmb_high, tmb_primary, tmb_liver, discordant", Use.LABEL, "", "TMB is the outcome: labels.csv"
						+ " (primary TMB-high; tmb_primary, tmb_liver, liver_tmb_high, discordant) and labels-liver-metastasis.csv;"
						+ " no TMB Observation is written")));
		for (String column : columnsOfCsv) {
			for (Series series : Series.values()) {
				String feature = CrcRadiomicsTraining.inputName(series, column);
				if (features.contains(feature)) {
					Coding[] codings = radiomicsCodings(column);
					columns.add(Column.read(series.code() + ":" + column, "Observation (immunorisk-radiomics-feature) immunorisk-radiomics#"
							+ codings[0].getCode() + ", image type " + codings[1].getCode() + ", focus the " + series.lesion()
							+ " Condition, method.text names the series (" + series.phase() + ")", feature, Compare.NUMBER));
				}
			}
		}
		int perSeriesRead = (int) columns.stream().filter(c -> c.use() == Use.INPUT_READ).count();
		columns.add(Column.other("(" + (codedColumns - perSeriesRead) + " further feature columns of the prone series, " + codedColumns
				+ " of each other series)", Use.INPUT_STORED,
				"Observation (immunorisk-radiomics-feature), code and image type of terminology/, unit the code's canonical unit",
				"coded and profiled; no feature of feature-definitions.json reads them (the served model reads two)"));
		columns.add(Column.other("(" + (columnsOfCsv.size() - codedColumns) + " feature columns per series)", Use.NOT_EXPRESSED, "",
				"CodeSystem immunorisk-radiomics has no code for " + uncodedBase.size() + " of the " + baseFeatures
						+ " PyRadiomics base features: " + String.join(", ", uncodedBase)));
		return new CohortBundle("crc-radiomics-cohort", "CRC with liver metastases: CT radiomics and TMB (study E)",
				CrcRadiomicsCohort.GENERATOR, seed, List.of("crc-tmb-radiomics"), CrcRadiomicsCohort.csv(cohort), subjects, columns,
				List.of(common(), noDemographics(),
						codedColumns + " of the " + columnsOfCsv.size() + " PyRadiomics columns per series have a feature code in"
								+ " ValueSet immunorisk-radiomics-features and an image type in immunorisk-radiomics-image-types; they are"
								+ " written, one Observation per patient, series and column (" + codedColumns + " per series imaged)."
								+ " The other " + (columnsOfCsv.size() - codedColumns) + " are not written (no code; see the table).",
						"Units are the canonical unit of each code (CodeSystem immunorisk-radiomics property unit). For first-order"
								+ " dispersion features (InterquartileRange, Range, (Robust)MeanAbsoluteDeviation) that unit is [hnsf'U]"
								+ " while CrcRadiomicsTraining.unit calls them 1; the served model reads neither.",
						"Conditions: primary colorectal cancer (SNOMED CT 781382000, CLINICAL.md §3), body site large intestine"
								+ " (SNOMED CT 14742008, checked against secondary sources only: verify); liver metastasis (94381002,"
								+ " verified secondary: terminology/README.md), body site liver (10200004, as the scenario bundles; not"
								+ " verified). One CT ImagingStudy with the series imaged (the two patients without contrast have the plain"
								+ " liver series only).",
						"TMB is the outcome and is not written as an Observation (the served model must not find it in the store)."),
				List.of(new LabelFile("labels.csv", "outcome 1 = primary tumour TMB-high (>= 10 mut/Mb; crc-tmb-radiomics);"
								+ " extra columns tmb_primary, tmb_liver (mut/Mb), liver_tmb_high, discordant",
								List.of("patient", "index_date", "outcome", "source_id", "tmb_primary", "tmb_liver", "liver_tmb_high",
										"discordant"), primary),
						new LabelFile("labels-liver-metastasis.csv", "outcome 1 = liver metastasis TMB-high (>= 10 mut/Mb)",
								List.of("patient", "index_date", "outcome", "source_id"), liver)));
	}

	/** Series numbers of the ImagingStudy, as in the scenario bundles: 1 prone, 2 supine, 3 plain, 4 portal venous. */
	static int seriesNumber(Series series) {
		return series.ordinal() + 1;
	}

	/**
	 * The feature code ({@code <class>_<Feature>}) and image-type code of a PyRadiomics column, or null when terminology/
	 * lacks either. PyRadiomics writes LoG images as {@code log-sigma-3-0-mm-3D}; the image-type code is lower case.
	 */
	Coding[] radiomicsCodings(String column) {
		String[] parts = column.split("_", 2);
		String imageType = parts[0].startsWith("log-") ? parts[0].toLowerCase(Locale.ROOT) : parts[0];
		if (!terminology.inValueSet(RADIOMICS_VS, RADIOMICS, parts[1]) || !terminology.inValueSet(IMAGE_TYPES_VS, IMAGE_TYPE, imageType)) {
			return null;
		}
		return new Coding[] {terminology.coding(RADIOMICS, parts[1]), terminology.coding(IMAGE_TYPE, imageType)};
	}

	// ---------------------------------------------------------------------------------------------------- helpers

	private static String common() {
		return "Every resource carries meta.tag HTEST (v3-ActReason, test health data): synthetic data, not a patient."
				+ " Every input is dated on the patient's index date (labels' index_date), seeded from the cohort seed and the"
				+ " row id (2021-01-01 .. 2022-12-31).";
	}

	private static String noDemographics() {
		return "The cohort has no age or sex: Patient.gender is unknown and Patient.birthDate carries only the"
				+ " data-absent-reason extension (unknown): age stays missing (the server says why) and sex reads unknown.";
	}

	private Column lab(String csvColumn, String profile, String code, String unit, String feature) {
		return Column.read(csvColumn, "Observation (" + profile + ") " + code + ", " + unit, check(feature), Compare.NUMBER);
	}

	private Column signature(String csvColumn, String code, String unit) {
		return Column.read(csvColumn, "Observation (immunorisk-expression-signature) immunorisk-signature#" + code + ", " + unit,
				check(code), Compare.NUMBER);
	}

	private String check(String feature) {
		if (!features.contains(feature)) {
			throw new IllegalStateException("no feature " + feature + " in feature-definitions.json");
		}
		return feature;
	}

	private static List<String> concat(List<String> row, String... more) {
		List<String> all = new ArrayList<>(row);
		all.addAll(List.of(more));
		return all;
	}

	/** A number as the cohort CSVs write it (Java's shortest round-trip text of the double). */
	static String fmt(double value) {
		return String.valueOf(value);
	}
}
