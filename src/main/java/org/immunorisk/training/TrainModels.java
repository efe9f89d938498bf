package org.immunorisk.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.immunorisk.models.trained.LogisticArtifact;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Retrains ImmunoRisk's demonstration models from their seeded synthetic cohorts and writes, per model, the
 * artifact the server loads ({@code src/main/resources/immunorisk/models/trained/<id>.json}), the cohort as CSV
 * ({@code target/training/}) and a model card ({@code docs/model-cards/<id>.md}). Same seed, same bytes:
 * {@code TrainedModelsReproducibleTest} checks the shipped artifacts against a fresh run.
 *
 * <pre>mvn -q compile exec:java -Dexec.mainClass=org.immunorisk.training.TrainModels</pre>
 *
 * So far: the RA biologic-response, RA progression and SSc models (logistic), the NSCLC preCIRI random survival
 * forest (study D, {@link NsclcPreciriTraining}), the CRC radiomics pipeline (study E) and the UA → RA neural network
 * (study B, {@link UaRaMlpTraining}). IgG4-RD CART and forests (study A, {@link IgG4RdTraining}).
 */
public final class TrainModels {

	public static final long RA_BIOLOGIC_SEED = 20261121L;
	static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

	private static final String RA_B2 = "ImmunoRisk source study B2 (RA PBMC gene-expression signatures before biologics;"
			+ " CLINICAL.md §1): effect directions only. Trained by ImmunoRisk on a synthetic cohort.";
	private static final String SYNTHETIC_EVIDENCE = "None for patients: a demonstration model trained on synthetic data"
			+ " that follows the study's effect directions; not clinically validated.";
	/**
	 * Demonstration bands, not clinically derived: below 50% the model does not predict a poor response (the
	 * synthetic cohorts' base rate is about 40%, so lower bands would flag most patients); 50–75% possible; from
	 * 75% likely.
	 */
	private static final List<LogisticArtifact.RiskBand> RESPONSE_BANDS = List.of(
			new LogisticArtifact.RiskBand(0.5, "low", "poor response not predicted"),
			new LogisticArtifact.RiskBand(0.75, "moderate", "poor response possible"),
			new LogisticArtifact.RiskBand(null, "high", "poor response likely"));

	private TrainModels() {}

	/** A trained artifact with the data it came from ({@code cohortName}.csv). */
	public record Trained(LogisticArtifact artifact, String cohortName, String cohortCsv, LogisticTraining.Table table) {

		/** Trains {@code config} on {@code table}: the table stays with the artifact for the card's ROC plot. */
		static Trained of(LogisticTraining.Config config, LogisticTraining.Table table, Map<String, Object> data,
				String cohortName, String cohortCsv) {
			return new Trained(LogisticTraining.train(config, table, data), cohortName, cohortCsv, table);
		}
	}

	/** Every demonstration model, in a fixed order. */
	public static List<Trained> all() {
		List<Trained> all = new java.util.ArrayList<>();
		all.addAll(raBiologicResponse());
		all.addAll(raProgression());
		all.addAll(sscCellStates());
		return all;
	}

	public static void main(String[] args) throws IOException {
		Path artifacts = Path.of(args.length > 0 ? args[0] : "src/main/resources/immunorisk/models/trained");
		Path data = Path.of(args.length > 1 ? args[1] : "target/training");
		Path cards = Path.of(args.length > 2 ? args[2] : "docs/model-cards");
		Files.createDirectories(artifacts);
		Files.createDirectories(data);
		Files.createDirectories(cards);
		for (Trained trained : all()) {
			LogisticArtifact a = trained.artifact();
			Files.writeString(artifacts.resolve(a.id() + ".json"), json(a));
			Files.writeString(data.resolve(trained.cohortName() + ".csv"), trained.cohortCsv());
			Files.writeString(cards.resolve(a.id() + ".md"), ModelCard.markdown(a));
			Files.write(cards.resolve(CalibrationCard.plotFile(a.id())), ModelCard.calibrationPng(a));
			Files.write(cards.resolve(ModelCard.rocFile(a.id())), ModelCard.rocPng(a, trained.table()));
			@SuppressWarnings("unchecked")
			List<Double> ci = (List<Double>) a.metrics().get("aurocHeldOutCi95");
			System.out.printf(Locale.ROOT, "%-24s AUROC held-out %.3f (95%% CI %.3f–%.3f), n = %s%n", a.id(),
					(Double) a.metrics().get("aurocHeldOut"), ci.get(0), ci.get(1), a.metrics().get("nHeldOut"));
		}
		CrcRadiomicsTraining.write(crcTmbRadiomics(), artifacts, data, cards);
		NsclcPreciriTraining.write(artifacts, data, cards);
		UaRaMlpTraining.write(artifacts, data, cards); // study B: UA → RA neural network (smile-mlp)
		IgG4RdTraining.write(artifacts, data, cards);
	}

	/** The artifact as shipped (pretty JSON, trailing newline). */
	public static String json(LogisticArtifact artifact) throws IOException {
		return JSON.writeValueAsString(artifact) + "\n";
	}

	/** RA study B2: poor response to a TNF inhibitor, and to abatacept, from PBMC signature scores. */
	public static List<Trained> raBiologicResponse() {
		List<RaBiologicCohort.Patient> cohort = RaBiologicCohort.generate(RA_BIOLOGIC_SEED, 120, 80);
		String csv = RaBiologicCohort.csv(cohort);
		return List.of(
				trainFor(cohort, csv, "tnf-inhibitor", new LogisticTraining.Config("ra-tnfi-response", "0.1.0",
						"RA poor response to a TNF inhibitor (expression signatures, demo model)", "tnf-inhibitor-poor-response",
						"Research demonstration: probability of poor response to a TNF inhibitor from PBMC interferon, monocyte"
								+ " and PRIME-cell signature scores measured before the biologic. Trained on synthetic data; not"
								+ " for treatment decisions.", RA_B2, SYNTHETIC_EVIDENCE, RaBiologicCohort.SIGNATURES,
						RA_BIOLOGIC_SEED, 0.0, 0.2, 2000, RESPONSE_BANDS)),
				trainFor(cohort, csv, "abatacept", new LogisticTraining.Config("ra-abatacept-response", "0.1.0",
						"RA poor response to abatacept (expression signatures, demo model)", "abatacept-poor-response",
						"Research demonstration: probability of poor response to abatacept from PBMC interferon, monocyte and"
								+ " PRIME-cell signature scores measured before the biologic. Trained on synthetic data; not for"
								+ " treatment decisions.", RA_B2, SYNTHETIC_EVIDENCE, RaBiologicCohort.SIGNATURES,
						RA_BIOLOGIC_SEED, 0.0, 0.2, 2000, RESPONSE_BANDS)));
	}

	public static final long RA_PROGRESSION_SEED = 20261122L;
	public static final long SSC_SEED = 20261123L;

	/** RA study B2: rapid radiographic progression from the PRIME-cell signature and CRP. */
	public static List<Trained> raProgression() {
		List<RaProgressionCohort.Patient> cohort = RaProgressionCohort.generate(RA_PROGRESSION_SEED, 200);
		String csv = RaProgressionCohort.csv(cohort);
		double[][] x = cohort.stream().map(p -> new double[] {p.primeCell(), p.crp()}).toArray(double[][]::new);
		int[] y = cohort.stream().mapToInt(p -> p.rapidProgression() ? 1 : 0).toArray();
		return List.of(Trained.of(new LogisticTraining.Config("ra-rapid-progression", "0.1.0",
				"RA rapid radiographic progression on a biologic (PRIME-cell signature, CRP; demo model)",
				"rapid-radiographic-progression", "Research demonstration: probability of rapid radiographic progression"
						+ " after starting a biologic, from the PRIME-cell signature score and CRP before it. Trained on"
						+ " synthetic data; not for treatment decisions.", RA_B2, SYNTHETIC_EVIDENCE,
				List.of("prime-cell-signature", "crp"), RA_PROGRESSION_SEED, 0.0, 0.2, 2000, bands(0.3, 0.5)),
				new LogisticTraining.Table(x, y), provenance(RaProgressionCohort.GENERATOR, "RaProgressionCohort", csv,
						cohort.size(), cohort.size(), "patients starting a biologic"), "ra-progression-cohort", csv));
	}

	/** SSc study C: renal crisis from EGR1-high CD14+ monocytes; progressive ILD from CXCR3-high CD8+ T cells. */
	public static List<Trained> sscCellStates() {
		List<SscCellStateCohort.Patient> cohort = SscCellStateCohort.generate(SSC_SEED, 300);
		String csv = SscCellStateCohort.csv(cohort);
		String source = "ImmunoRisk source study C (SSc single-cell cell states; CLINICAL.md §1): effect directions only."
				+ " Trained by ImmunoRisk on a synthetic cohort.";
		double[][] egr1 = cohort.stream().map(p -> new double[] {p.egr1HighMonocytes()}).toArray(double[][]::new);
		double[][] cxcr3 = cohort.stream().map(p -> new double[] {p.cxcr3HighCd8()}).toArray(double[][]::new);
		Map<String, Object> data = provenance(SscCellStateCohort.GENERATOR, "SscCellStateCohort", csv, cohort.size(),
				cohort.size(), "patients with SSc");
		return List.of(
				Trained.of(new LogisticTraining.Config("ssc-renal-crisis-cells", "0.1.0",
						"SSc renal crisis from EGR1-high CD14+ monocytes (demo model)", "scleroderma-renal-crisis",
						"Research demonstration: probability of scleroderma renal crisis from the EGR1-high fraction of CD14+"
								+ " monocytes. Trained on synthetic data; not for treatment decisions.", source, SYNTHETIC_EVIDENCE,
						List.of("egr1-high-cd14-monocyte-fraction"), SSC_SEED, 0.0, 0.2, 2000, bands(0.1, 0.3)),
						new LogisticTraining.Table(egr1, cohort.stream().mapToInt(p -> p.renalCrisis() ? 1 : 0).toArray()), data,
						"ssc-cell-state-cohort", csv),
				Trained.of(new LogisticTraining.Config("ssc-ild-progression-cells", "0.1.0",
						"SSc progressive ILD from CXCR3-high CD8+ T cells (demo model)", "progressive-ssc-ild",
						"Research demonstration: probability of progressive SSc-associated ILD from the CXCR3-high fraction of"
								+ " CD8+ T cells. Trained on synthetic data; not for treatment decisions.", source, SYNTHETIC_EVIDENCE,
						List.of("cxcr3-high-cd8-t-cell-fraction"), SSC_SEED, 0.0, 0.2, 2000, bands(0.25, 0.5)),
						new LogisticTraining.Table(cxcr3, cohort.stream().mapToInt(p -> p.progressiveIld() ? 1 : 0).toArray()), data,
						"ssc-cell-state-cohort", csv));
	}

	/** Demonstration bands (not clinically derived): below {@code low} low, below {@code high} moderate, else high. */
	private static List<LogisticArtifact.RiskBand> bands(double low, double high) {
		return List.of(new LogisticArtifact.RiskBand(low, "low", "low risk"),
				new LogisticArtifact.RiskBand(high, "moderate", "moderate risk"),
				new LogisticArtifact.RiskBand(null, "high", "high risk"));
	}

	private static Map<String, Object> provenance(String generator, String className, String csv, int rows, int used,
			String who) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("trainingData", "SYNTHETIC: " + generator + " (org.immunorisk.training." + className + "), " + who);
		data.put("cohortSha256", sha256(csv));
		data.put("cohortRows", rows);
		data.put("rowsUsed", used);
		return data;
	}

	public static final long CRC_RADIOMICS_SEED = 20261204L;

	/** The CRC study E pipeline as shipped: its hyper-parameters are the manifest's provenance. */
	public static CrcRadiomicsTraining.Config crcTmbRadiomicsConfig() {
		return new CrcRadiomicsTraining.Config("crc-tmb-radiomics", "0.1.0",
				"CRC primary tumour TMB-high from CT radiomics (prone CT colonography, demo model)",
				"Research demonstration: probability that the primary colorectal tumour of a patient with liver metastases is"
						+ " TMB-high (>= 10 mut/Mb) from PyRadiomics features of the tumour on prone contrast CT colonography."
						+ " Trained on synthetic data; not for treatment decisions, and no substitute for sequencing.",
				"ImmunoRisk source study E (CRC with liver metastases, CT radiogenomics of TMB; CLINICAL.md §1, seed 004):"
						+ " pipeline and cohort design. Trained by ImmunoRisk on a synthetic cohort.", SYNTHETIC_EVIDENCE,
				CRC_RADIOMICS_SEED, new RadiomicsSelection.Settings(0.9, 0.05, 3, 200, 0.2, 3, 4, 3, 0.1, 0.8), 5, 5,
				List.of(1, 2, 3, 5, 8), List.of(50, 150), 2000, List.of(CrcRadiomicsCohort.Series.values()),
				CrcRadiomicsCohort.Series.PRIMARY_PRONE);
	}

	/** CRC study E: TMB-high from CT radiomics, nested CV on all four series, served model on prone CT colonography. */
	public static CrcRadiomicsTraining.Trained crcTmbRadiomics() {
		return CrcRadiomicsTraining.train(crcTmbRadiomicsConfig(), CrcRadiomicsCohort.generate(CRC_RADIOMICS_SEED));
	}

	private static Trained trainFor(List<RaBiologicCohort.Patient> cohort, String csv, String biologic,
			LogisticTraining.Config config) {
		List<RaBiologicCohort.Patient> treated = cohort.stream().filter(p -> p.biologic().equals(biologic)).toList();
		double[][] x = treated.stream().map(RaBiologicCohort.Patient::signatures).toArray(double[][]::new);
		int[] y = treated.stream().mapToInt(p -> p.poorResponse() ? 1 : 0).toArray();
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("trainingData", "SYNTHETIC: " + RaBiologicCohort.GENERATOR + " (org.immunorisk.training.RaBiologicCohort),"
				+ " patients starting " + biologic);
		data.put("cohortSha256", sha256(csv));
		data.put("cohortRows", cohort.size());
		data.put("rowsUsed", treated.size());
		return Trained.of(config, new LogisticTraining.Table(x, y), data, "ra-biologic-cohort", csv);
	}

	static String sha256(String text) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}
}
