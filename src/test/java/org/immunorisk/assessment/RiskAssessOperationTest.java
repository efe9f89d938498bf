package org.immunorisk.assessment;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.Library;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RiskAssessment;
import org.hl7.fhir.r4.model.StringType;
import org.immunorisk.testsupport.FhirServerTest;
import org.immunorisk.testsupport.Http;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.immunorisk.testsupport.ShippedContent.TEST_BUNDLES;
import static org.immunorisk.testsupport.ShippedContent.jsonFiles;
import static org.immunorisk.testsupport.ShippedContent.read;

/**
 * $risk-assess on every test-bundle patient gives the results recorded in test-bundles/README.md, stores
 * conformant RiskAssessments with basis and rationale, and handles bad input as the issue asks.
 */
public class RiskAssessOperationTest extends FhirServerTest {

	/** Default assessment date for calls that are not about one scenario's results. */
	static final String DATE = "2026-10-01";

	/**
	 * The scenario's work-up date (its latest dated observation): the README's results are computed at that
	 * date (ages, look-back windows), so the test assesses there rather than "today", which moves.
	 */
	public static String workUpDate(String patientId) {
		String scenario = patientId.replace("-patient", "");
		Path file = TEST_BUNDLES.resolve(scenario + ".json");
		if (!java.nio.file.Files.exists(file)) {
			return DATE;
		}
		Bundle bundle = org.immunorisk.testsupport.ShippedContent.parse(file, Bundle.class);
		return bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
				.filter(org.hl7.fhir.r4.model.Observation.class::isInstance)
				.map(r -> ((org.hl7.fhir.r4.model.Observation) r).getEffectiveDateTimeType().getValueAsString())
				.filter(java.util.Objects::nonNull).map(d -> d.substring(0, 10)).max(String::compareTo).orElse(DATE);
	}

	/** Expected result per scenario and model: risk code, and score when the model has one (README values). */
	record Expected(String risk, Double score, Double probability, String category) {
		Expected(String risk, Double score, Double probability) {
			this(risk, score, probability, null);
		}
	}

	static final Map<String, Map<String, Expected>> EXPECTED = Map.ofEntries(
			Map.entry("igg4rd-high", Map.of(
					"acr-eular-2019-igg4rd", new Expected("high", 69.0, null, "classified"),
					"igg4rd-comprehensive-2020", new Expected("high", null, null, "definite"),
					"igg4rd-hla-steroid-response", new Expected("high", null, null, "higher dose requirement"))),
			Map.entry("igg4rd-low", Map.of(
					"acr-eular-2019-igg4rd", new Expected("low", null, null),
					"igg4rd-comprehensive-2020", new Expected("low", null, null))),
			Map.entry("igg4rd-missing-igg4", Map.of(
					"acr-eular-2019-igg4rd", new Expected("moderate", 14.0, null, "indeterminate"))),
			Map.entry("ra-high", Map.of(
					"acr-eular-2010-ra", new Expected("high", 10.0, null),
					"leiden-ua-ra", new Expected("high", 11.66, null),
					"ua-ra-mlp", new Expected("high", null, 0.7900, "progression to RA predicted"))),
			Map.entry("ra-low", Map.of(
					"acr-eular-2010-ra", new Expected("low", 1.0, null),
					"leiden-ua-ra", new Expected("low", 0.68, null),
					"ua-ra-mlp", new Expected("low", null, 0.0883, "progression to RA not predicted"))),
			Map.entry("ra-convertible-units", Map.of(
					"acr-eular-2010-ra", new Expected("high", 10.0, null),
					"leiden-ua-ra", new Expected("high", 11.66, null),
					"ua-ra-mlp", new Expected("high", null, 0.7900, "progression to RA predicted"))),
			Map.entry("ssc-high", Map.of(
					"acr-eular-2013-ssc", new Expected("high", 23.0, null),
					"ssc-renal-crisis-flags", new Expected("high", 5.0, null))),
			Map.entry("ssc-low", Map.of(
					"acr-eular-2013-ssc", new Expected("low", 5.0, null),
					"ssc-renal-crisis-flags", new Expected("low", 0.0, null))),
			Map.entry("nsclc-high", Map.of(
					"lipi", new Expected("high", 2.0, null, "poor"),
					"loris-nsclc", new Expected(null, null, 0.267))),
			Map.entry("nsclc-low", Map.of(
					"lipi", new Expected("low", 0.0, null, "good"),
					"loris-nsclc", new Expected(null, null, 0.769))));

	private static boolean loaded;

	@BeforeEach
	void loadTestBundles() {
		if (loaded) {
			return;
		}
		for (Path file : jsonFiles(TEST_BUNDLES)) {
			assertThat(http.post("/fhir", "application/fhir+json", read(file)).status()).as(file.toString()).isEqualTo(200);
		}
		loaded = true;
	}

	private Http.Response riskAssess(String patientId, String... models) {
		Parameters parameters = new Parameters();
		parameters.addParameter("date", new org.hl7.fhir.r4.model.DateType(workUpDate(patientId)));
		for (String model : models) {
			parameters.addParameter("model", new StringType(model));
		}
		return http.post("/fhir/Patient/" + patientId + "/$risk-assess", "application/fhir+json", json(parameters));
	}

	private static List<RiskAssessment> riskAssessments(Bundle bundle) {
		return bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
				.filter(RiskAssessment.class::isInstance).map(RiskAssessment.class::cast).toList();
	}

	private static Optional<RiskAssessment> byModel(List<RiskAssessment> assessments, String model) {
		return assessments.stream().filter(r -> r.getMethod().getCodingFirstRep().getCode().equals(model)).findFirst();
	}

	@TestFactory
	List<DynamicTest> everyTestPatientGetsTheResultInTheReadme() {
		List<DynamicTest> tests = new ArrayList<>();
		EXPECTED.forEach((scenario, models) -> tests.add(DynamicTest.dynamicTest(scenario, () -> {
			Http.Response response = riskAssess(scenario + "-patient");
			assertThat(response.status()).as(response.body()).isEqualTo(200);
			List<RiskAssessment> written = riskAssessments(parseBody(Bundle.class, response.body()));
			models.forEach((model, expected) -> {
				RiskAssessment risk = byModel(written, model).orElseThrow(() ->
						new AssertionError(scenario + ": no RiskAssessment from " + model + " in " + response.body()));
				var prediction = risk.getPredictionFirstRep();
				if (expected.risk() != null) {
					assertThat(prediction.getQualitativeRisk().getCodingFirstRep().getCode()).as(scenario + " " + model)
							.isEqualTo(expected.risk());
				}
				if (expected.score() != null) {
					assertThat(prediction.getRationale()).as(scenario + " " + model)
							.contains("Score " + RiskAssessmentWriter.format(expected.score()) + ".");
				}
				if (expected.category() != null) {
					assertThat(prediction.getRationale()).as(scenario + " " + model).contains("Category: " + expected.category() + ".");
				}
				if (expected.probability() != null) {
					assertThat(prediction.getProbabilityDecimalType().getValue().doubleValue()).as(scenario + " " + model)
							.isCloseTo(expected.probability(), org.assertj.core.data.Offset.offset(0.0005));
				}
				assertThat(risk.getBasis()).as("basis").isNotEmpty();
				assertThat(risk.getMeta().getProfile().get(0).getValue()).isEqualTo(RiskAssessmentWriter.PROFILE);
				assertThat(risk.getNote()).anyMatch(n -> n.getText().startsWith("Intended use"));
				assertThat(risk.getNote()).anyMatch(n -> n.getText().startsWith("Evidence"));
			});
		})));
		return tests;
	}

	@Test
	void basisNamesTheResourcesUsed() {
		Bundle bundle = parseBody(Bundle.class, riskAssess("igg4rd-high-patient", "acr-eular-2019-igg4rd").body());
		RiskAssessment risk = riskAssessments(bundle).get(0);
		assertThat(risk.getBasis()).extracting(Reference::getReference).contains("Observation/igg4rd-high-igg4");
		assertThat(risk.getPredictionFirstRep().getRationale()).contains("Contributing factors");
	}

	@Test
	void missingIgG4IsReportedNotGuessed() {
		Bundle bundle = parseBody(Bundle.class, riskAssess("igg4rd-missing-igg4-patient", "acr-eular-2019-igg4rd").body());
		RiskAssessment risk = riskAssessments(bundle).get(0);
		assertThat(risk.getNote()).anyMatch(n -> n.getText().startsWith("Missing inputs") && n.getText().contains("serum-igg4"));
	}

	@Test
	void convertedUnitsGiveTheSameResultAsCanonicalOnes() {
		List<RiskAssessment> canonical = riskAssessments(parseBody(Bundle.class, riskAssess("ra-high-patient").body()));
		List<RiskAssessment> converted = riskAssessments(parseBody(Bundle.class, riskAssess("ra-convertible-units-patient").body()));
		for (String model : List.of("acr-eular-2010-ra", "leiden-ua-ra")) {
			assertThat(byModel(converted, model).orElseThrow().getPredictionFirstRep().getRationale())
					.isEqualTo(byModel(canonical, model).orElseThrow().getPredictionFirstRep().getRationale()
							.replace("ra-high", "ra-convertible-units"));
		}
	}

	/** The scenario's bundle under new ids ("copy-" prefix), so a test may change its data freely. */
	private String loadCopy(String scenario, String prefix) {
		String body = read(TEST_BUNDLES.resolve(scenario + ".json")).replace(scenario + "-", prefix + scenario + "-");
		assertThat(http.post("/fhir", "application/fhir+json", body).status()).isEqualTo(200);
		return prefix + scenario + "-patient";
	}

	private Http.Response riskAssessAt(String patientId, String date, String... models) {
		Parameters parameters = new Parameters();
		parameters.addParameter("date", new org.hl7.fhir.r4.model.DateType(date));
		for (String model : models) {
			parameters.addParameter("model", new StringType(model));
		}
		return http.post("/fhir/Patient/" + patientId + "/$risk-assess", "application/fhir+json", json(parameters));
	}

	@Test
	void runningAgainOnChangedDataUpdatesTheCurrentRiskAssessmentAndKeepsHistory() {
		String patient = loadCopy("ra-low", "rerun-");
		String date = workUpDate("ra-low-patient");
		RiskAssessment first = riskAssessments(parseBody(Bundle.class, riskAssessAt(patient, date, "leiden-ua-ra").body())).get(0);
		// Same data, same date: nothing new to record.
		RiskAssessment same = riskAssessments(parseBody(Bundle.class, riskAssessAt(patient, date, "leiden-ua-ra").body())).get(0);
		assertThat(same.getMeta().getVersionId()).isEqualTo(first.getMeta().getVersionId());

		org.hl7.fhir.r4.model.Observation stiffness = parseBody(org.hl7.fhir.r4.model.Observation.class,
				http.get("/fhir/Observation/rerun-ra-low-morning-stiffness").body());
		stiffness.getValueQuantity().setValue(95);
		assertThat(http.put("/fhir/Observation/rerun-ra-low-morning-stiffness", json(stiffness)).status()).isEqualTo(200);
		RiskAssessment second = riskAssessments(parseBody(Bundle.class, riskAssessAt(patient, date, "leiden-ua-ra").body())).get(0);

		assertThat(second.getIdElement().getIdPart()).isEqualTo(first.getIdElement().getIdPart());
		assertThat(Integer.parseInt(second.getMeta().getVersionId())).isGreaterThan(Integer.parseInt(first.getMeta().getVersionId()));
		assertThat(second.getPredictionFirstRep().getRationale()).isNotEqualTo(first.getPredictionFirstRep().getRationale());
		Bundle history = parseBody(Bundle.class, http.get("/fhir/RiskAssessment/" + first.getIdElement().getIdPart() + "/_history").body());
		assertThat(history.getEntry()).hasSize(2);
	}

	@Test
	void aResultWhoseDataIsWithdrawnStopsBeingCurrent() {
		String patient = loadCopy("nsclc-high", "stale-");
		String date = workUpDate("nsclc-high-patient");
		assertThat(riskAssessments(parseBody(Bundle.class, riskAssessAt(patient, date, "loris-nsclc").body()))).hasSize(1);

		org.hl7.fhir.r4.model.Observation albumin = parseBody(org.hl7.fhir.r4.model.Observation.class,
				http.get("/fhir/Observation/stale-nsclc-high-albumin").body());
		albumin.setStatus(org.hl7.fhir.r4.model.Observation.ObservationStatus.ENTEREDINERROR);
		assertThat(http.put("/fhir/Observation/stale-nsclc-high-albumin", json(albumin)).status()).isEqualTo(200);

		OperationOutcome outcome = parseBody(OperationOutcome.class, riskAssessAt(patient, date, "loris-nsclc").body());
		assertThat(outcome.getIssue()).anyMatch(i -> i.getDiagnostics().contains("not computed"));
		assertThat(outcome.getIssue()).anyMatch(i -> i.getDiagnostics().contains("removed from the current results"));
		Bundle current = parseBody(Bundle.class, http.get("/fhir/RiskAssessment?patient=Patient/" + patient).body());
		assertThat(current.getEntry()).isEmpty();
	}

	@Test
	void anUnknownPatientInAListWritesNothingForTheOthers() {
		String patient = loadCopy("ssc-low", "partial-");
		Parameters parameters = new Parameters();
		parameters.addParameter("date", new org.hl7.fhir.r4.model.DateType(workUpDate("ssc-low-patient")));
		parameters.addParameter().setName("patient").setValue(new Reference("Patient/" + patient));
		parameters.addParameter().setName("patient").setValue(new Reference("Patient/does-not-exist"));
		assertOperationOutcome(http.post("/fhir/Patient/$risk-assess", "application/fhir+json", json(parameters)), 404);
		Bundle stored = parseBody(Bundle.class, http.get("/fhir/RiskAssessment?patient=Patient/" + patient).body());
		assertThat(stored.getEntry()).isEmpty();
	}

	@Test
	void badDatesAndParametersAre400() {
		assertOperationOutcome(riskAssessAt("ra-high-patient", "2999-01-01"), 400);
		OperationOutcome beforeBirth = assertOperationOutcome(riskAssessAt("ra-high-patient", "1900-01-01"), 400);
		assertThat(beforeBirth.getIssueFirstRep().getDiagnostics()).contains("before the birth");
		assertOperationOutcome(http.post("/fhir/Patient/ra-high-patient/$risk-assess", "application/fhir+json",
				"{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"date\",\"valueDate\":\"21/11/2026\"}]}"), 400);
		assertOperationOutcome(http.post("/fhir/Patient/ra-high-patient/$risk-assess", "application/fhir+json",
				"{\"resourceType\":\"Patient\"}"), 400);
		assertOperationOutcome(http.post("/fhir/Patient/ra-high-patient/$risk-assess", "application/fhir+json",
				"{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"foo\",\"valueString\":\"x\"}]}"), 400);
		assertOperationOutcome(http.post("/fhir/Patient/ra-high-patient/$risk-assess", "application/fhir+json",
				"{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"date\",\"valueDate\":\"2026-05-01\"},"
						+ "{\"name\":\"date\",\"valueDate\":\"2026-05-02\"}]}"), 400);
		Parameters remote = new Parameters();
		remote.addParameter().setName("patient").setValue(new Reference("http://elsewhere.example/fhir/Patient/ra-low-patient"));
		assertOperationOutcome(http.post("/fhir/Patient/$risk-assess", "application/fhir+json", json(remote)), 400);
	}

	@Test
	void aGroupWithoutPatientsSaysSo() {
		Group group = new Group().setType(Group.GroupType.PERSON).setActual(true);
		group.setId("risk-assess-empty-group");
		group.addMember().setEntity(new Reference("Group/risk-assess-test-group-other"));
		Group other = new Group().setType(Group.GroupType.PERSON).setActual(true);
		other.setId("risk-assess-test-group-other");
		assertThat(http.put("/fhir/Group/risk-assess-test-group-other", json(other)).status()).isIn(200, 201);
		assertThat(http.put("/fhir/Group/risk-assess-empty-group", json(group)).status()).isIn(200, 201);
		Http.Response response = http.post("/fhir/Group/risk-assess-empty-group/$risk-assess", "application/fhir+json",
				json(new Parameters()));
		assertThat(response.status()).isEqualTo(200);
		OperationOutcome outcome = parseBody(OperationOutcome.class, response.body());
		assertThat(outcome.getIssue()).anyMatch(i -> i.getDiagnostics().contains("not a local Patient"));
		assertThat(outcome.getIssue()).anyMatch(i -> i.getDiagnostics().contains("No patients"));
	}

	@Test
	void theLatestRisksOfAPatientAreOneSearch() {
		riskAssess("ssc-high-patient");
		Bundle latest = parseBody(Bundle.class, http.get("/fhir/RiskAssessment?patient=Patient/ssc-high-patient").body());
		assertThat(latest.getEntry()).extracting(e -> ((RiskAssessment) e.getResource()).getMethod().getCodingFirstRep().getCode())
				.contains("acr-eular-2013-ssc", "ssc-renal-crisis-flags").doesNotHaveDuplicates();

		Bundle byOutcome = parseBody(Bundle.class, http.get("/fhir/RiskAssessment?patient=Patient/ssc-high-patient"
				+ "&outcome=https://immunorisk.org/fhir/CodeSystem/immunorisk-outcome%7Cscleroderma-renal-crisis").body());
		// Two models predict renal crisis: the published flags and the demonstration cell-state model.
		assertThat(byOutcome.getEntry()).extracting(e -> ((RiskAssessment) e.getResource()).getMethod().getCodingFirstRep().getCode())
				.containsExactlyInAnyOrder("ssc-renal-crisis-flags", "ssc-renal-crisis-cells");
		Bundle byMethod = parseBody(Bundle.class, http.get("/fhir/RiskAssessment?patient=Patient/ssc-high-patient"
				+ "&method=https://immunorisk.org/fhir/CodeSystem/immunorisk-model%7Cacr-eular-2013-ssc").body());
		assertThat(byMethod.getEntry()).hasSize(1);
		Bundle byRisk = parseBody(Bundle.class, http.get("/fhir/RiskAssessment?patient=Patient/ssc-high-patient"
				+ "&risk=http://terminology.hl7.org/CodeSystem/risk-probability%7Chigh").body());
		assertThat(byRisk.getEntry()).isNotEmpty();
		String date = workUpDate("ssc-high-patient");
		Bundle onTheDay = parseBody(Bundle.class, http.get("/fhir/RiskAssessment?patient=Patient/ssc-high-patient&date=" + date).body());
		assertThat(onTheDay.getEntry()).hasSameSizeAs(latest.getEntry());
		Bundle before = parseBody(Bundle.class, http.get("/fhir/RiskAssessment?patient=Patient/ssc-high-patient&date=lt" + date).body());
		assertThat(before.getEntry()).isEmpty();
	}

	@Test
	void patientWithNoDomainDataGets200AndAnOperationOutcomeAndNothingStored() {
		Http.Response response = riskAssess("no-domain-data-patient");
		assertThat(response.status()).isEqualTo(200);
		OperationOutcome outcome = parseBody(OperationOutcome.class, response.body());
		assertThat(outcome.getIssueFirstRep().getDiagnostics()).contains("no model applies");
		Bundle stored = parseBody(Bundle.class, http.get("/fhir/RiskAssessment?patient=Patient/no-domain-data-patient").body());
		assertThat(stored.getEntry()).isEmpty();
	}

	@Test
	void unknownPatientIs404() {
		assertOperationOutcome(riskAssess("no-such-patient"), 404);
	}

	@Test
	void unknownModelIs400NamingIt() {
		OperationOutcome outcome = assertOperationOutcome(riskAssess("ra-high-patient", "astrology-2026"), 400);
		assertThat(outcome.getIssueFirstRep().getDiagnostics()).contains("astrology-2026");
	}

	@Test
	void manyPatientsByListAndByGroup() {
		Parameters parameters = new Parameters();
		parameters.addParameter("date", new org.hl7.fhir.r4.model.DateType(DATE));
		parameters.addParameter().setName("patient").setValue(new Reference("Patient/ra-high-patient"));
		parameters.addParameter().setName("patient").setValue(new Reference("Patient/ra-low-patient"));
		parameters.addParameter("model", new StringType("leiden-ua-ra"));
		Bundle byList = parseBody(Bundle.class, http.post("/fhir/Patient/$risk-assess", "application/fhir+json", json(parameters)).body());
		assertThat(riskAssessments(byList)).extracting(r -> r.getSubject().getReference())
				.containsExactlyInAnyOrder("Patient/ra-high-patient", "Patient/ra-low-patient");

		Group group = new Group().setType(Group.GroupType.PERSON).setActual(true);
		group.setId("risk-assess-test-group");
		group.addMember().setEntity(new Reference("Patient/ssc-high-patient"));
		group.addMember().setEntity(new Reference("Patient/ssc-low-patient"));
		assertThat(http.put("/fhir/Group/risk-assess-test-group", json(group)).status()).isIn(200, 201);
		Parameters date = new Parameters();
		date.addParameter("date", new org.hl7.fhir.r4.model.DateType(DATE));
		Bundle byGroup = parseBody(Bundle.class, http.post("/fhir/Group/risk-assess-test-group/$risk-assess",
				"application/fhir+json", json(date)).body());
		assertThat(riskAssessments(byGroup)).extracting(r -> r.getSubject().getReference())
				.contains("Patient/ssc-high-patient", "Patient/ssc-low-patient");
	}

	@Test
	void theModelCatalogueIsReadableOverFhir() {
		Bundle libraries = parseBody(Bundle.class, http.get("/fhir/Library?type=model-definition&_count=100").body());
		List<String> ids = libraries.getEntry().stream().map(e -> ((Library) e.getResource()).getUrl()).toList();
		assertThat(ids).contains(ModelCatalogue.LIBRARY_BASE + "acr-eular-2019-igg4rd", ModelCatalogue.LIBRARY_BASE + "loris-nsclc",
				ModelCatalogue.LIBRARY_BASE + "leiden-ua-ra", ModelCatalogue.LIBRARY_BASE + "lipi");
		Library leiden = libraries.getEntry().stream().map(e -> (Library) e.getResource())
				.filter(l -> l.getUrl().endsWith("leiden-ua-ra")).findFirst().orElseThrow();
		assertThat(leiden.getRelatedArtifactFirstRep().getCitation()).contains("van der Helm");
		assertThat(leiden.getParameter()).extracting(p -> p.getName()).contains("morning-stiffness-vas", "anti-ccp");
	}

}
