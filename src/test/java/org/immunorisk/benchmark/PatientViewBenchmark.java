package org.immunorisk.benchmark;

import org.immunorisk.testsupport.Http;
import org.immunorisk.testsupport.ScenarioPatients;
import org.immunorisk.testsupport.ServerRun;
import org.immunorisk.testsupport.TestEhr;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * Benchmark harness for the CDS Hooks patient-view service (a command, not a test: it prints figures and asserts
 * nothing). Real server on a fresh H2 file database, real signed JWTs from a test EHR, real HTTP on localhost.
 * For concurrency 1, 8 and 32 it measures patient-view with the full prefetch supplied, patient-view with
 * server-side fetch (no prefetch: the service reads fhirServer, here this same server), and a plain
 * {@code GET /fhir/Patient/{id}} in the same run, and prints p50/p95/p99 and the ratio of p99s.
 *
 * <pre>mvn -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=org.immunorisk.benchmark.PatientViewBenchmark</pre>
 * Optional argument: requests per measurement (default 400).
 */
public final class PatientViewBenchmark {

	private static final String COMMAND = "mvn -q test-compile exec:java -Dexec.classpathScope=test "
			+ "-Dexec.mainClass=org.immunorisk.benchmark.PatientViewBenchmark";
	private static final List<String> SCENARIOS = List.of("igg4rd-high", "igg4rd-low", "ra-high", "ra-low", "ssc-high", "nsclc-high");
	private static final String PATH = "/cds-services/immunorisk-patient-view";

	public static void main(String[] args) {
		org.immunorisk.benchmark.BenchmarkMain.runAndExit(args, PatientViewBenchmark::benchmark);
	}

	private static void benchmark(String[] args) throws Exception {
		int requests = args.length > 0 ? Integer.parseInt(args[0]) : 400;
		String folder = "./target/benchmark-data/" + UUID.randomUUID();
		TestEhr ehr = TestEhr.get();
		try (ServerRun server = ServerRun.start(
				"spring.datasource.url=jdbc:h2:file:" + folder + "/h2",
				"spring.jpa.properties.hibernate.search.backend.directory.root=" + folder + "/lucene",
				"immunorisk.cds.trusted-issuers[0].iss=" + TestEhr.ISSUER,
				"immunorisk.cds.trusted-issuers[0].jwks-url=" + ehr.jwksUrl(),
				"immunorisk.cds.trusted-issuers[0].fhir-servers[0]=http://localhost:",
				"logging.level.root=WARN")) {
			Http http = server.http();
			List<String> withPrefetch = new ArrayList<>();
			List<String> serverFetch = new ArrayList<>();
			for (String scenario : SCENARIOS) {
				check(http.post("/fhir", "application/fhir+json", ScenarioPatients.redatedBundle(scenario)));
				withPrefetch.add(ScenarioPatients.patientView(scenario, null));
				serverFetch.add(ScenarioPatients.patientView(scenario, http.base() + "/fhir"));
			}
			String audience = http.base() + PATH;
			// Each call's JWT is signed when the call is prepared, before the timed run: an EHR signs on its own
			// machine, so its ES384 signing (about 1 ms of CPU) must not take this 2-core server's CPU or time.
			IntFunction<Supplier<Http.Response>> prefetched = i -> {
				String bearer = ehr.bearer(audience);
				return () -> http.send("POST", PATH, withPrefetch.get(i % withPrefetch.size()),
						"Content-Type", "application/json", "Authorization", bearer);
			};
			IntFunction<Supplier<Http.Response>> fetched = i -> {
				String bearer = ehr.bearer(audience);
				return () -> http.send("POST", PATH, serverFetch.get(i % serverFetch.size()),
						"Content-Type", "application/json", "Authorization", bearer);
			};
			IntFunction<Supplier<Http.Response>> plainRead = i -> () -> http.get("/fhir/Patient/"
					+ SCENARIOS.get(i % SCENARIOS.size()) + "-patient");

			measure(prefetched, 1, 60); // warm-up
			measure(fetched, 1, 60);
			measure(plainRead, 1, 60);

			System.out.println();
			System.out.println("ImmunoRisk CDS Hooks patient-view benchmark  (" + Runtime.getRuntime().availableProcessors()
					+ " cores, H2 file database, real HTTP and ES384 JWTs on localhost; tokens signed before each timed run, verified in it)");
			System.out.println("command: " + COMMAND);
			System.out.printf("%-11s %-34s %9s %9s %9s%n", "concurrency", "call", "p50 ms", "p95 ms", "p99 ms");
			for (int concurrency : new int[] {1, 8, 32}) {
				double[] a = measure(prefetched, concurrency, requests);
				double[] b = measure(fetched, concurrency, requests);
				double[] c = measure(plainRead, concurrency, requests);
				row(concurrency, "patient-view, prefetch supplied", a);
				row(concurrency, "patient-view, server-side fetch", b);
				row(concurrency, "GET /fhir/Patient/{id}", c);
				System.out.printf("%-11s %-34s %9.1fx%n", "", "p99 ratio prefetch / plain read", percentile(a, 99) / percentile(c, 99));
			}
		}
	}

	private static double[] measure(IntFunction<Supplier<Http.Response>> call, int concurrency, int requests) throws Exception {
		List<Supplier<Http.Response>> prepared = java.util.stream.IntStream.range(0, requests).mapToObj(call).toList();
		ExecutorService pool = Executors.newFixedThreadPool(concurrency);
		try {
			List<Future<Double>> timings = new ArrayList<>();
			for (int i = 0; i < requests; i++) {
				Supplier<Http.Response> request = prepared.get(i);
				timings.add(pool.submit(() -> {
					long start = System.nanoTime();
					check(request.get());
					return (System.nanoTime() - start) / 1e6;
				}));
			}
			double[] result = new double[requests];
			for (int i = 0; i < requests; i++) {
				result[i] = timings.get(i).get();
			}
			Arrays.sort(result);
			return result;
		} finally {
			pool.shutdown();
		}
	}

	private static void check(Http.Response response) {
		if (response.status() != 200) {
			throw new IllegalStateException("answered " + response.status() + ": " + response.body());
		}
	}

	private static void row(int concurrency, String call, double[] sorted) {
		System.out.printf("%-11d %-34s %9.1f %9.1f %9.1f%n", concurrency, call,
				percentile(sorted, 50), percentile(sorted, 95), percentile(sorted, 99));
	}

	private static double percentile(double[] sorted, int percentile) {
		int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
		return sorted[Math.max(0, Math.min(index, sorted.length - 1))];
	}
}
