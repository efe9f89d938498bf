package org.immunorisk.benchmark;

import org.immunorisk.assessment.AssessmentService;
import org.immunorisk.features.FeatureDefinitions;
import org.immunorisk.features.FeatureExtractor;
import org.immunorisk.features.PatientRecord;
import org.immunorisk.features.UnitConverter;
import org.immunorisk.models.ModelRegistry;
import org.immunorisk.models.published.PublishedScores;
import org.immunorisk.testsupport.Http;
import org.immunorisk.testsupport.ScenarioPatients;
import org.immunorisk.testsupport.ServerRun;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Benchmark harness for {@code $risk-assess} (a command, not a test: it prints figures and asserts nothing).
 * Starts the real server on a fresh H2 file database, loads the test bundles, then measures
 * (1) latency of one-patient {@code POST Patient/{id}/$risk-assess} over the scenario patients, and
 * (2) throughput over 1,000 generated patients (copies of the scenario patients under new ids), assessed with
 * the many-patient form in calls of 100.
 *
 * <pre>mvn -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=org.immunorisk.benchmark.RiskAssessBenchmark</pre>
 * Optional arguments: latency calls (default 300), generated patients (default 1000).
 */
public final class RiskAssessBenchmark {

	private static final String COMMAND = "mvn -q test-compile exec:java -Dexec.classpathScope=test "
			+ "-Dexec.mainClass=org.immunorisk.benchmark.RiskAssessBenchmark";
	private static final List<String> SCENARIOS = List.of("igg4rd-high", "igg4rd-low", "igg4rd-missing-igg4", "ra-high",
			"ra-low", "ra-convertible-units", "ssc-high", "ssc-low", "nsclc-high", "nsclc-low", "crc-high", "crc-low");
	private static final String DATE_PARAMETERS = "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"date\",\"valueDate\":\"2026-06-30\"}]}";

	public static void main(String[] args) {
		org.immunorisk.benchmark.BenchmarkMain.runAndExit(args, RiskAssessBenchmark::benchmark);
	}

	private static void benchmark(String[] args) throws Exception {
		int latencyCalls = args.length > 0 ? Integer.parseInt(args[0]) : 300;
		int generated = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
		double inProcessMicros = inProcessAssessmentMicros();
		String folder = "./target/benchmark-data/" + UUID.randomUUID();
		try (ServerRun server = ServerRun.start(
				"spring.datasource.url=jdbc:h2:file:" + folder + "/h2",
				"spring.jpa.properties.hibernate.search.backend.directory.root=" + folder + "/lucene",
				"logging.level.root=WARN")) {
			Http http = server.http();
			for (String scenario : SCENARIOS) {
				post(http, "/fhir", bundle(scenario));
			}
			post(http, "/fhir", bundle("no-domain-data"));

			// Warm-up: JIT, validator snapshots, connection pool.
			for (int i = 0; i < 60; i++) {
				post(http, "/fhir/Patient/" + SCENARIOS.get(i % SCENARIOS.size()) + "-patient/$risk-assess", DATE_PARAMETERS);
			}

			double[] latencies = new double[latencyCalls];
			for (int i = 0; i < latencyCalls; i++) {
				String patient = SCENARIOS.get(i % SCENARIOS.size()) + "-patient";
				long start = System.nanoTime();
				post(http, "/fhir/Patient/" + patient + "/$risk-assess", DATE_PARAMETERS);
				latencies[i] = (System.nanoTime() - start) / 1e6;
			}

			List<String> patients = new ArrayList<>();
			for (int i = 0; i < generated; i++) {
				String scenario = SCENARIOS.get(i % SCENARIOS.size());
				String prefix = "bench" + i + "-";
				post(http, "/fhir", bundle(scenario).replace(scenario + "-", prefix + scenario + "-"));
				patients.add("Patient/" + prefix + scenario + "-patient");
			}
			long start = System.nanoTime();
			for (int from = 0; from < patients.size(); from += 100) {
				post(http, "/fhir/Patient/$risk-assess", manyPatients(patients.subList(from, Math.min(from + 100, patients.size()))));
			}
			double seconds = (System.nanoTime() - start) / 1e9;

			Arrays.sort(latencies);
			System.out.println();
			System.out.println("ImmunoRisk $risk-assess benchmark  (" + Runtime.getRuntime().availableProcessors() + " cores, "
					+ "H2 file database, real HTTP on localhost)");
			System.out.println("command: " + COMMAND);
			System.out.printf("one patient, POST Patient/{id}/$risk-assess, %d calls over %d scenario patients:%n",
					latencyCalls, SCENARIOS.size());
			System.out.printf("  p50 %.1f ms   p95 %.1f ms   p99 %.1f ms   max %.1f ms%n",
					percentile(latencies, 50), percentile(latencies, 95), percentile(latencies, 99), latencies[latencies.length - 1]);
			System.out.printf("%d generated patients, POST Patient/$risk-assess in calls of 100: %.1f s, %.0f patients/s%n",
					generated, seconds, generated / seconds);
			System.out.printf("in process, no HTTP or database: inputs + all models for one patient record: %.1f us "
					+ "(mean over the 13 scenario records)%n", inProcessMicros);
		}
	}

	/** Feature extraction plus every model, on records already in memory: the cost of the engine itself. */
	private static double inProcessAssessmentMicros() throws Exception {
		AssessmentService service = new AssessmentService(new ModelRegistry(PublishedScores.all()),
				new FeatureExtractor(FeatureDefinitions.fromClasspath(), new UnitConverter()));
		List<PatientRecord> records = new ArrayList<>();
		for (String scenario : SCENARIOS) {
			records.add(ScenarioPatients.record(scenario));
		}
		records.add(ScenarioPatients.record("no-domain-data"));
		LocalDate date = LocalDate.of(2026, 6, 30);
		for (int i = 0; i < 20_000; i++) { // warm-up
			service.assess(records.get(i % records.size()), List.of(), date);
		}
		int rounds = 50_000;
		long start = System.nanoTime();
		for (int i = 0; i < rounds; i++) {
			service.assess(records.get(i % records.size()), List.of(), date);
		}
		return (System.nanoTime() - start) / 1e3 / rounds;
	}

	private static String bundle(String scenario) throws Exception {
		return Files.readString(Path.of("test-bundles", scenario + ".json"));
	}

	private static String manyPatients(List<String> patients) {
		StringBuilder json = new StringBuilder("{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"date\",\"valueDate\":\"2026-06-30\"}");
		for (String patient : patients) {
			json.append(",{\"name\":\"patient\",\"valueReference\":{\"reference\":\"").append(patient).append("\"}}");
		}
		return json.append("]}").toString();
	}

	private static void post(Http http, String path, String body) {
		Http.Response response = http.post(path, "application/fhir+json", body);
		if (response.status() != 200) {
			throw new IllegalStateException(path + " answered " + response.status() + ": " + response.body());
		}
	}

	private static double percentile(double[] sorted, int percentile) {
		int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
		return sorted[Math.max(0, Math.min(index, sorted.length - 1))];
	}
}
