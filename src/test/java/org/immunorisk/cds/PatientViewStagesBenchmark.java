package org.immunorisk.cds;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.immunorisk.assessment.Assessment;
import org.immunorisk.assessment.AssessmentService;
import org.immunorisk.features.FeatureDefinitions;
import org.immunorisk.features.FeatureExtractor;
import org.immunorisk.features.PatientRecord;
import org.immunorisk.features.UnitConverter;
import org.immunorisk.models.ModelRegistry;
import org.immunorisk.models.RiskModel;
import org.immunorisk.models.published.PublishedScores;
import org.immunorisk.models.trained.TrainedModels;
import org.immunorisk.testsupport.ScenarioPatients;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where a patient-view call's time goes inside the service, stage by stage, without HTTP or JWT (a command, not a
 * test: it prints figures and asserts nothing). Complements PatientViewBenchmark, which measures end to end.
 *
 * <pre>mvn -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=org.immunorisk.cds.PatientViewStagesBenchmark</pre>
 */
public final class PatientViewStagesBenchmark {

	private static final org.immunorisk.modelcards.ModelCardLinks LINKS = new org.immunorisk.modelcards.ModelCardLinks("https://cds.example.test");

	public static void main(String[] args) {
		org.immunorisk.benchmark.BenchmarkMain.runAndExit(args, PatientViewStagesBenchmark::benchmark);
	}

	private static void benchmark(String[] args) throws Exception {
		FhirContext fhir = FhirContext.forR4Cached();
		FeatureDefinitions definitions = FeatureDefinitions.fromClasspath();
		List<RiskModel> models = new ArrayList<>(PublishedScores.all());
		models.addAll(TrainedModels.fromClasspath());
		AssessmentService assessments = new AssessmentService(new ModelRegistry(models), new FeatureExtractor(definitions, new UnitConverter()));
		CardSuggestions suggestions = new CardSuggestions(fhir, definitions, LINKS);
		CdsServiceDescriptor service = CdsServiceCatalog.fromClasspath().find("immunorisk-patient-view").orElseThrow();
		ObjectMapper json = new ObjectMapper();
		List<String> bodies = new ArrayList<>();
		for (String scenario : List.of("igg4rd-high", "igg4rd-low", "ra-high", "ra-low", "ssc-high", "nsclc-high")) {
			bodies.add(ScenarioPatients.patientView(scenario, null));
		}
		org.immunorisk.testsupport.TestEhr ehr = org.immunorisk.testsupport.TestEhr.get();
		CdsJwtVerifier verifier = new CdsJwtVerifier(List.of(new TrustedIssuer(org.immunorisk.testsupport.TestEhr.ISSUER,
				java.net.URI.create(ehr.jwksUrl()), List.of())), new IssuerKeySets(), java.time.Clock.systemUTC(), java.time.Duration.ofSeconds(60));
		String audience = "https://cds.example/cds-services/immunorisk-patient-view";
		List<String> tokens = new ArrayList<>();
		for (int i = 0; i < 800; i++) {
			tokens.add(ehr.bearer(audience));
		}
		long[] stage = new long[6];
		int rounds = 600;
		long bytesOut = 0;
		for (int i = 0; i < rounds + 200; i++) {
			String body = bodies.get(i % bodies.size());
			long tj = System.nanoTime();
			verifier.verify(tokens.get(i), audience);
			long t0 = System.nanoTime();
			JsonNode tree = json.readTree(body);
			HookRequest call = CdsRequestValidator.validate(service, tree);
			long t1 = System.nanoTime();
			PatientRecord record = PrefetchRecord.resolve(call, Optional.empty(), fhir).record().orElseThrow();
			long t2 = System.nanoTime();
			Assessment assessment = assessments.assess(record, service.models(), FeatureExtractor.today());
			long t3 = System.nanoTime();
			List<Map<String, Object>> cards = CardFactory.cards(service, assessment, List.of(), suggestions, LINKS);
			long t4 = System.nanoTime();
			byte[] out = json.writeValueAsBytes(Map.of("cards", cards));
			long t5 = System.nanoTime();
			if (i >= 200) { // after warm-up
				stage[5] += t0 - tj;
				stage[0] += t1 - t0; stage[1] += t2 - t1; stage[2] += t3 - t2; stage[3] += t4 - t3; stage[4] += t5 - t4;
				bytesOut += out.length;
			}
		}
		String[] names = {"parse + validate request", "prefetch → PatientRecord (HAPI parse)", "assessment (features + models)",
				"cards (incl. RiskAssessment JSON)", "response JSON", "JWT verification (ES384)"};
		System.out.printf("patient-view stages, mean of %d calls over 6 scenarios (request ~%d KB, response ~%d KB)%n", rounds,
				bodies.stream().mapToInt(String::length).sum() / bodies.size() / 1024, bytesOut / rounds / 1024);
		for (int s = 0; s < names.length; s++) {
			System.out.printf("  %-42s %7.3f ms%n", names[s], stage[s] / 1e6 / rounds);
		}
	}
}
