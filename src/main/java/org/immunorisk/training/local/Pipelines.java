package org.immunorisk.training.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.immunorisk.features.FeatureVector;
import org.immunorisk.models.Prediction;
import org.immunorisk.models.RiskModel;
import org.immunorisk.models.trained.TrainedModels;

import java.io.ByteArrayInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** What both local pipelines share: the wording that marks a model as local and unvalidated, and the data checks. */
final class Pipelines {

	static final String TRAINER = "org.immunorisk.training.local.TrainOnLocalData";

	private Pipelines() {}

	/** The evidence line: it reaches the RiskAssessment note and the CDS card, so it says plainly what the model is not. */
	static String evidence(Mapping mapping) {
		String pipeline = mapping.pipeline().name();
		if (mapping.model().syntheticData()) {
			return "None for patients: trained on synthetic data with ImmunoRisk's " + pipeline + " pipeline, as an example of"
					+ " local training; not clinically validated.";
		}
		return "Locally trained on this site's data with ImmunoRisk's " + pipeline + " pipeline; not validated by"
				+ " ImmunoRisk: validate locally before any clinical use.";
	}

	/** The citation: the site's own reference, if the mapping gives one, then how and on what the model was trained. */
	static String citation(Mapping mapping, LocalData data, LocalDate today) {
		String trained = "Trained at this site on " + today + " with ImmunoRisk's " + mapping.pipeline().name() + " pipeline ("
				+ TRAINER + ") on " + data.description() + ".";
		String own = mapping.model().citation();
		return own == null ? trained : own.replaceAll("[.\\s]+$", "") + ". " + trained;
	}

	/** An input with the same value in every row used cannot inform a model: refuse it by name. */
	static void inputsVary(Mapping mapping, LocalData data) {
		for (int j = 0; j < mapping.inputs().size(); j++) {
			double first = data.x()[0][j];
			int column = j;
			if (Arrays.stream(data.x()).allMatch(row -> row[column] == first)) {
				Mapping.Input input = mapping.inputs().get(j);
				throw new LocalTrainingException("Input " + input.name() + (input.column() == null ? "" : " (column \"" + input.column() + "\")")
						+ " has the same value (" + Numbers.plain(first) + ") in all " + data.rowsUsed() + " rows used: it does"
						+ " not vary, so it cannot inform a model. Remove it from the mapping.");
			}
		}
	}

	/**
	 * Enough events for a held-out evaluation that means something: at least {@code minimum} in the training and in
	 * the held-out part of the stratified split (which holds out round(n × fraction) of each class), and for the
	 * logistic pipeline as many non-events.
	 */
	static void enoughEvents(String pipeline, int[] outcome, double fraction, int minimum, boolean nonEventsToo) {
		int events = Arrays.stream(outcome).sum();
		int others = outcome.length - events;
		int heldOutEvents = (int) Math.round(events * fraction);
		int heldOutOthers = (int) Math.round(others * fraction);
		boolean enough = heldOutEvents >= minimum && events - heldOutEvents >= minimum
				&& (!nonEventsToo || heldOutOthers >= minimum && others - heldOutOthers >= minimum);
		if (enough) {
			return;
		}
		String otherWord = nonEventsToo ? "non-events" : "censored";
		throw new LocalTrainingException(String.format(java.util.Locale.ROOT, "Too few events for the %s pipeline: %d events and %d %s in the %d"
				+ " rows used. With %s held out, the held-out part would have %d events%s and the training part %d events%s; each part"
				+ " needs at least %d events%s (with this fraction: at least %d events%s in all).", pipeline, events, others,
				otherWord, outcome.length, Numbers.percent(fraction), heldOutEvents,
				nonEventsToo ? " and " + heldOutOthers + " non-events" : "", events - heldOutEvents,
				nonEventsToo ? " and " + (others - heldOutOthers) + " non-events" : "", minimum,
				nonEventsToo ? " and " + minimum + " non-events" : "", smallest(fraction, minimum),
				nonEventsToo ? " and as many non-events" : ""));
	}

	/** The smallest class size whose held-out and training parts both reach {@code minimum}. */
	static int smallest(double fraction, int minimum) {
		for (int n = 2 * minimum; ; n++) {
			int held = (int) Math.round(n * fraction);
			if (held >= minimum && n - held >= minimum) {
				return n;
			}
		}
	}

	/** Fewer than 10 events per input: not refused (the held-out metrics show the cost), but said. */
	static void eventsPerInput(int[] outcome, int inputs, PrintStream out) {
		int events = Arrays.stream(outcome).sum();
		if (events < 10 * inputs) {
			out.printf("Note: %d events for %d inputs (fewer than 10 events per input): expect an optimistic training fit;"
					+ " judge the model by its held-out metrics.%n", events, inputs);
		}
	}

	/** Loads a manifest as the server does ({@link TrainedModels#load}), with its siblings from memory. */
	static RiskModel load(String id, String manifest, Map<String, byte[]> siblings) {
		try {
			return TrainedModels.load(new ObjectMapper().readTree(manifest), name -> {
				byte[] bytes = siblings.get(name);
				if (bytes == null) {
					throw new FileNotFoundException(name);
				}
				return new ByteArrayInputStream(bytes);
			}, id + ".json");
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** The row as the server would present it to the model: numbers in canonical units, codes as codes. */
	static FeatureVector features(Mapping mapping, double[] row) {
		FeatureVector.Builder vector = FeatureVector.builder();
		for (int j = 0; j < row.length; j++) {
			Mapping.Input input = mapping.inputs().get(j);
			if (input.codes() == null) {
				vector.number(input.name(), row[j], input.feature().unit());
			} else {
				double value = row[j];
				String code = input.codes().entrySet().stream().filter(e -> e.getValue() == value).findFirst().orElseThrow().getKey();
				vector.code(input.name(), code);
			}
		}
		return vector.build();
	}

	/** The served model's predictions for the given rows; every one must be computed (all inputs are present). */
	static List<Prediction> predict(RiskModel served, Mapping mapping, LocalData data, List<Integer> rows) {
		return rows.stream().map(i -> {
			Prediction prediction = served.predict(features(mapping, data.x()[i]));
			if (!prediction.computed()) {
				throw new IllegalStateException("the served model did not compute row " + i + ": " + prediction.summary());
			}
			return prediction;
		}).toList();
	}
}
