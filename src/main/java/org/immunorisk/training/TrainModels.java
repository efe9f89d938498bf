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
 * So far: the RA biologic-response models (study B2). The other studies' pipelines are still to come (issue 5).
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

	/** A trained artifact with the data it came from. */
	public record Trained(LogisticArtifact artifact, String cohortCsv) {}

	public static void main(String[] args) throws IOException {
		Path artifacts = Path.of(args.length > 0 ? args[0] : "src/main/resources/immunorisk/models/trained");
		Path data = Path.of(args.length > 1 ? args[1] : "target/training");
		Path cards = Path.of(args.length > 2 ? args[2] : "docs/model-cards");
		Files.createDirectories(artifacts);
		Files.createDirectories(data);
		Files.createDirectories(cards);
		for (Trained trained : raBiologicResponse()) {
			LogisticArtifact a = trained.artifact();
			Files.writeString(artifacts.resolve(a.id() + ".json"), json(a));
			Files.writeString(data.resolve("ra-biologic-cohort.csv"), trained.cohortCsv());
			Files.writeString(cards.resolve(a.id() + ".md"), ModelCard.markdown(a));
			@SuppressWarnings("unchecked")
			List<Double> ci = (List<Double>) a.metrics().get("aurocHeldOutCi95");
			System.out.printf(Locale.ROOT, "%-24s AUROC held-out %.3f (95%% CI %.3f–%.3f), n = %s%n", a.id(),
					(Double) a.metrics().get("aurocHeldOut"), ci.get(0), ci.get(1), a.metrics().get("nHeldOut"));
		}
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
				new Trained(trainFor(cohort, csv, "tnf-inhibitor", new LogisticTraining.Config("ra-tnfi-response", "0.1.0",
						"RA poor response to a TNF inhibitor (expression signatures, demo model)", "tnf-inhibitor-poor-response",
						"Research demonstration: probability of poor response to a TNF inhibitor from PBMC interferon, monocyte"
								+ " and PRIME-cell signature scores measured before the biologic. Trained on synthetic data; not"
								+ " for treatment decisions.", RA_B2, SYNTHETIC_EVIDENCE, RaBiologicCohort.SIGNATURES,
						RA_BIOLOGIC_SEED, 0.0, 0.2, 2000, RESPONSE_BANDS)), csv),
				new Trained(trainFor(cohort, csv, "abatacept", new LogisticTraining.Config("ra-abatacept-response", "0.1.0",
						"RA poor response to abatacept (expression signatures, demo model)", "abatacept-poor-response",
						"Research demonstration: probability of poor response to abatacept from PBMC interferon, monocyte and"
								+ " PRIME-cell signature scores measured before the biologic. Trained on synthetic data; not for"
								+ " treatment decisions.", RA_B2, SYNTHETIC_EVIDENCE, RaBiologicCohort.SIGNATURES,
						RA_BIOLOGIC_SEED, 0.0, 0.2, 2000, RESPONSE_BANDS)), csv));
	}

	private static LogisticArtifact trainFor(List<RaBiologicCohort.Patient> cohort, String csv, String biologic,
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
		return LogisticTraining.train(config, new LogisticTraining.Table(x, y), data);
	}

	static String sha256(String text) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}
}
