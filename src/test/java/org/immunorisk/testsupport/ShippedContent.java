package org.immunorisk.testsupport;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.StrictErrorHandler;
import org.hl7.fhir.instance.model.api.IBaseResource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The content folders of the work tree (what integrators see), read straight from disk. */
public final class ShippedContent {

	public static final FhirContext FHIR = FhirContext.forR4Cached();
	public static final Path PROFILES = Path.of("fhir-profiles");
	public static final Path EXAMPLES = PROFILES.resolve("examples");
	public static final Path TERMINOLOGY = Path.of("terminology");
	public static final Path TEST_BUNDLES = Path.of("test-bundles");

	private ShippedContent() {}

	public static List<Path> jsonFiles(Path folder) {
		try (Stream<Path> files = Files.list(folder)) {
			return files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList();
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	public static List<Path> folders(Path folder) {
		try (Stream<Path> files = Files.list(folder)) {
			return files.filter(Files::isDirectory).sorted().toList();
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	public static String read(Path file) {
		try {
			return Files.readString(file);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/**
	 * Strict parsing: HAPI's default parser drops unknown elements with a log line, so a misspelt element in a
	 * shipped file would vanish before validation ever saw it.
	 */
	public static <T extends IBaseResource> T parse(Path file, Class<T> type) {
		return FHIR.newJsonParser().setParserErrorHandler(new StrictErrorHandler()).parseResource(type, read(file));
	}

	public static IBaseResource parse(Path file) {
		return FHIR.newJsonParser().setParserErrorHandler(new StrictErrorHandler()).parseResource(read(file));
	}
}
