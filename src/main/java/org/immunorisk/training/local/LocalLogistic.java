package org.immunorisk.training.local;

import org.immunorisk.models.Prediction;
import org.immunorisk.models.RiskModel;
import org.immunorisk.models.trained.LogisticArtifact;
import org.immunorisk.training.CalibrationCard;
import org.immunorisk.training.CalibrationPlot;
import org.immunorisk.training.LogisticTraining;
import org.immunorisk.training.RocPlot;
import org.immunorisk.training.TrainModels;
import smile.validation.metric.AUC;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The RA/SSc logistic pipeline ({@link LogisticTraining}: stratified held-out split, standardised inputs, Smile's
 * logistic regression, held-out AUROC with a bootstrap CI) on a site's data, unchanged: its artifact is copied with
 * the fields that make it a local model (not synthetic, the local trainer, the date, the evidence line).
 */
final class LocalLogistic {

	/** Events and non-events each part of the split needs at least, for an AUROC that means something. */
	static final int MIN_PER_PART = 10;

	private LocalLogistic() {}

	static Trained train(Mapping mapping, LocalData data, LocalDate today, PrintStream out) {
		Mapping.Logistic settings = (Mapping.Logistic) mapping.pipeline();
		Mapping.Model model = mapping.model();
		int[] y = data.label();
		Pipelines.enoughEvents(Mapping.LOGISTIC, y, settings.heldOutFraction(), MIN_PER_PART, true);
		Pipelines.inputsVary(mapping, data);
		Pipelines.eventsPerInput(y, mapping.inputs().size(), out);
		String evidence = Pipelines.evidence(mapping);
		String citation = Pipelines.citation(mapping, data, today);
		List<String> inputs = mapping.inputs().stream().map(Mapping.Input::name).toList();
		LogisticTraining.Config config = new LogisticTraining.Config(model.id(), model.version(), model.title(), model.outcome(),
				model.intendedUse(), citation, evidence, inputs, settings.seed(), settings.lambda(), settings.heldOutFraction(),
				settings.bootstrapResamples(), settings.riskBands());
		out.printf(Locale.ROOT, "Training: logistic regression (Smile, BFGS, lambda %s) on standardised inputs; stratified split,"
				+ " %s held out (seed %d)%n", Numbers.plain(settings.lambda()), Numbers.percent(settings.heldOutFraction()), settings.seed());
		LogisticArtifact fitted;
		try {
			fitted = LogisticTraining.train(config, new LogisticTraining.Table(data.x(), y), data.provenance(mapping));
		} catch (IllegalArgumentException e) { // e.g. an input constant within the training part only
			throw new LocalTrainingException("The logistic pipeline cannot train on these data: " + e.getMessage());
		}
		Map<String, Object> provenance = new LinkedHashMap<>(fitted.provenance());
		provenance.put("trainer", Pipelines.TRAINER);
		provenance.put("trainedOn", today.toString());
		LogisticArtifact artifact = new LogisticArtifact(fitted.kind(), fitted.id(), fitted.version(), fitted.title(),
				fitted.outcome(), fitted.intendedUse(), fitted.citation(), fitted.evidenceLevel(), model.syntheticData(), fitted.inputs(),
				fitted.intercept(), fitted.riskBands(), provenance, fitted.metrics());
		String manifest;
		try {
			manifest = TrainModels.json(artifact);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		Map<String, Object> m = artifact.metrics();
		@SuppressWarnings("unchecked")
		List<Double> ci = (List<Double>) m.get("aurocHeldOutCi95");
		out.printf(Locale.ROOT, "Evaluation: held-out AUROC %.3f (95%% CI %.3f-%.3f; n = %s, %s events); training AUROC %.3f (n = %s)%n",
				(Double) m.get("aurocHeldOut"), ci.get(0), ci.get(1), m.get("nHeldOut"), m.get("eventsHeldOut"),
				(Double) m.get("aurocTraining"), m.get("nTraining"));

		// The ROC curves are drawn from what the served model says, and its held-out AUROC must be the manifest's.
		RiskModel served = Pipelines.load(model.id(), manifest, Map.of());
		LogisticTraining.Split split = LogisticTraining.split(y, settings.heldOutFraction(), settings.seed());
		int[] yTest = split.test().stream().mapToInt(i -> y[i]).toArray();
		int[] yTrain = split.train().stream().mapToInt(i -> y[i]).toArray();
		double[] pTest = probabilities(Pipelines.predict(served, mapping, data, split.test()));
		double[] pTrain = probabilities(Pipelines.predict(served, mapping, data, split.train()));
		double servedAuc = AUC.of(yTest, pTest);
		if (Math.abs(servedAuc - (Double) m.get("aurocHeldOut")) > 1e-9) {
			throw new IllegalStateException("the served model's held-out AUROC " + servedAuc + " is not the manifest's " + m.get("aurocHeldOut"));
		}
		String roc = model.id() + "-roc.png";
		byte[] png = RocPlot.png(List.of(
				new RocPlot.Curve(String.format(Locale.ROOT, "Held-out part, AUROC %.3f (n = %d)", servedAuc, yTest.length), yTest, pTest),
				new RocPlot.Curve(String.format(Locale.ROOT, "Training part, AUROC %.3f (n = %d)", AUC.of(yTrain, pTrain), yTrain.length),
						yTrain, pTrain)), model.id() + ": ROC curves");
		String card = LocalModelCard.logistic(artifact, data, mapping, roc);
		@SuppressWarnings("unchecked")
		byte[] calibration = CalibrationPlot.png(List.of(CalibrationPlot.binary((Map<String, Object>) m.get("calibrationHeldOut"),
				CalibrationPlot.FIRST)));
		return new Trained(model.id(), List.of(), new Trained.File(model.id() + ".md", card.getBytes(StandardCharsets.UTF_8)),
				List.of(new Trained.File(roc, png), new Trained.File(CalibrationCard.plotFile(model.id()), calibration)),
				new Trained.File(model.id() + ".json", manifest.getBytes(StandardCharsets.UTF_8)));
	}

	private static double[] probabilities(List<Prediction> predictions) {
		return predictions.stream().mapToDouble(Prediction::probability).toArray();
	}
}
