package org.immunorisk.training.local;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.RequiredParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.server.FifoMemoryPagingProvider;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.immunorisk.features.FeatureDefinition;
import org.immunorisk.features.FeatureDefinitions;
import org.immunorisk.models.RiskModel;
import org.immunorisk.models.trained.TrainedLogisticModel;
import org.immunorisk.training.RaProgressionCohort;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The FHIR route over real HTTP: a HAPI FHIR plain server (RestfulServer on embedded Tomcat, in-memory providers, two
 * results per page so that paging is followed, a bearer token required) holds 96 synthetic patients of
 * {@link RaProgressionCohort} (half with the outcome). Each has a CRP before the index date (some in mg/dL, which the extractor converts) and a
 * much higher CRP after it, which must not leak into training; some have their only CRP outside the 365-day window,
 * some are not on the server. Trained through FHIR, the model must be the model trained from a CSV of the values as of
 * the index date.
 */
class FhirSourceTest {

	private static final String TOKEN = "s3cret-token";
	/** 48 with the outcome and 48 without: enough for the pipeline's 10 of each in the held-out part, few requests. */
	private static final int PATIENTS = 96;
	private static final LocalDate FIRST_INDEX = LocalDate.of(2021, 3, 1);

	private static Tomcat tomcat;
	private static String base;
	private static List<RaProgressionCohort.Patient> cohort;

	@TempDir
	Path tmp;

	/** Not on the server (the labels file lists them anyway). */
	private static boolean absent(int i) {
		return i % 30 == 29;
	}

	/** Their only CRP before the index date is 400 days old: outside crp's 365-day look-back window. */
	private static boolean stale(int i) {
		return i % 25 == 3;
	}

	private static LocalDate index(int i) {
		return FIRST_INDEX.plusDays(2L * i);
	}

	/** CRP in mg/L to two decimals, so that the mg/dL copies convert back to the same number. */
	private static double crp(int i) {
		return Math.round(cohort.get(i).crp() * 100) / 100.0;
	}

	@BeforeAll
	static void startServer(@TempDir Path tomcatDir) throws Exception {
		List<RaProgressionCohort.Patient> generated = RaProgressionCohort.generate(20250303L, 400);
		List<RaProgressionCohort.Patient> events = generated.stream().filter(RaProgressionCohort.Patient::rapidProgression).limit(PATIENTS / 2).toList();
		List<RaProgressionCohort.Patient> others = generated.stream().filter(p -> !p.rapidProgression()).limit(PATIENTS / 2).toList();
		cohort = new ArrayList<>();
		for (int i = 0; i < PATIENTS / 2; i++) {
			cohort.add(others.get(i));
			cohort.add(events.get(i));
		}
		FeatureDefinitions definitions = FeatureDefinitions.fromClasspath();
		Coding crpCode = coding(definitions, "crp");
		Coding primeCode = coding(definitions, "prime-cell-signature");
		Store store = new Store();
		for (int i = 0; i < PATIENTS; i++) {
			if (absent(i)) {
				continue;
			}
			String id = String.format(Locale.ROOT, "p%03d", i);
			Patient patient = new Patient();
			patient.setId(id);
			patient.setBirthDateElement(new DateType(LocalDate.of(1960, 1, 1).plusDays(40L * i).toString()));
			patient.setGender(i % 2 == 0 ? Enumerations.AdministrativeGender.FEMALE : Enumerations.AdministrativeGender.MALE);
			store.patients.put(id, patient);
			LocalDate index = index(i);
			store.add(observation(id + "-prime", id, primeCode, index.minusDays(30), BigDecimal.valueOf(cohort.get(i).primeCell()), "{score}"));
			BigDecimal crp = BigDecimal.valueOf(crp(i));
			LocalDate drawn = stale(i) ? index.minusDays(400) : index.minusDays(10);
			store.add(i % 3 == 0 ? observation(id + "-crp", id, crpCode, drawn, crp.movePointLeft(1), "mg/dL")
					: observation(id + "-crp", id, crpCode, drawn, crp, "mg/L"));
			// After the index date: what happened next must not be an input.
			store.add(observation(id + "-crp-later", id, crpCode, index.plusDays(20), BigDecimal.valueOf(999), "mg/L"));
			Condition ra = new Condition();
			ra.setId(id + "-ra");
			ra.setSubject(new Reference("Patient/" + id));
			ra.setCode(new CodeableConcept(new Coding("http://snomed.info/sct", "69896004", "Rheumatoid arthritis")));
			store.add(ra);
		}
		RestfulServer server = new RestfulServer(FhirContext.forR4Cached());
		server.setResourceProviders(new PatientProvider(store), new SubjectSearch<>(Observation.class, store),
				new SubjectSearch<>(Condition.class, store));
		FifoMemoryPagingProvider paging = new FifoMemoryPagingProvider(1000);
		paging.setDefaultPageSize(2);
		paging.setMaximumPageSize(2);
		server.setPagingProvider(paging);
		server.setDefaultResponseEncoding(EncodingEnum.JSON);
		server.registerInterceptor(new TokenCheck());
		tomcat = new Tomcat();
		tomcat.setBaseDir(tomcatDir.toString());
		tomcat.setPort(0);
		Context context = tomcat.addContext("", tomcatDir.toString());
		Tomcat.addServlet(context, "fhir", server);
		context.addServletMappingDecoded("/fhir/*", "fhir");
		tomcat.getConnector();
		tomcat.start();
		base = "http://127.0.0.1:" + tomcat.getConnector().getLocalPort() + "/fhir";
	}

	@AfterAll
	static void stopServer() throws Exception {
		if (tomcat != null) {
			tomcat.stop();
			tomcat.destroy();
		}
	}

	@Test
	void trainingThroughFhirGivesTheModelOfTheValuesAsOfTheIndexDate() throws Exception {
		Path labels = labels();
		Path fhirOut = tmp.resolve("fhir");
		Command.Run run = Command.run("--mapping", mapping().toString(), "--fhir-base", base, "--labels", labels.toString(),
				"--bearer-token", TOKEN, "--out", fhirOut.toString());
		assertThat(run.exit()).as(run.err()).isZero();
		assertThat(run.err()).contains("Warning: the bearer token goes to " + base + " over plain http");
		long absent = java.util.stream.IntStream.range(0, PATIENTS).filter(FhirSourceTest::absent).count();
		long stale = java.util.stream.IntStream.range(0, PATIENTS).filter(i -> !absent(i) && stale(i)).count();
		assertThat(run.out()).contains("FHIR server " + base + " (FHIR 4.0.1): reading 96 patients", "patients fetched 9/96",
				"patients fetched 96/96", "patient not found on the FHIR server: " + absent,
				"missing crp: nothing on record in the 365 days up to the index date: " + stale,
				"Using " + (PATIENTS - absent - stale) + " rows");

		// The same patients from a CSV of the values as of each index date: the same model.
		Path csvOut = tmp.resolve("csv");
		Command.Run csvRun = Command.run("--mapping", mapping().toString(), "--csv", asOfIndexCsv().toString(), "--out", csvOut.toString());
		assertThat(csvRun.exit()).as(csvRun.err()).isZero();
		RiskModel fromFhir = Command.load(fhirOut, "site-ra-fhir");
		RiskModel fromCsv = Command.load(csvOut, "site-ra-fhir");
		var fhirArtifact = ((TrainedLogisticModel) fromFhir).artifact();
		var csvArtifact = ((TrainedLogisticModel) fromCsv).artifact();
		assertThat(fhirArtifact.inputs()).hasSize(2);
		for (int j = 0; j < 2; j++) {
			// A later CRP of 999 mg/L leaking in would move the mean by hundreds.
			assertThat(fhirArtifact.inputs().get(j).mean()).isCloseTo(csvArtifact.inputs().get(j).mean(), within(1e-9));
			assertThat(fhirArtifact.inputs().get(j).coefficient()).isCloseTo(csvArtifact.inputs().get(j).coefficient(), within(1e-9));
		}
		assertThat((Double) fhirArtifact.metrics().get("aurocHeldOut")).isCloseTo((Double) csvArtifact.metrics().get("aurocHeldOut"), within(1e-12));

		JsonNode provenance = Command.JSON.readTree(fhirOut.resolve("site-ra-fhir.json").toFile()).path("provenance");
		assertThat(provenance.path("dataSource").path("kind").asText()).isEqualTo("fhir");
		assertThat(provenance.path("dataSource").path("fhirBase").asText()).isEqualTo(base);
		assertThat(provenance.path("dataSource").path("sha256").asText()).isEqualTo(Hashes.sha256(Files.readAllBytes(labels)));
		assertThat(provenance.path("dataSource").path("patientsNotFound").asInt()).isEqualTo((int) absent);
		assertThat(provenance.path("trainingData").asText()).startsWith("LOCAL: the site's FHIR server");
		// the base URL stays in the provenance; the card (served without authentication) does not name it
		assertThat(Files.readString(fhirOut.resolve("site-ra-fhir.md"))).doesNotContain(base);
		// The token is a secret: in no output and no file.
		assertThat(run.out() + run.err()).doesNotContain(TOKEN);
		try (Stream<Path> files = Files.list(fhirOut)) {
			for (Path file : files.toList()) {
				assertThat(new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain(TOKEN);
			}
		}
		assertThat(Files.readString(fhirOut.resolve("site-ra-fhir.md"))).contains("Inputs were read from each patient's FHIR record");
	}

	@Test
	void theTokenMayComeFromTheEnvironment() throws Exception {
		// Five patients: the server lets the command read them all (no 401), then there are too few events to train.
		Path labels = Command.write(tmp, "five.csv", "patient_id,index_date,progressed\np000," + index(0) + ",0\np001," + index(1)
				+ ",1\np002," + index(2) + ",0\np004," + index(4) + ",0\np005," + index(5) + ",1\n");
		Command.Run run = Command.run(Map.of(TrainOnLocalData.TOKEN_VARIABLE, TOKEN), "--mapping", mapping().toString(), "--fhir-base",
				base, "--labels", labels.toString(), "--out", tmp.resolve("env").toString());
		assertThat(run.out()).contains("patients fetched 5/5");
		assertThat(run.err()).contains("Too few events for the logistic pipeline: 2 events and 3 non-events");
	}

	@Test
	void withoutTheTokenTheServerRefusesAndNothingIsWritten() throws Exception {
		Command.Run run = Command.run("--mapping", mapping().toString(), "--fhir-base", base, "--labels", labels().toString(),
				"--out", tmp.resolve("none").toString());
		assertThat(run.exit()).isEqualTo(1);
		assertThat(run.err()).contains("The FHIR server at " + base + " refused the request for metadata (HTTP 401): give a valid"
				+ " token with --bearer-token").doesNotContain("\tat ");
		assertThat(Command.files(tmp.resolve("none"))).isEmpty();
	}

	@Test
	void anUnreachableServerIsAClearError() throws Exception {
		Command.Run run = Command.run("--mapping", mapping().toString(), "--fhir-base", "http://127.0.0.1:1/fhir", "--labels",
				labels().toString(), "--out", tmp.resolve("none").toString());
		assertThat(run.exit()).isEqualTo(1);
		assertThat(run.err()).contains("Cannot reach the FHIR server at http://127.0.0.1:1/fhir (metadata)");
	}

	@Test
	void theFhirRouteNeedsTheIndexDate() throws Exception {
		ObjectNode mapping = (ObjectNode) Command.JSON.readTree(mapping().toFile());
		((ObjectNode) mapping.path("columns")).remove("indexDate");
		Command.Run run = Command.run("--mapping", Command.write(tmp, "no-index.json", mapping).toString(), "--fhir-base", base,
				"--labels", labels().toString(), "--bearer-token", TOKEN, "--out", tmp.resolve("none").toString());
		assertThat(run.exit()).isEqualTo(1);
		assertThat(run.err()).contains("no-index.json: columns.indexDate is required with --fhir-base");
	}

	@Test
	void labelsWithIdsThatAreNotFhirIdsAreRefusedBeforeAnyRequest() throws Exception {
		Path labels = Command.write(tmp, "bad-ids.csv", "patient_id,index_date,progressed\np000," + index(0) + ",0\n../p001,"
				+ index(1) + ",1\n");
		Command.Run run = Command.run("--mapping", mapping().toString(), "--fhir-base", base, "--labels", labels.toString(),
				"--bearer-token", TOKEN, "--out", tmp.resolve("none").toString());
		assertThat(run.exit()).isEqualTo(1);
		assertThat(run.err()).contains("bad-ids.csv, line 3, column \"patient_id\": \"../p001\" is not a FHIR Patient id");
		assertThat(run.out()).doesNotContain("FHIR server");
	}

	/** The example mapping, renamed; CRP's column and unit are not used by the FHIR route. */
	private Path mapping() {
		ObjectNode mapping = Command.mapping("ra-progression-mapping.json");
		((ObjectNode) mapping.path("model")).put("id", "site-ra-fhir");
		((ObjectNode) mapping.path("columns")).put("indexDate", "index_date").put("label", "progressed");
		return Command.write(tmp, "fhir-mapping.json", mapping);
	}

	private Path labels() {
		StringBuilder csv = new StringBuilder("patient_id,index_date,progressed\n");
		for (int i = 0; i < PATIENTS; i++) {
			// Some ids as references: "Patient/p001" and "p001" name the same patient.
			csv.append(i % 7 == 0 ? "Patient/" : "").append(String.format(Locale.ROOT, "p%03d", i)).append(',').append(index(i))
					.append(',').append(cohort.get(i).rapidProgression() ? 1 : 0).append('\n');
		}
		return Command.write(tmp, "labels.csv", csv.toString());
	}

	/** What a site would export for the same patients: the values before the index date, in the mapping's columns. */
	private Path asOfIndexCsv() {
		StringBuilder csv = new StringBuilder("patient_id,index_date,prime_cell_score,crp_mg_dl,progressed\n");
		for (int i = 0; i < PATIENTS; i++) {
			if (absent(i)) {
				continue;
			}
			csv.append(String.format(Locale.ROOT, "p%03d", i)).append(',').append(index(i)).append(',')
					.append(cohort.get(i).primeCell()).append(',').append(stale(i) ? "" : BigDecimal.valueOf(crp(i)).movePointLeft(1).toPlainString())
					.append(',').append(cohort.get(i).rapidProgression() ? 1 : 0).append('\n');
		}
		return Command.write(tmp, "as-of-index.csv", csv.toString());
	}

	private static Coding coding(FeatureDefinitions definitions, String name) {
		FeatureDefinition definition = definitions.all().stream().filter(d -> d.name().equals(name)).findFirst().orElseThrow();
		String[] code = definition.codes().get(0).split("\\|");
		return new Coding(code[0], code[1], name);
	}

	private static Observation observation(String id, String patient, Coding code, LocalDate date, BigDecimal value, String unit) {
		Observation observation = new Observation();
		observation.setId(id);
		observation.setStatus(Observation.ObservationStatus.FINAL);
		observation.setCode(new CodeableConcept(code));
		observation.setSubject(new Reference("Patient/" + patient));
		observation.setEffective(new DateTimeType(date.toString()));
		observation.setValue(new Quantity().setValue(value).setSystem("http://unitsofmeasure.org").setCode(unit).setUnit(unit));
		return observation;
	}

	/** The server's data: patients by id, other resources by subject. */
	private static final class Store {
		final Map<String, Patient> patients = new ConcurrentHashMap<>();
		final Map<String, List<Resource>> bySubject = new ConcurrentHashMap<>();

		void add(Resource resource) {
			Reference subject = resource instanceof Observation o ? o.getSubject() : ((Condition) resource).getSubject();
			bySubject.computeIfAbsent(subject.getReference(), k -> new ArrayList<>()).add(resource);
		}
	}

	public static final class PatientProvider implements IResourceProvider {
		private final Store store;

		PatientProvider(Store store) {
			this.store = store;
		}

		@Override
		public Class<Patient> getResourceType() {
			return Patient.class;
		}

		@Read
		public Patient read(@IdParam IdType id) {
			Patient patient = store.patients.get(id.getIdPart());
			if (patient == null) {
				throw new ResourceNotFoundException(id);
			}
			return patient;
		}
	}

	/** {@code GET [type]?subject=Patient/x} for Observation and Condition. */
	public static final class SubjectSearch<T extends Resource> implements IResourceProvider {
		private final Class<T> type;
		private final Store store;

		SubjectSearch(Class<T> type, Store store) {
			this.type = type;
			this.store = store;
		}

		@Override
		public Class<T> getResourceType() {
			return type;
		}

		@Search
		public List<T> search(@RequiredParam(name = "subject") ReferenceParam subject) {
			return store.bySubject.getOrDefault("Patient/" + subject.getIdPart(), List.of()).stream().filter(type::isInstance)
					.map(type::cast).toList();
		}
	}

	/** Every request needs the bearer token, as a hospital's FHIR server would want. */
	@Interceptor
	public static final class TokenCheck {
		@Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
		public void check(RequestDetails request) {
			if (!("Bearer " + TOKEN).equals(request.getHeader("Authorization"))) {
				throw new AuthenticationException("a bearer token is required");
			}
		}
	}
}
