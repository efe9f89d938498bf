package org.immunorisk.training.local;

import org.immunorisk.features.FeatureDefinitions;
import org.immunorisk.features.FeatureExtractor;
import org.immunorisk.features.UnitConverter;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trains one of ImmunoRisk's pipelines on a site's own data and writes a model the running server can load without
 * a rebuild: the manifest, any binary it names, and the model card with its plot (docs/training-on-your-data.md).
 *
 * <pre>
 * mvn -q compile exec:java -Dexec.mainClass=org.immunorisk.training.local.TrainOnLocalData \
 *     -Dexec.args="--mapping my-model.json --csv data.csv --out models/"
 * mvn -q compile exec:java -Dexec.mainClass=org.immunorisk.training.local.TrainOnLocalData \
 *     -Dexec.args="--mapping my-model.json --fhir-base http://host:8080/fhir --labels labels.csv --out models/"
 * </pre>
 *
 * Bad input (a missing file or column, a wrong type, too few events, an unknown feature, a unit that cannot be
 * converted, a reserved model id ...) ends the run with a message, exit code 1 and no file written; wrong
 * arguments with the usage and exit code 2. The model is written only after everything has been checked and
 * trained, manifest last ({@link ModelDirectory}).
 */
public final class TrainOnLocalData {

	/** Where the FHIR route takes its token from when {@code --bearer-token} is not given (keeps it out of shell history). */
	static final String TOKEN_VARIABLE = "IMMUNORISK_FHIR_BEARER_TOKEN";

	static final String USAGE = """
			Usage: TrainOnLocalData --mapping FILE --out DIR (--csv FILE | --fhir-base URL --labels FILE [--bearer-token T])
			                        [--replace] [--stack-trace]
			  --mapping FILE      the model, pipeline and column mapping (docs/training-on-your-data.md)
			  --csv FILE          one row per patient: id, outcome and every input column the mapping names
			  --fhir-base URL     read each patient's inputs from this FHIR R4 server as of the index date ...
			  --labels FILE       ... for the patients, index dates and outcomes in this CSV
			  --bearer-token T    token for the FHIR server (or set IMMUNORISK_FHIR_BEARER_TOKEN)
			  --out DIR           the models folder to write <id>.json (last), <id>.md, the plot and any binary into
			  --replace           overwrite a model with the same id in DIR
			  --stack-trace       on an internal error, print the stack trace too""";

	private TrainOnLocalData() {}

	public static void main(String[] args) {
		quietLogging();
		System.exit(run(args, System.out, System.err, System.getenv(), LocalDate.now(ZoneOffset.UTC)));
	}

	/** The whole command; returns the exit code (0 done, 1 bad data or mapping, 2 wrong arguments, 3 internal error). */
	static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> environment, LocalDate today) {
		Arguments arguments;
		try {
			arguments = Arguments.parse(args);
		} catch (LocalTrainingException e) {
			err.println("Error: " + e.getMessage());
			err.println(USAGE);
			return 2;
		}
		if (arguments.help()) {
			out.println(USAGE);
			return 0;
		}
		boolean writing = false;
		try {
			out.println("ImmunoRisk: training a model on this site's data");
			FeatureDefinitions definitions = FeatureDefinitions.fromClasspath();
			Mapping mapping = Mapping.read(arguments.mapping(), FeatureCatalogue.of(definitions), ReservedIds.fromClasspath());
			out.printf("Mapping %s: model %s %s, pipeline %s, inputs %s%n", mapping.fileName(), mapping.model().id(),
					mapping.model().version(), mapping.pipeline().name(),
					String.join(", ", mapping.inputs().stream().map(Mapping.Input::name).toList()));
			ModelDirectory.check(arguments.out(), mapping.model().id(), arguments.replace());
			UnitConverter units = new UnitConverter();
			LocalData data;
			if (arguments.csv() != null) {
				data = CsvSource.read(mapping, arguments.csv(), units, out);
			} else {
				String token = arguments.bearerToken() != null ? arguments.bearerToken() : environment.get(TOKEN_VARIABLE);
				if (token != null && arguments.fhirBase().startsWith("http://")) {
					err.println("Warning: the bearer token goes to " + arguments.fhirBase() + " over plain http (readable on the "
							+ "network); use https unless this is the same machine or a trusted link.");
				}
				data = FhirSource.read(mapping, arguments.fhirBase(), arguments.labels(), token, new FeatureExtractor(definitions, units), out);
			}
			Trained trained = mapping.pipeline() instanceof Mapping.Logistic
					? LocalLogistic.train(mapping, data, today, out)
					: LocalSurvivalForest.train(mapping, data, today, out);
			writing = true;
			ModelDirectory.write(arguments.out(), trained, out);
			out.println("Done. A server whose immunorisk.models.directory is " + arguments.out() + " serves " + trained.id()
					+ " after its next scan (no rebuild, no restart). Not validated: validate it locally before any clinical use.");
			return 0;
		} catch (LocalTrainingException e) {
			err.println("Error: " + e.getMessage());
			err.println(writing ? "Writing stopped; the manifest is written last, so no half-written model is loaded."
					: "No files were written.");
			return 1;
		} catch (RuntimeException e) {
			err.println("Internal error: " + e.getClass().getSimpleName() + ": " + e.getMessage());
			err.println(writing ? "Writing stopped; the manifest is written last, so no half-written model is loaded."
					: "No files were written.");
			if (arguments.stackTrace()) {
				e.printStackTrace(err);
			} else {
				err.println("Run again with --stack-trace for the details to report.");
			}
			return 3;
		}
	}

	/** Smile's optimiser and HAPI log at INFO; on the console they would bury the progress lines. */
	private static void quietLogging() {
		if (org.slf4j.LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext context) {
			context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(ch.qos.logback.classic.Level.WARN);
		}
	}

	/** The command line, checked. */
	record Arguments(Path mapping, Path csv, String fhirBase, Path labels, String bearerToken, Path out, boolean replace,
			boolean stackTrace, boolean help) {

		private static final List<String> VALUED = List.of("--mapping", "--csv", "--fhir-base", "--labels", "--bearer-token", "--out");
		private static final List<String> FLAGS = List.of("--replace", "--stack-trace", "--help");

		static Arguments parse(String[] args) {
			Map<String, String> values = new LinkedHashMap<>();
			for (int i = 0; i < args.length; i++) {
				String arg = args[i];
				String value = null;
				int equals = arg.indexOf('=');
				if (arg.startsWith("--") && equals > 0) {
					value = arg.substring(equals + 1);
					arg = arg.substring(0, equals);
				}
				if (FLAGS.contains(arg) && value == null) {
					values.put(arg, "true");
				} else if (VALUED.contains(arg)) {
					if (value == null) {
						if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
							throw new LocalTrainingException(arg + " needs a value");
						}
						value = args[++i];
					}
					if (values.put(arg, value) != null) {
						throw new LocalTrainingException(arg + " is given twice");
					}
				} else {
					throw new LocalTrainingException("unknown argument " + args[i]);
				}
			}
			if (values.containsKey("--help")) {
				return new Arguments(null, null, null, null, null, null, false, false, true);
			}
			for (String required : List.of("--mapping", "--out")) {
				if (!values.containsKey(required)) {
					throw new LocalTrainingException(required + " is required");
				}
			}
			boolean csv = values.containsKey("--csv");
			boolean fhir = values.containsKey("--fhir-base");
			if (csv == fhir) {
				throw new LocalTrainingException("give either --csv or --fhir-base (with --labels)");
			}
			if (fhir != values.containsKey("--labels")) {
				throw new LocalTrainingException(fhir ? "--fhir-base needs --labels: the patients, index dates and outcomes"
						: "--labels goes with --fhir-base; with --csv the outcome is a column of the CSV");
			}
			if (csv && values.containsKey("--bearer-token")) {
				throw new LocalTrainingException("--bearer-token goes with --fhir-base");
			}
			return new Arguments(Path.of(values.get("--mapping")), csv ? Path.of(values.get("--csv")) : null,
					values.get("--fhir-base"), fhir ? Path.of(values.get("--labels")) : null, values.get("--bearer-token"),
					Path.of(values.get("--out")), values.containsKey("--replace"), values.containsKey("--stack-trace"), false);
		}
	}
}
