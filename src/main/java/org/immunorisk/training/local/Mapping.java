package org.immunorisk.training.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.immunorisk.models.RiskLevel;
import org.immunorisk.models.trained.LogisticArtifact;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The mapping file: which model to train (id, wording, outcome), with which pipeline and hyper-parameters, and how
 * the site's columns map to ImmunoRisk's inputs. Parsed by hand rather than bound by Jackson so that every mistake
 * is reported with its place in the file ({@code inputs[2].unit}) and what would be allowed there. The documented
 * format, defaults and messages are in {@code docs/training-on-your-data.md}.
 */
record Mapping(String fileName, String sha256, Model model, Pipeline pipeline, Columns columns, List<Input> inputs) {

	static final String LOGISTIC = "logistic";
	static final String SURVIVAL_FOREST = "survival-forest";

	/**
	 * Model ids become file names and the FHIR Library id {@code immunorisk-model-<id>} (at most 64 characters), so
	 * lower-case letters, digits and hyphens, at most 47.
	 */
	private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,46}");

	/**
	 * What the model is; {@code citation} is optional (a local protocol or report to cite). {@code syntheticData} is
	 * for trying the command on synthetic data (the examples): the manifest then says it was trained on synthetic
	 * data, and the server marks every output as a demonstration, as for ImmunoRisk's own demonstration models.
	 */
	record Model(String id, String version, String title, String outcome, String intendedUse, String citation,
			boolean syntheticData) {}

	/** Hyper-parameters common to both pipelines and those of the chosen one. */
	sealed interface Pipeline permits Logistic, Forest {
		String name();

		long seed();

		double heldOutFraction();

		int bootstrapResamples();
	}

	/**
	 * The logistic pipeline's settings.
	 *
	 * @param defaultBands whether the bands are ImmunoRisk's defaults (the card says they are not clinically derived)
	 */
	record Logistic(long seed, double heldOutFraction, int bootstrapResamples, double lambda,
			List<LogisticArtifact.RiskBand> riskBands, boolean defaultBands) implements Pipeline {
		public String name() {
			return LOGISTIC;
		}
	}

	/** The survival forest's settings; {@code mtry} 0 means ⌊√p⌋. */
	record Forest(long seed, double heldOutFraction, int bootstrapResamples, int trees, int minNodeSize, int mtry)
			implements Pipeline {
		public String name() {
			return SURVIVAL_FOREST;
		}
	}

	/** Column names of the outcome part; {@code label} for logistic, {@code time}/{@code timeUnit}/{@code event} for survival. */
	record Columns(String patientId, String indexDate, String label, String time, String timeUnit, String event) {}

	/**
	 * One model input: the feature name, the CSV column and its unit (CSV only), and for a coded input the number
	 * each code becomes in the forest.
	 */
	record Input(String path, FeatureCatalogue.Entry feature, String column, String unit, Map<String, Double> codes) {

		String name() {
			return feature.name();
		}

		/** The served forest's encoding of this input: "value", or "male=1,female=0". */
		String encoding() {
			if (codes == null) {
				return "value";
			}
			List<String> pairs = new ArrayList<>();
			codes.forEach((code, number) -> pairs.add(code + "=" + Numbers.plain(number)));
			return String.join(",", pairs);
		}
	}

	// Defaults (documented in docs/training-on-your-data.md).
	static final long DEFAULT_SEED = 1;
	static final double DEFAULT_HELD_OUT = 0.25;
	static final int DEFAULT_BOOTSTRAP = 2000;
	static final double DEFAULT_LAMBDA = 0.0;
	static final int DEFAULT_TREES = 500;
	/** randomForestSRC's default node size for survival, as the shipped NSCLC forest uses. */
	static final int DEFAULT_MIN_NODE_SIZE = 15;
	/**
	 * ImmunoRisk's default bands: placeholders so that a model can be served at all, not clinically derived; the
	 * card says so and the docs ask the site to set its own.
	 */
	static final List<LogisticArtifact.RiskBand> DEFAULT_BANDS = List.of(
			new LogisticArtifact.RiskBand(0.25, "low", "lower risk"),
			new LogisticArtifact.RiskBand(0.5, "moderate", "intermediate risk"),
			new LogisticArtifact.RiskBand(null, "high", "higher risk"));

	private static final List<String> TIME_UNITS = List.of("days", "weeks", "months", "years");

	/** Reads and checks a mapping file. */
	static Mapping read(Path file, FeatureCatalogue catalogue, ReservedIds reserved) {
		byte[] bytes;
		try {
			bytes = Files.readAllBytes(file);
		} catch (NoSuchFileException e) {
			throw new LocalTrainingException("Mapping file not found: " + file);
		} catch (IOException e) {
			throw new LocalTrainingException("Cannot read the mapping file " + file + ": " + e.getMessage());
		}
		String name = String.valueOf(file.getFileName());
		JsonNode root;
		try {
			root = new ObjectMapper().readTree(bytes);
		} catch (JsonProcessingException e) {
			throw new LocalTrainingException(name + ": not valid JSON (line " + e.getLocation().getLineNr() + ", column "
					+ e.getLocation().getColumnNr() + "): " + e.getOriginalMessage());
		} catch (IOException e) {
			throw new LocalTrainingException("Cannot read the mapping file " + file + ": " + e.getMessage());
		}
		Node top = new Node(name, "", root);
		top.allowOnly("model", "pipeline", "columns", "inputs");
		Model model = model(top.object("model"), reserved);
		Node pipelineNode = top.object("pipeline");
		String pipelineName = pipelineNode.text("name", null);
		Pipeline pipeline = switch (pipelineName) {
			case LOGISTIC -> logistic(pipelineNode);
			case SURVIVAL_FOREST -> forest(pipelineNode);
			default -> throw pipelineNode.error("name", "must be \"" + LOGISTIC + "\" or \"" + SURVIVAL_FOREST + "\", not \""
					+ pipelineName + "\"");
		};
		Columns columns = columns(top.object("columns"), pipeline);
		List<Input> inputs = inputs(top, catalogue, pipeline);
		return new Mapping(name, Hashes.sha256(bytes), model, pipeline, columns, inputs);
	}

	private static Model model(Node node, ReservedIds reserved) {
		node.allowOnly("id", "version", "title", "outcome", "intendedUse", "citation", "syntheticData");
		String id = node.text("id", null);
		if (!ID.matcher(id).matches()) {
			throw node.error("id", "\"" + id + "\" is not a usable model id: use lower-case letters, digits and hyphens,"
					+ " at most 47 characters, starting with a letter or digit (it becomes file names and a FHIR id)");
		}
		if (reserved.contains(id)) {
			throw node.error("id", "\"" + id + "\" is the id of a model shipped with ImmunoRisk (" + reserved.what(id)
					+ "); choose another, e.g. \"site-" + id + "\"");
		}
		String outcome = node.text("outcome", null);
		if (!reserved.isOutcome(outcome)) {
			throw node.error("outcome", "\"" + outcome + "\" is not an ImmunoRisk outcome code (CodeSystem immunorisk-outcome,"
					+ " which RiskAssessment.prediction.outcome is bound to); known: " + String.join(", ", reserved.outcomes()));
		}
		return new Model(id, node.text("version", null), node.text("title", null), outcome, node.text("intendedUse", null),
				node.has("citation") ? node.text("citation", null) : null, node.flag("syntheticData", false));
	}

	private static Logistic logistic(Node node) {
		node.allowOnly("name", "seed", "heldOutFraction", "bootstrapResamples", "lambda", "riskBands");
		List<LogisticArtifact.RiskBand> bands = DEFAULT_BANDS;
		boolean defaults = true;
		if (node.has("riskBands")) {
			bands = bands(node);
			defaults = false;
		}
		return new Logistic(node.whole("seed", DEFAULT_SEED, Long.MIN_VALUE, Long.MAX_VALUE), heldOut(node),
				(int) node.whole("bootstrapResamples", DEFAULT_BOOTSTRAP, 200, 100_000),
				node.number("lambda", DEFAULT_LAMBDA, 0, 1e6), bands, defaults);
	}

	private static Forest forest(Node node) {
		node.allowOnly("name", "seed", "heldOutFraction", "bootstrapResamples", "trees", "minNodeSize", "mtry");
		// At least 50 trees: with fewer, some training rows are in every tree's bootstrap sample and have no OOB value.
		return new Forest(node.whole("seed", DEFAULT_SEED, Long.MIN_VALUE, Long.MAX_VALUE), heldOut(node),
				(int) node.whole("bootstrapResamples", DEFAULT_BOOTSTRAP, 200, 100_000),
				(int) node.whole("trees", DEFAULT_TREES, 50, 5000), (int) node.whole("minNodeSize", DEFAULT_MIN_NODE_SIZE, 1, 10_000),
				(int) node.whole("mtry", 0, 0, 10_000));
	}

	private static double heldOut(Node node) {
		return node.number("heldOutFraction", DEFAULT_HELD_OUT, 0.1, 0.5);
	}

	private static List<LogisticArtifact.RiskBand> bands(Node pipeline) {
		List<Node> items = pipeline.array("riskBands");
		if (items.isEmpty()) {
			throw pipeline.error("riskBands", "is empty; give at least one band, the last without \"below\"");
		}
		List<LogisticArtifact.RiskBand> bands = new ArrayList<>();
		Double previous = null;
		for (int i = 0; i < items.size(); i++) {
			Node band = items.get(i);
			band.allowOnly("below", "risk", "category");
			boolean last = i == items.size() - 1;
			Double below = null;
			if (band.has("below")) {
				if (last) {
					throw band.error("below", "must be left out in the last band: it takes every probability above the others");
				}
				below = band.number("below", 0, 0, 1);
				if (below <= 0 || below >= 1 || (previous != null && below <= previous)) {
					throw band.error("below", "must lie between 0 and 1 and rise from band to band, not " + Numbers.plain(below));
				}
				previous = below;
			} else if (!last) {
				throw band.error("below", "is required in every band but the last");
			}
			String risk = band.text("risk", null);
			Set<String> levels = new LinkedHashSet<>();
			Arrays.stream(RiskLevel.values()).forEach(r -> levels.add(r.code()));
			if (!levels.contains(risk)) {
				throw band.error("risk", "must be one of " + String.join(", ", levels) + " (HL7 risk-probability), not \"" + risk + "\"");
			}
			bands.add(new LogisticArtifact.RiskBand(below, risk, band.text("category", null)));
		}
		return List.copyOf(bands);
	}

	private static Columns columns(Node node, Pipeline pipeline) {
		if (pipeline instanceof Logistic) {
			node.allowOnly("patientId", "indexDate", "label");
			return new Columns(node.text("patientId", null), node.has("indexDate") ? node.text("indexDate", null) : null,
					node.text("label", null), null, null, null);
		}
		node.allowOnly("patientId", "indexDate", "time", "timeUnit", "event");
		String unit = node.text("timeUnit", null);
		if (!TIME_UNITS.contains(unit)) {
			throw node.error("timeUnit", "must be one of " + String.join(", ", TIME_UNITS) + ", not \"" + unit + "\"");
		}
		return new Columns(node.text("patientId", null), node.has("indexDate") ? node.text("indexDate", null) : null, null,
				node.text("time", null), unit, node.text("event", null));
	}

	private static List<Input> inputs(Node top, FeatureCatalogue catalogue, Pipeline pipeline) {
		List<Node> items = top.array("inputs");
		if (items.isEmpty()) {
			throw top.error("inputs", "is empty; a model needs at least one input");
		}
		List<Input> inputs = new ArrayList<>();
		Set<String> seen = new LinkedHashSet<>();
		for (Node item : items) {
			item.allowOnly("feature", "column", "unit", "codes");
			String name = item.text("feature", null);
			FeatureCatalogue.Entry entry = catalogue.find(name).orElseThrow(() -> {
				List<String> close = catalogue.closeTo(name);
				return item.error("feature", "\"" + name + "\" is not an input of ImmunoRisk's feature definitions"
						+ (close.isEmpty() ? "" : "; close: " + String.join(", ", close))
						+ " (all names: src/main/resources/immunorisk/features/feature-definitions.json)");
			});
			if (!seen.add(name)) {
				throw item.error("feature", "\"" + name + "\" is mapped twice");
			}
			String column = item.has("column") ? item.text("column", null) : null;
			String unit = item.has("unit") ? item.text("unit", null) : null;
			Map<String, Double> codes = null;
			switch (entry.kind()) {
				case NUMBER -> {
					if (item.has("codes")) {
						throw item.error("codes", "applies to coded inputs only; \"" + name + "\" is a number");
					}
				}
				case CODE -> {
					if (pipeline instanceof Logistic) {
						throw item.error("feature", "\"" + name + "\" is a coded input; the logistic pipeline takes numbers only"
								+ " (the served logistic model reads numbers). Use the survival-forest pipeline with \"codes\","
								+ " or leave it out");
					}
					if (unit != null) {
						throw item.error("unit", "does not apply to the coded input \"" + name + "\"");
					}
					codes = codes(item, name);
				}
				case FLAG, CODES -> throw item.error("feature", "\"" + name + "\" is " + entry.kind().wording
						+ "; neither pipeline can take it as an input yet (the served trained models read numbers, and the"
						+ " survival forest also codes)");
			}
			inputs.add(new Input(item.path(), entry, column, unit, codes));
		}
		return List.copyOf(inputs);
	}

	private static Map<String, Double> codes(Node item, String name) {
		if (!item.has("codes")) {
			throw item.error("codes", "is required for the coded input \"" + name + "\": give the number each code becomes,"
					+ " e.g. {\"male\": 1, \"female\": 0}");
		}
		Node codes = item.object("codes");
		Map<String, Double> numbers = new LinkedHashMap<>();
		for (Iterator<String> it = codes.node().fieldNames(); it.hasNext();) {
			String code = it.next();
			if (code.isBlank() || code.contains(",") || code.contains("=")) {
				throw codes.error(code, "a code must be non-empty and contain no ',' or '='");
			}
			numbers.put(code, codes.number(code, 0, -1e9, 1e9));
		}
		if (numbers.size() < 2) {
			throw item.error("codes", "needs at least two codes (an input with one value cannot inform a model)");
		}
		return java.util.Collections.unmodifiableMap(numbers);
	}

	/** A JSON object of the mapping with its path, for messages like "my-model.json: pipeline.trees must be ...". */
	private record Node(String file, String path, JsonNode node) {

		Node {
			if (!node.isObject()) {
				throw new LocalTrainingException(file + ": " + (path.isEmpty() ? "the file" : path) + " must be a JSON object");
			}
		}

		private String at(String key) {
			return path.isEmpty() ? key : path + "." + key;
		}

		LocalTrainingException error(String key, String message) {
			return new LocalTrainingException(file + ": " + at(key) + " " + message);
		}

		boolean has(String key) {
			return node.has(key) && !node.get(key).isNull();
		}

		void allowOnly(String... keys) {
			List<String> allowed = List.of(keys);
			for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
				String key = it.next();
				if (!allowed.contains(key)) {
					throw new LocalTrainingException(file + ": unknown key \"" + key + "\"" + (path.isEmpty() ? "" : " in " + path)
							+ " (allowed here: " + String.join(", ", allowed) + ")");
				}
			}
		}

		Node object(String key) {
			if (!has(key)) {
				throw error(key, "is required");
			}
			return new Node(file, at(key), node.get(key));
		}

		List<Node> array(String key) {
			if (!has(key)) {
				throw error(key, "is required");
			}
			JsonNode value = node.get(key);
			if (!value.isArray()) {
				throw error(key, "must be a JSON array");
			}
			List<Node> items = new ArrayList<>();
			for (int i = 0; i < value.size(); i++) {
				items.add(new Node(file, at(key) + "[" + i + "]", value.get(i)));
			}
			return items;
		}

		/** A non-blank string; {@code fallback} null means required. */
		String text(String key, String fallback) {
			if (!has(key)) {
				if (fallback == null) {
					throw error(key, "is required");
				}
				return fallback;
			}
			JsonNode value = node.get(key);
			if (!value.isTextual() || value.asText().isBlank()) {
				throw error(key, "must be a non-empty string, not " + value);
			}
			return value.asText().trim();
		}

		boolean flag(String key, boolean fallback) {
			if (!has(key)) {
				return fallback;
			}
			JsonNode value = node.get(key);
			if (!value.isBoolean()) {
				throw error(key, "must be true or false, not " + value);
			}
			return value.asBoolean();
		}

		double number(String key, double fallback, double min, double max) {
			if (!has(key)) {
				return fallback;
			}
			JsonNode value = node.get(key);
			if (!value.isNumber()) {
				throw error(key, "must be a number, not " + value);
			}
			double number = value.asDouble();
			if (!(number >= min && number <= max)) {
				throw error(key, String.format(Locale.ROOT, "must lie between %s and %s, not %s", Numbers.plain(min),
						Numbers.plain(max), Numbers.plain(number)));
			}
			return number;
		}

		long whole(String key, long fallback, long min, long max) {
			if (!has(key)) {
				return fallback;
			}
			JsonNode value = node.get(key);
			if (!value.isIntegralNumber() || !value.canConvertToLong()) {
				throw error(key, "must be a whole number, not " + value);
			}
			long number = value.asLong();
			if (number < min || number > max) {
				throw error(key, "must lie between " + min + " and " + max + ", not " + number);
			}
			return number;
		}
	}
}
