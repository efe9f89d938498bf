package org.immunorisk.training.fhir;

import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.ImagingStudy;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Specimen;
import org.hl7.fhir.r4.model.Type;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The FHIR resources of one synthetic patient, built in the shapes of the scenario bundles ({@code test-bundles/}):
 * every resource has a fixed id starting with the patient's id, claims its ImmunoRisk profile in {@code meta.profile},
 * carries the synthetic-data tag {@link #SYNTHETIC}, and every dated resource is dated on the patient's index date.
 * Codes of {@code terminology/} come from {@link Terminology} (a code that is not there fails); the few codes the
 * profiles fix or bind outside {@code terminology/} are constants below, each with its source.
 */
final class SyntheticRecord {

	static final String PROFILE = "https://immunorisk.org/fhir/StructureDefinition/";
	static final String LOINC = "http://loinc.org";
	static final String SNOMED = "http://snomed.info/sct";
	static final String UCUM = "http://unitsofmeasure.org";
	static final String FINDING = "https://immunorisk.org/fhir/CodeSystem/immunorisk-finding";
	static final String LAB = "https://immunorisk.org/fhir/CodeSystem/immunorisk-lab";
	static final String SIGNATURE = "https://immunorisk.org/fhir/CodeSystem/immunorisk-signature";
	static final String CYTOKINE = "https://immunorisk.org/fhir/CodeSystem/immunorisk-cytokine";
	static final String RADIOMICS = "https://immunorisk.org/fhir/CodeSystem/immunorisk-radiomics";
	static final String IMAGE_TYPE = "https://immunorisk.org/fhir/CodeSystem/immunorisk-radiomics-image-type";

	/**
	 * The synthetic-data marker on every resource (and bundle): {@code meta.tag} HL7 v3 ActReason {@code HTEST} "test
	 * health data". The scenario bundles carry no tag (they say "synthetic test patient" in the name); HTEST in
	 * {@code meta.tag} is how the FHIR R4 specification's own Bundle example (bundle-example) marks test data.
	 */
	static final Coding SYNTHETIC = new Coding("http://terminology.hl7.org/CodeSystem/v3-ActReason", "HTEST", "test health data");

	/** Identifier system of the synthetic patients: the value is the row id of the cohort CSV. */
	static final String PATIENT_IDENTIFIER_SYSTEM = "https://immunorisk.org/fhir/sid/synthetic-cohort-patient";

	// Codes outside terminology/, as the scenario bundles use them.
	private static final String OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category";
	private static final String GR_TBD = "http://hl7.org/fhir/uv/genomics-reporting/CodeSystem/tbd-codes-cs";
	private static final String GR_BIOMARKER = "http://hl7.org/fhir/uv/genomics-reporting/CodeSystem/molecular-biomarker-ontology-cs";
	/** v2-0074 GE (genetics) and the Genomics Reporting IG 3.0.0 categories its molecular-biomarker profile slices on. */
	private static final Coding GENETICS = new Coding("http://terminology.hl7.org/CodeSystem/v2-0074", "GE", "Genetics");
	/** LOINC 48018-6 "Gene studied [ID]": Genomics Reporting IG 3.0.0 package examples (terminology/README.md, verified). */
	private static final Coding GENE_STUDIED = new Coding(LOINC, "48018-6", "Gene studied [ID]");
	/** SNOMED CT 119361006 |Plasma specimen|: fixed by profile immunorisk-cytokine's invariant icyt-1. */
	private static final Coding PLASMA = new Coding(SNOMED, "119361006", "Plasma specimen");
	/** DICOM modality CT: required by profile immunorisk-ct-imaging-study (ict-1). */
	static final Coding CT = new Coding("http://dicom.nema.org/resources/ontology/DCM", "CT", "Computed Tomography");

	/** UCUM codes shown with a friendlier unit text (as the scenario bundles show them). */
	private static final Map<String, String> UNIT_TEXT = Map.of("10*3/uL", "10^3/uL", "[IU]/mL", "IU/mL", "[arb'U]/mL", "U/mL",
			"[hnsf'U]", "HU", "{score}", "score", "1/1000000{Base}", "mut/Mb");

	private final Terminology terminology;
	private final String patientId;
	private final LocalDate indexDate;
	private final List<Resource> resources = new ArrayList<>();

	SyntheticRecord(Terminology terminology, String patientId, LocalDate indexDate) {
		this.terminology = terminology;
		this.patientId = patientId;
		this.indexDate = indexDate;
	}

	List<Resource> resources() {
		return List.copyOf(resources);
	}

	String patientReference() {
		return "Patient/" + patientId;
	}

	/**
	 * The Patient. A cohort without demographics gives {@code gender} unknown and a {@code birthDate} that only carries
	 * the data-absent-reason extension (unknown): the profile requires the element, the cohort has no value for it.
	 */
	Patient patient(String sourceId, Enumerations.AdministrativeGender gender, LocalDate birthDate) {
		Patient patient = new Patient();
		start(patient, patientId, "immunorisk-patient");
		patient.addIdentifier(new Identifier().setSystem(PATIENT_IDENTIFIER_SYSTEM).setValue(sourceId));
		patient.setGender(gender);
		if (birthDate != null) {
			patient.setBirthDateElement(new DateType(birthDate.toString()));
		} else {
			DateType absent = new DateType();
			absent.addExtension("http://hl7.org/fhir/StructureDefinition/data-absent-reason", new CodeType("unknown"));
			patient.setBirthDateElement(absent);
		}
		resources.add(patient);
		return patient;
	}

	/** A diagnosis (profile immunorisk-diagnosis); onset only when the cohort gives one. */
	Condition condition(String suffix, Coding code, String verification, LocalDate onset, Coding bodySite, String note) {
		Condition condition = new Condition();
		start(condition, id(suffix), "immunorisk-diagnosis");
		condition.setClinicalStatus(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/condition-clinical",
				"active", "Active")));
		condition.setVerificationStatus(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/condition-ver-status",
				verification, verification.equals("confirmed") ? "Confirmed" : "Provisional")));
		condition.addCategory(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/condition-category",
				"encounter-diagnosis", "Encounter Diagnosis")));
		condition.setCode(new CodeableConcept(code));
		if (bodySite != null) {
			condition.addBodySite(new CodeableConcept(bodySite));
		}
		condition.setSubject(new Reference(patientReference()));
		if (onset != null) {
			condition.setOnset(new DateTimeType(onset.toString()));
		}
		condition.setRecordedDateElement(new DateTimeType(indexDate.toString()));
		if (note != null) {
			condition.addNote().setText(note);
		}
		resources.add(condition);
		return condition;
	}

	/** A laboratory result (profile immunorisk-lab-result or one of its children) in a UCUM unit. */
	Observation lab(String suffix, String profile, String system, String code, double value, String unit) {
		Observation observation = observation(suffix, profile, category("laboratory", "Laboratory"), terminology.coding(system, code));
		observation.setValue(quantity(value, unit));
		return observation;
	}

	/** Adds a reference range (null bound: none) with a text, as the scenario bundles give ULNs and LLNs. */
	static void range(Observation observation, Double low, Double high, String unit, String text) {
		Observation.ObservationReferenceRangeComponent range = observation.addReferenceRange();
		if (low != null) {
			range.setLow(quantity(low, unit));
		}
		if (high != null) {
			range.setHigh(quantity(high, unit));
		}
		range.setText(text);
	}

	/** A clinical finding (profile immunorisk-clinical-finding or a child) with the given value. */
	Observation finding(String suffix, String profile, Coding code, CodeableConcept category, Type value) {
		Observation observation = observation(suffix, profile, category, code);
		observation.setValue(value);
		return observation;
	}

	Observation finding(String suffix, String profile, String findingCode, Type value) {
		return finding(suffix, profile, terminology.coding(FINDING, findingCode), category("exam", "Exam"), value);
	}

	/** The joint assessment panel (profile immunorisk-joint-assessment): counts, symmetry and distribution. */
	Observation joints(int tender, int swollen, int small, int large, boolean symmetric, String distribution) {
		Observation observation = observation("joints", "immunorisk-joint-assessment", category("exam", "Exam"),
				terminology.coding(FINDING, "joint-assessment"));
		component(observation, "tender-joint-count", new IntegerType(tender));
		component(observation, "swollen-joint-count", new IntegerType(swollen));
		component(observation, "small-joints-involved", new IntegerType(small));
		component(observation, "large-joints-involved", new IntegerType(large));
		component(observation, "symmetric", new BooleanType(symmetric));
		component(observation, "joint-distribution", new CodeableConcept(terminology.coding(FINDING, distribution)));
		return observation;
	}

	private void component(Observation observation, String code, Type value) {
		observation.addComponent().setCode(new CodeableConcept(terminology.coding(FINDING, code))).setValue(value);
	}

	/**
	 * An expression signature or cell-state fraction (profile immunorisk-expression-signature, a Genomics Reporting
	 * molecular biomarker: categories and biomarker-category component as in the scenario bundles).
	 */
	Observation signature(String suffix, String code, double value, String unit, String note) {
		Observation observation = observation(suffix, "immunorisk-expression-signature", category("laboratory", "Laboratory"),
				terminology.coding(SIGNATURE, code));
		biomarker(observation, "molgen");
		observation.setValue(quantity(value, unit));
		observation.addNote().setText(note);
		return observation;
	}

	/**
	 * PD-L1 tumour proportion score (profile immunorisk-pdl1: LOINC 83053-9, fixed by the profile; verified, secondary:
	 * terminology/README.md), gene studied CD274 (HGNC:17635, CLINICAL.md §3), focus the tumour's Condition.
	 */
	Observation pdl1(double tps, String focusConditionSuffix) {
		Observation observation = observation("pdl1", "immunorisk-pdl1", category("laboratory", "Laboratory"),
				new Coding(LOINC, "83053-9", "Cells.programmed cell death ligand 1/100 viable tumor cells in Tissue by Immune stain"));
		observation.addFocus(new Reference("Condition/" + id(focusConditionSuffix)));
		biomarker(observation, "cellReceptorLigand");
		observation.addComponent().setCode(new CodeableConcept(GENE_STUDIED))
				.setValue(new CodeableConcept(new Coding("http://www.genenames.org", "HGNC:17635", "CD274")));
		observation.setValue(quantity(tps, "%"));
		return observation;
	}

	private void biomarker(Observation observation, String kind) {
		observation.addCategory(new CodeableConcept(new Coding().setSystem(GR_TBD).setCode("biomarker-category")));
		observation.addCategory(new CodeableConcept(GENETICS));
		observation.addComponent().setCode(new CodeableConcept(new Coding().setSystem(GR_TBD).setCode("biomarker-category")))
				.setValue(new CodeableConcept(new Coding().setSystem(GR_BIOMARKER).setCode(kind)));
	}

	/** A plasma cytokine (profile immunorisk-cytokine): contained plasma Specimen, pg/mL. */
	Observation cytokine(String suffix, Coding code, double value, String unit) {
		Observation observation = observation(suffix, "immunorisk-cytokine", category("laboratory", "Laboratory"), code);
		Specimen plasma = new Specimen();
		plasma.setId("plasma");
		plasma.setType(new CodeableConcept(PLASMA));
		plasma.setSubject(new Reference(patientReference()));
		plasma.getCollection().setCollected(new DateTimeType(indexDate.toString()));
		observation.addContained(plasma);
		observation.setSpecimen(new Reference("#plasma").setDisplay("Plasma (SNOMED CT 119361006)"));
		observation.setValue(quantity(value, unit));
		return observation;
	}

	/** The multiplex run (profile immunorisk-cytokine-panel): no value, members are the single results. */
	Observation cytokinePanel(List<Observation> members) {
		Observation panel = observation("cytokine-panel", "immunorisk-cytokine-panel", category("laboratory", "Laboratory"),
				terminology.coding(CYTOKINE, "plasma-cytokine-panel"));
		members.forEach(m -> panel.addHasMember(new Reference("Observation/" + m.getIdElement().getIdPart())));
		return panel;
	}

	/** A CT ImagingStudy (profile immunorisk-ct-imaging-study); series are added by the caller. */
	ImagingStudy imagingStudy(String suffix, String studyUidOid, String note) {
		ImagingStudy study = new ImagingStudy();
		start(study, id(suffix), "immunorisk-ct-imaging-study");
		study.addIdentifier(new Identifier().setSystem("urn:dicom:uid").setValue("urn:oid:" + studyUidOid));
		study.setStatus(ImagingStudy.ImagingStudyStatus.AVAILABLE);
		study.addModality(CT);
		study.setSubject(new Reference(patientReference()));
		study.setStartedElement(new DateTimeType(indexDate.toString()));
		study.addNote().setText(note);
		resources.add(study);
		return study;
	}

	/** One radiomics feature value (profile immunorisk-radiomics-feature). */
	Observation radiomics(String suffix, Coding feature, Coding imageType, double value, String unit, String focusConditionSuffix,
			Coding bodySite, String method, String imagingStudySuffix) {
		Observation observation = observation(suffix, "immunorisk-radiomics-feature", category("imaging", "Imaging"), feature);
		observation.addFocus(new Reference("Condition/" + id(focusConditionSuffix)));
		observation.setBodySite(new CodeableConcept(bodySite));
		observation.getMethod().setText(method);
		observation.addDerivedFrom(new Reference("ImagingStudy/" + id(imagingStudySuffix)));
		observation.setValue(quantity(value, unit));
		observation.addComponent().setCode(new CodeableConcept(terminology.coding(RADIOMICS, "image-type")))
				.setValue(new CodeableConcept(imageType));
		return observation;
	}

	Coding coding(String system, String code) {
		return terminology.coding(system, code);
	}

	static CodeableConcept category(String code, String display) {
		return new CodeableConcept(new Coding(OBSERVATION_CATEGORY, code, display));
	}

	String id(String suffix) {
		return patientId + "-" + suffix;
	}

	private Observation observation(String suffix, String profile, CodeableConcept category, Coding code) {
		Observation observation = new Observation();
		start(observation, id(suffix), profile);
		observation.setStatus(Observation.ObservationStatus.FINAL);
		observation.addCategory(category);
		observation.setCode(new CodeableConcept(code));
		observation.setSubject(new Reference(patientReference()));
		observation.setEffective(new DateTimeType(indexDate.toString()));
		resources.add(observation);
		return observation;
	}

	private static void start(Resource resource, String id, String profile) {
		if (id.length() > 64) {
			throw new IllegalArgumentException("FHIR ids have at most 64 characters: " + id);
		}
		resource.setId(id);
		resource.getMeta().addProfile(PROFILE + profile);
		resource.getMeta().addTag(SYNTHETIC.copy());
	}

	/** A UCUM quantity; the value is written with the shortest decimal that reads back as the same double. */
	static Quantity quantity(double value, String ucum) {
		return new Quantity().setValue(BigDecimal.valueOf(value)).setUnit(UNIT_TEXT.getOrDefault(ucum, ucum)).setSystem(UCUM)
				.setCode(ucum);
	}
}
