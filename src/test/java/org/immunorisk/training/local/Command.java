package org.immunorisk.training.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.immunorisk.models.RiskModel;
import org.immunorisk.models.trained.TrainedModels;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Runs the command in-process as a user would, and reads what it wrote. */
final class Command {

	static final LocalDate TODAY = LocalDate.of(2025, 6, 30);
	static final Path EXAMPLES = Path.of("docs/examples/local-training");
	static final ObjectMapper JSON = new ObjectMapper();

	/** Exit code and what the command printed. */
	record Run(int exit, String out, String err) {}

	private Command() {}

	static Run run(Map<String, String> environment, String... args) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int exit;
		try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
				PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
			exit = TrainOnLocalData.run(args, o, e, environment, TODAY);
		}
		return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
	}

	static Run run(String... args) {
		return run(Map.of(), args);
	}

	/** The example mapping as an editable tree. */
	static ObjectNode mapping(String example) {
		try {
			return (ObjectNode) JSON.readTree(EXAMPLES.resolve(example).toFile());
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	static Path write(Path dir, String name, String text) {
		try {
			return Files.writeString(dir.resolve(name), text);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	static Path write(Path dir, String name, JsonNode json) {
		return write(dir, name, json.toPrettyString());
	}

	/** Loads a model from a models folder as the server's local-models folder does ({@link TrainedModels#load(Path)}). */
	static RiskModel load(Path dir, String id) {
		try {
			return TrainedModels.load(dir.resolve(id + ".json"));
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	static List<String> files(Path dir) {
		if (!Files.exists(dir)) {
			return List.of();
		}
		try (Stream<Path> files = Files.list(dir)) {
			return files.map(p -> p.getFileName().toString()).sorted().toList();
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
