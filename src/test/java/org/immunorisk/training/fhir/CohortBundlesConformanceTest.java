package org.immunorisk.training.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.validation.SingleValidationMessage;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ImagingStudy;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Resource;
import org.immunorisk.conformance.ConformanceContent;
import org.immunorisk.conformance.LabUnitRules;
import org.immunorisk.conformance.ProfileValidator;
import org.immunorisk.training.fhir.CohortBundle.Subject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cohort bundles conform for real: a sample of every cohort's patients (the first three and the last; for CRC,
 * whose patients have about 1500 radiomics Observations each, the first patient and one imaged without contrast, with
 * every radiomics code on the original image and one code on every filtered image, in every series) validates against the ImmunoRisk profiles with the server's own validator, with zero errors. Also: the CSV is the one the shipped models were trained on (its SHA-256 is the manifests' cohortSha256), every CSV
 * column is accounted for, the labels files have the agreed columns, ids are unique and stable, nothing is dated
 * outside the index date, and every resource says it is synthetic.
 */
class CohortBundlesConformanceTest {

	private static final FhirContext FHIR = FhirContext.forR4Cached();
	private static ProfileValidator validator;
	private static List<CohortBundle> cohorts;

	@BeforeAll
	static void build() {
		validator = new ProfileValidator(FHIR, ConformanceContent.fromClasspath(FHIR), LabUnitRules.fromClasspath());
		cohorts = new CohortBundles(FHIR).all();
	}

	@TestFactory
	List<DynamicTest> aSampleOfEveryCohortValidatesWithoutErrors() {
		assertThat(cohorts).extracting(CohortBundle::name).containsExactly("ra-biologic-cohort", "ra-progression-cohort",
				"ssc-cell-state-cohort", "crc-radiomics-cohort", "nsclc-cytokine-cohort", "ua-ra-kurama-like", "ua-ra-answer-like",
				"igg4rd-cohort");
		List<DynamicTest> tests = new ArrayList<>();
		for (CohortBundle cohort : cohorts) {
			tests.add(DynamicTest.dynamicTest(cohort.name(), () -> {
				List<List<Resource>> sample = new ArrayList<>();
				for (Subject subject : sample(cohort)) {
					List<Resource> resources = new ArrayList<>(subject.resources().get());
					// CRC: of the radiomics Observations (383 per series) those of every code on the original image and of one
					// code on every image type, in each series: every code, unit, image type, lesion and series text once.
					resources.removeIf(r -> r instanceof Observation o
							&& o.getCode().getCodingFirstRep().getSystem().equals(SyntheticRecord.RADIOMICS)
							&& !o.getComponentFirstRep().getValueCodeableConcept().getCodingFirstRep().getCode().equals("original")
							&& !o.getCode().getCodingFirstRep().getCode().equals("firstorder_10Percentile"));
					sample.add(resources);
				}
				Bundle bundle = BundleWriter.bundle(cohort.name() + "-sample", sample);
				// Through JSON and back, as a client would send it.
				Bundle parsed = FHIR.newJsonParser().parseResource(Bundle.class, FHIR.newJsonParser().encodeResourceToString(bundle));
				List<String> problems = new ArrayList<>();
				Set<String> ids = new HashSet<>();
				for (Bundle.BundleEntryComponent entry : parsed.getEntry()) {
					Resource resource = entry.getResource();
					String id = resource.fhirType() + "/" + resource.getIdElement().getIdPart();
					if (!ids.add(id)) {
						problems.add(id + ": duplicate id");
					}
					if (entry.getRequest().getMethod() != Bundle.HTTPVerb.PUT || !id.equals(entry.getRequest().getUrl())) {
						problems.add(id + ": request must be PUT " + id);
					}
					if (!entry.getFullUrl().equals("urn:uuid:" + Uuids.nameBased(id))) {
						problems.add(id + ": fullUrl is not the name-based UUID of " + id);
					}
					if (!ProfileValidator.claimsImmunoRiskProfile(resource)) {
						problems.add(id + ": claims no ImmunoRisk profile");
					}
					if (resource.getMeta().getTag().stream().noneMatch(t -> t.getSystem().equals(SyntheticRecord.SYNTHETIC.getSystem())
							&& t.getCode().equals("HTEST"))) {
						problems.add(id + ": no synthetic-data tag");
					}
				}
				// Each resource against the profile it claims ...
				for (Bundle.BundleEntryComponent entry : parsed.getEntry()) {
					for (SingleValidationMessage error : validator.errors(entry.getResource())) {
						problems.add(entry.getRequest().getUrl() + " " + error.getLocationString() + ": " + error.getMessage());
					}
				}
				// ... and the Bundle as a whole (fullUrls, request rules, references resolved inside the bundle).
				for (SingleValidationMessage error : validator.errors(parsed)) {
					problems.add("Bundle " + error.getLocationString() + ": " + error.getMessage());
				}
				assertThat(problems).as(cohort.name()).isEmpty();
				assertThat(parsed.getEntry()).hasSizeGreaterThanOrEqualTo(sample.size() * 3);
			}));
		}
		return tests;
	}

	/** The first three patients and the last one; for CRC the first patient and the first imaged without contrast (plain CT only). */
	private static List<Subject> sample(CohortBundle cohort) {
		List<Subject> all = cohort.subjects();
		if (cohort.name().equals("crc-radiomics-cohort")) { // about 1500 Observations per patient: two patients
			Set<Subject> sample = new LinkedHashSet<>(all.subList(0, 1));
			Subject plainOnly = all.stream().filter(s -> s.resources().get().stream()
					.anyMatch(r -> r instanceof ImagingStudy study && study.getSeries().size() == 1)).findFirst().orElseThrow();
			sample.add(plainOnly);
			return List.copyOf(sample);
		}
		Set<Subject> sample = new LinkedHashSet<>(all.subList(0, 3));
		sample.add(all.get(all.size() - 1));
		return List.copyOf(sample);
	}

	@Test
	void theValidatorCatchesABrokenResourceOfTheSample() {
		Resource cytokine = cohorts.get(4).subjects().get(0).resources().get().stream()
				.filter(r -> r.getIdElement().getIdPart().endsWith("-cytokine-osteopontin")).findFirst().orElseThrow();
		assertThat(validator.errors(cytokine)).isEmpty();
		org.hl7.fhir.r4.model.Observation serum = ((org.hl7.fhir.r4.model.Observation) cytokine).copy();
		((org.hl7.fhir.r4.model.Specimen) serum.getContained().get(0)).getType().getCodingFirstRep().setCode("119364003");
		assertThat(validator.errors(serum)).extracting(SingleValidationMessage::getMessage).anyMatch(m -> m.contains("icyt-1"));
	}

	@Test
	void theCsvIsTheOneTheShippedModelsWereTrainedOn() throws IOException {
		Map<String, List<String>> shas = Map.of(
				"ra-biologic-cohort", List.of("ra-tnfi-response", "/provenance/cohortSha256"),
				"ra-progression-cohort", List.of("ra-rapid-progression", "/provenance/cohortSha256"),
				"ssc-cell-state-cohort", List.of("ssc-renal-crisis-cells", "/provenance/cohortSha256"),
				"crc-radiomics-cohort", List.of("crc-tmb-radiomics", "/provenance/cohortSha256"),
				"nsclc-cytokine-cohort", List.of("nsclc-preciri-rsf", "/provenance/cohortSha256"),
				"ua-ra-kurama-like", List.of("ua-ra-mlp", "/provenance/developmentCohort/sha256"),
				"ua-ra-answer-like", List.of("ua-ra-mlp", "/provenance/externalCohort/sha256"),
				"igg4rd-cohort", List.of("igg4rd-rf", "/provenance/cohortSha256"));
		for (CohortBundle cohort : cohorts) {
			List<String> where = shas.get(cohort.name());
			try (InputStream in = getClass().getClassLoader().getResourceAsStream("immunorisk/models/trained/" + where.get(0) + ".json")) {
				JsonNode manifest = new ObjectMapper().readTree(in);
				assertThat(BundleWriter.sha256(cohort.csv())).as(cohort.name()).isEqualTo(manifest.at(where.get(1)).asText());
			}
			assertThat(cohort.models()).as(cohort.name()).contains(where.get(0));
		}
	}

	@Test
	void everyCsvColumnIsAccountedForAndEveryLabelFileHasTheAgreedColumns() {
		for (CohortBundle cohort : cohorts) {
			List<String> header = List.of(cohort.csv().substring(0, cohort.csv().indexOf('\n')).split(","));
			if (!cohort.name().equals("crc-radiomics-cohort")) { // CRC: 1037 feature columns, summarised per use
				assertThat(cohort.columns()).extracting(CohortBundle.Column::csvColumn).as(cohort.name())
						.containsExactlyInAnyOrderElementsOf(header);
			}
			assertThat(cohort.columns()).as(cohort.name()).anyMatch(c -> c.use() == CohortBundle.Use.INPUT_READ);
			assertThat(cohort.columns()).filteredOn(c -> c.use() == CohortBundle.Use.NOT_EXPRESSED)
					.allMatch(c -> !c.note().isBlank(), "a column not expressed says why");
			assertThat(cohort.labelFiles().get(0).fileName()).isEqualTo("labels.csv");
			for (CohortBundle.LabelFile labels : cohort.labelFiles()) {
				boolean survival = cohort.name().equals("nsclc-cytokine-cohort");
				assertThat(labels.header().subList(0, survival ? 4 : 3)).as(labels.fileName())
						.isEqualTo(survival ? List.of("patient", "index_date", "time", "event") : List.of("patient", "index_date", "outcome"));
				Map<String, Subject> byId = new java.util.HashMap<>();
				cohort.subjects().forEach(s -> byId.put(s.patientId(), s));
				for (List<String> row : labels.rows()) {
					assertThat(row).hasSize(labels.header().size());
					Subject subject = byId.get(row.get(0));
					assertThat(subject).as(row.get(0)).isNotNull();
					assertThat(row.get(1)).isEqualTo(subject.indexDate().toString());
					if (survival) {
						assertThat(Double.parseDouble(row.get(2))).isPositive();
						assertThat(row.get(3)).isIn("0", "1");
					} else {
						assertThat(row.get(2)).isIn("0", "1");
					}
				}
			}
			assertThat(cohort.labelFiles().get(0).rows()).hasSize(cohort.subjects().size());
			// Outcomes vary (a label file of one class could not train anything).
			assertThat(cohort.labelFiles().get(0).rows().stream().map(r -> r.get(cohort.name().startsWith("nsclc") ? 3 : 2)).distinct())
					.as(cohort.name()).hasSize(2);
		}
	}

	@Test
	void patientIdsAreUniqueAcrossCohortsAndDatesAreInThePastWindow() {
		Set<String> ids = new HashSet<>();
		for (CohortBundle cohort : cohorts) {
			for (Subject subject : cohort.subjects()) {
				assertThat(ids.add(subject.patientId())).as(subject.patientId()).isTrue();
				assertThat(subject.patientId()).startsWith("syn-");
				assertThat(subject.indexDate()).isBetween(SyntheticDates.FIRST_INDEX_DATE,
						SyntheticDates.FIRST_INDEX_DATE.plusDays(SyntheticDates.INDEX_DATE_DAYS - 1));
			}
		}
		assertThat(ids).hasSize(806 + 200 + 200 + 300 + 300 + 400 + 222 + 24);
	}

	@Test
	void sameCohortSameBytes(@TempDir Path first, @TempDir Path second) throws IOException {
		CohortBundle again = new CohortBundles(FHIR).ssc();
		BundleWriter writer = new BundleWriter(FHIR, 120, BundleWriter.MAX_BYTES);
		BundleWriter.Written a = writer.write(cohorts.get(2), first);
		BundleWriter.Written b = writer.write(again, second);
		assertThat(a.bundles()).isEqualTo(3); // 300 patients, at most 120 per bundle
		for (String file : List.of("bundle-001.json", "bundle-003.json", "labels.csv", "README.md")) {
			assertThat(Files.readString(second.resolve(file))).as(file).isEqualTo(Files.readString(first.resolve(file)));
		}
		assertThat(b).isEqualTo(a);
	}

	@Test
	void bigPatientsAreSplitByBytes(@TempDir Path dir) throws IOException {
		CohortBundle crc = cohorts.get(3);
		CohortBundle firstThree = new CohortBundle(crc.name(), crc.title(), crc.generator(), crc.seed(), crc.models(), crc.csv(),
				crc.subjects().subList(0, 3), crc.columns(), crc.notes(), crc.labelFiles());
		BundleWriter.Written written = new BundleWriter(FHIR, 100, 4_000_000).write(firstThree, dir);
		assertThat(written.bundles()).as("about 2.7 MB per CRC patient: one per bundle under 4 MB").isEqualTo(3);
		assertThat(written.largestBundle()).isLessThan(4_000_000);
		assertThat(Files.readString(dir.resolve("README.md"))).contains("SYNTHETIC", "not expressed", "labels.csv");
	}

	@Test
	void fullUrlsAreTheNameBasedUuidsOfTheContentConventions() {
		// docs/content-conventions.md: uuid5(NAMESPACE_URL, ...); test-bundles/igg4rd-high.json has this pair.
		assertThat(Uuids.v5(Uuids.NAMESPACE_URL, "https://immunorisk.org/fhir/test-bundles/Patient/igg4rd-high-patient"))
				.isEqualTo(UUID.fromString("2fef579b-8fbe-561a-9fca-a8ebafd40b64"));
	}

	@Test
	void codesComeFromTerminologyAndUnknownOnesFail() {
		Terminology terminology = Terminology.fromClasspath(FHIR);
		Coding igg4 = terminology.coding(SyntheticRecord.LOINC, "2469-5");
		assertThat(igg4.getDisplay()).isEqualTo("IgG4 [Mass/volume] in Serum or Plasma");
		org.assertj.core.api.Assertions.assertThatThrownBy(() -> terminology.coding(SyntheticRecord.CYTOKINE, "il-1ra"))
				.hasMessageContaining("not in terminology/");
		assertThat(terminology.property(SyntheticRecord.RADIOMICS, "firstorder_10Percentile", "unit")).contains("[hnsf'U]");
	}
}
