package org.immunorisk.benchmark;

import org.immunorisk.assessment.AssessmentService;
import org.immunorisk.features.Feature;
import org.immunorisk.features.FeatureDefinitions;
import org.immunorisk.features.FeatureExtractor;
import org.immunorisk.features.FeatureVector;
import org.immunorisk.features.PatientRecord;
import org.immunorisk.features.UnitConverter;
import org.immunorisk.models.ModelRegistry;
import org.immunorisk.models.Prediction;
import org.immunorisk.models.RiskModel;
import org.immunorisk.models.published.PublishedScores;
import org.immunorisk.models.trained.TrainedModels;
import org.immunorisk.testsupport.ScenarioPatients;
import org.immunorisk.training.CrcRadiomicsCohort;
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

import java.lang.management.ManagementFactory;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Scoring time of one patient, model by model (issue 8: "scoring one patient stays in the microseconds-to-milliseconds
 * range; measure it in the benchmark harness"). A command, not a test: it prints figures and asserts nothing.
 *
 * <p>Loads every shipped trained model ({@link TrainedModels#fromClasspath()}) and every published score, and gives
 * each the inputs it would see: the 13 scenario bundles through the server's {@link FeatureExtractor} (as of
 * 2026-06-30, as {@code RiskAssessBenchmark}), and patients of the seeded synthetic cohorts the trained models came
 * from, as the feature extractor would name them (the bundles cannot compute {@code nsclc-preciri-rsf} or
 * {@code crc-tmb-radiomics}, and give the others one or two patients). Only inputs on which the model applies and
 * computes are kept. Per model, on one thread: warm-up, then each {@code predict} call timed on its own
 * ({@link System#nanoTime()}, whose own cost, a few tens of ns, is included), rotating over the patients; p50, p95,
 * p99 and mean in µs. Then the in-process assessment of a whole record (feature extraction plus every applicable
 * model, published and trained), per scenario record.
 *
 * <pre>mvn -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=org.immunorisk.benchmark.ModelScoringBenchmark</pre>
 * Optional arguments: timed calls per model (default 20000), warm-up calls per model (default 5000).
 */
public final class ModelScoringBenchmark {

	private static final String COMMAND = "mvn -q test-compile exec:java -Dexec.classpathScope=test "
			+ "-Dexec.mainClass=org.immunorisk.benchmark.ModelScoringBenchmark";
	private static final List<String> SCENARIOS = List.of("igg4rd-high", "igg4rd-low", "igg4rd-missing-igg4", "ra-high",
			"ra-low", "ra-convertible-units", "ssc-high", "ssc-low", "nsclc-high", "nsclc-low", "crc-high", "crc-low",
			"no-domain-data");
	private static final LocalDate AS_OF = LocalDate.of(2026, 6, 30);
	/** Synthetic patients taken per cohort at most. */
	private static final int PER_COHORT = 200;

	/** Defeats dead-code elimination of the timed calls. */
	private static double sink;

	private ModelScoringBenchmark() {}

	public static void main(String[] args) throws Exception {
		int calls = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
		int warmUp = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
		int status = 0;
		try {
			run(calls, warmUp);
		} catch (Throwable e) {
			e.printStackTrace();
			status = 1;
		} finally {
			System.exit(status); // exec:java waits for every non-daemon thread before it returns: exit explicitly
		}
	}

	private static void run(int calls, int warmUp) throws Exception {
		long loadStart = System.nanoTime();
		List<RiskModel> trained = TrainedModels.fromClasspath();
		double loadMs = (System.nanoTime() - loadStart) / 1e6;
		List<RiskModel> models = new ArrayList<>(PublishedScores.all());
		models.addAll(trained);
		FeatureExtractor extractor = new FeatureExtractor(FeatureDefinitions.fromClasspath(), new UnitConverter());

		List<PatientRecord> records = new ArrayList<>();
		List<FeatureVector> scenarioInputs = new ArrayList<>();
		for (String scenario : SCENARIOS) {
			PatientRecord record = ScenarioPatients.record(scenario);
			records.add(record);
			scenarioInputs.add(extractor.extract(record, AS_OF));
		}
		Map<String, List<FeatureVector>> cohorts = syntheticInputs();

		System.out.println();
		System.out.println("ImmunoRisk model scoring benchmark: one patient, one thread, " + Runtime.getRuntime().availableProcessors()
				+ " cores, " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + ", heap max "
				+ Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB, load average at start "
				+ String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
		System.out.println("command: " + COMMAND);
		System.out.printf(Locale.ROOT, "trained models loaded from the classpath in %.0f ms (%d models); %d timed calls per model after"
				+ " %d warm-up calls%n%n", loadMs, trained.size(), calls, warmUp);
		System.out.printf(Locale.ROOT, "%-32s %-18s %6s %6s %9s %9s %9s %9s%n", "model", "kind", "inputs", "(syn.)", "p50 µs",
				"p95 µs", "p99 µs", "mean µs");
		for (RiskModel model : models) {
			List<FeatureVector> inputs = new ArrayList<>();
			for (FeatureVector v : scenarioInputs) {
				if (computes(model, v)) {
					inputs.add(v);
				}
			}
			int fromScenarios = inputs.size();
			for (List<FeatureVector> cohort : cohorts.values()) {
				for (FeatureVector v : cohort) {
					if (computes(model, v)) {
						inputs.add(v);
					}
				}
			}
			String kind = model.description().kind().toString().toLowerCase(Locale.ROOT);
			if (trained.contains(model)) {
				kind = model.getClass().getSimpleName().replace("Trained", "").replace("Model", "");
			}
			if (inputs.isEmpty()) {
				System.out.printf(Locale.ROOT, "%-32s %-18s %6d %6s %s%n", model.description().id(), kind, 0, "", "no input on which it computes");
				continue;
			}
			double[] micros = time(model, inputs, calls, warmUp);
			System.out.printf(Locale.ROOT, "%-32s %-18s %6d %6d %9.2f %9.2f %9.2f %9.2f%n", model.description().id(), kind, inputs.size(),
					inputs.size() - fromScenarios, percentile(micros, 50), percentile(micros, 95), percentile(micros, 99), mean(micros));
		}

		// The whole record in process: feature extraction and every applicable model, as $risk-assess runs it (no HTTP, no database).
		AssessmentService service = new AssessmentService(new ModelRegistry(models), extractor);
		for (int i = 0; i < Math.max(warmUp, 2_000); i++) {
			sink += service.assess(records.get(i % records.size()), List.of(), AS_OF).results().size();
		}
		int rounds = Math.max(2_000, calls / 2);
		double[] assess = new double[rounds];
		for (int i = 0; i < rounds; i++) {
			PatientRecord record = records.get(i % records.size());
			long start = System.nanoTime();
			sink += service.assess(record, List.of(), AS_OF).results().size();
			assess[i] = (System.nanoTime() - start) / 1e3;
		}
		Arrays.sort(assess);
		System.out.printf(Locale.ROOT, "%nin process, one scenario record: feature extraction + every applicable model (%d published,"
				+ " %d trained), %d calls over the %d records:%n  p50 %.1f µs   p95 %.1f µs   p99 %.1f µs   mean %.1f µs%n",
				models.size() - trained.size(), trained.size(), rounds, records.size(), percentile(assess, 50), percentile(assess, 95),
				percentile(assess, 99), mean(assess));
		System.out.println("(sink " + (sink > 0 ? "+" : "-") + ")");
	}

	private static boolean computes(RiskModel model, FeatureVector v) {
		if (!model.isApplicable(v)) {
			return false;
		}
		Prediction p = model.predict(v);
		return p.computed();
	}

	/** Each call timed on its own, after the warm-up; sorted, in µs. */
	private static double[] time(RiskModel model, List<FeatureVector> inputs, int calls, int warmUp) {
		int n = inputs.size();
		for (int i = 0; i < warmUp; i++) {
			sink += weight(model.predict(inputs.get(i % n)));
		}
		double[] micros = new double[calls];
		for (int i = 0; i < calls; i++) {
			FeatureVector v = inputs.get(i % n);
			long start = System.nanoTime();
			Prediction p = model.predict(v);
			long end = System.nanoTime();
			sink += weight(p);
			micros[i] = (end - start) / 1e3;
		}
		Arrays.sort(micros);
		return micros;
	}

	private static double weight(Prediction p) {
		return p.probability() != null ? p.probability() : p.score() != null ? p.score() : 1;
	}

	/**
	 * Patients of the seeded synthetic cohorts the trained models were trained on, as the feature extractor names
	 * their inputs (at most {@value #PER_COHORT} per cohort).
	 */
	static Map<String, List<FeatureVector>> syntheticInputs() {
		Map<String, List<FeatureVector>> cohorts = new LinkedHashMap<>();
		List<FeatureVector> ra = new ArrayList<>();
		for (RaBiologicCohort.Patient p : first(RaBiologicCohort.generate(TrainModels.RA_BIOLOGIC_SEED, 120, 80))) {
			ra.add(FeatureVector.builder().number("interferon-signature", p.interferon(), "1").number("monocyte-signature", p.monocyte(), "1")
					.number("prime-cell-signature", p.primeCell(), "1").build());
		}
		cohorts.put("RaBiologicCohort", ra);
		List<FeatureVector> progression = new ArrayList<>();
		for (RaProgressionCohort.Patient p : first(RaProgressionCohort.generate(TrainModels.RA_PROGRESSION_SEED, 200))) {
			progression.add(FeatureVector.builder().number("prime-cell-signature", p.primeCell(), "1").number("crp", p.crp(), "mg/L").build());
		}
		cohorts.put("RaProgressionCohort", progression);
		List<FeatureVector> ssc = new ArrayList<>();
		for (SscCellStateCohort.Patient p : first(SscCellStateCohort.generate(TrainModels.SSC_SEED, 300))) {
			ssc.add(FeatureVector.builder().number("egr1-high-cd14-monocyte-fraction", p.egr1HighMonocytes(), "%")
					.number("cxcr3-high-cd8-t-cell-fraction", p.cxcr3HighCd8(), "%").build());
		}
		cohorts.put("SscCellStateCohort", ssc);
		List<FeatureVector> ua = new ArrayList<>();
		for (UndifferentiatedArthritisCohort.Patient p : first(UndifferentiatedArthritisCohort.generate(UndifferentiatedArthritisCohort.ANSWER,
				UaRaMlpTraining.SEED + 1))) {
			ua.add(p.features());
		}
		cohorts.put("UndifferentiatedArthritisCohort", ua);
		List<FeatureVector> igg4 = new ArrayList<>();
		List<FeatureVector> igg4Missing = new ArrayList<>();
		for (IgG4RdCohort.Patient p : first(IgG4RdCohort.generate(IgG4RdTraining.SEED))) {
			FeatureVector full = IgG4RdTraining.inputsOf(p);
			igg4.add(full);
			FeatureVector.Builder without = FeatureVector.builder(); // the variant served when serum IgG4 is missing
			for (Feature f : full.features()) {
				if (!f.name().equals("serum-igg4")) {
					without.add(f);
				}
			}
			igg4Missing.add(without.build());
		}
		cohorts.put("IgG4RdCohort", igg4);
		cohorts.put("IgG4RdCohort without serum IgG4", igg4Missing);
		List<FeatureVector> nsclc = new ArrayList<>();
		for (NsclcCytokineCohort.Patient p : first(NsclcCytokineCohort.generate(NsclcPreciriTraining.SEED))) {
			FeatureVector.Builder b = FeatureVector.builder().number("age", p.age(), "a").code("sex", p.sex())
					.number("nsclc-stage", p.stage(), "1").number("bmi", p.bmi(), "kg/m2").number("albumin", p.albumin(), "g/dL")
					.number("nlr", p.nlr(), "{ratio}").number("pdl1-tps", p.pdl1Tps(), "%");
			for (int j = 0; j < NsclcCytokineCohort.PANEL.size(); j++) {
				b.number(NsclcCytokineCohort.PANEL.get(j).feature(), p.cytokines()[j], "pg/mL");
			}
			nsclc.add(b.build());
		}
		cohorts.put("NsclcCytokineCohort", nsclc);
		List<FeatureVector> crc = new ArrayList<>();
		for (CrcRadiomicsCohort.Patient p : first(CrcRadiomicsCohort.generate(TrainModels.CRC_RADIOMICS_SEED))) {
			FeatureVector.Builder b = FeatureVector.builder();
			for (Map.Entry<CrcRadiomicsCohort.Series, double[]> series : p.features().entrySet()) {
				for (int j = 0; j < CrcRadiomicsCohort.FEATURES.size(); j++) {
					b.number(CrcRadiomicsTraining.inputName(series.getKey(), CrcRadiomicsCohort.FEATURES.get(j)), series.getValue()[j], "1");
				}
			}
			crc.add(b.build());
		}
		cohorts.put("CrcRadiomicsCohort", crc);
		return cohorts;
	}

	private static <T> List<T> first(List<T> cohort) {
		return cohort.subList(0, Math.min(PER_COHORT, cohort.size()));
	}

	private static double percentile(double[] sorted, int percentile) {
		int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
		return sorted[Math.max(0, Math.min(index, sorted.length - 1))];
	}

	private static double mean(double[] values) {
		return Arrays.stream(values).sum() / values.length;
	}
}
