package org.immunorisk.models.trained;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.immunorisk.models.RiskModel;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The trained models shipped in {@code immunorisk/models/trained/*.json}, read once at start. Each JSON file is a
 * model's manifest; its {@code kind} says which {@link Loader} turns it into a {@link RiskModel} (a kind whose
 * parameters do not fit in JSON keeps them in a file beside the manifest, read through {@link Loader}'s
 * {@code sibling}). A manifest of an unknown kind stops the start: a model silently missing is worse.
 */
public final class TrainedModels {

	public static final String LOCATION = "immunorisk/models/trained/";
	static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

	/** Builds a model from its manifest; {@code sibling} opens another file of the same folder by name. */
	@FunctionalInterface
	public interface Loader {
		RiskModel load(JsonNode manifest, Sibling sibling) throws IOException;
	}

	@FunctionalInterface
	public interface Sibling {
		InputStream open(String fileName) throws IOException;
	}

	/** Model kinds by the {@code kind} of their manifest. One line per kind. */
	private static final Map<String, Loader> LOADERS = Map.of(
			LogisticArtifact.KIND, (manifest, sibling) -> new TrainedLogisticModel(JSON.treeToValue(manifest, LogisticArtifact.class)),
			GbmArtifact.KIND, (manifest, sibling) -> TrainedGbmModel.load(JSON.treeToValue(manifest, GbmArtifact.class), sibling),
			ForestArtifact.KIND, (manifest, sibling) -> TrainedSurvivalForestModel.load(JSON.treeToValue(manifest, ForestArtifact.class), sibling),
			MlpArtifact.KIND, (manifest, sibling) -> new TrainedMlpModel(JSON.treeToValue(manifest, MlpArtifact.class)),
			TribuoClassifierArtifact.KIND, (manifest, sibling) -> TrainedTribuoClassifier.load(JSON.treeToValue(manifest, TribuoClassifierArtifact.class), sibling));

	private TrainedModels() {}

	public static List<RiskModel> fromClasspath() {
		List<RiskModel> models = new ArrayList<>();
		try {
			Resource[] files = new PathMatchingResourcePatternResolver().getResources("classpath*:" + LOCATION + "*.json");
			for (Resource file : Arrays.stream(files).sorted(Comparator.comparing(r -> String.valueOf(r.getFilename()))).toList()) {
				try (InputStream in = file.getInputStream()) {
					models.add(load(JSON.readTree(in), name -> file.createRelative(name).getInputStream(), file.getFilename()));
				}
			}
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		return models;
	}

	/**
	 * Loads one model from a manifest file on disk (a locally trained model); its sibling files must sit in the same
	 * folder and are named by plain file names only, so a manifest cannot reach outside its folder.
	 */
	public static RiskModel load(Path manifestFile) throws IOException {
		Path folder = manifestFile.toAbsolutePath().getParent();
		JsonNode manifest;
		try (InputStream in = Files.newInputStream(manifestFile)) {
			manifest = JSON.readTree(in);
		}
		return load(manifest, name -> {
			if (!SIBLING_NAME.matcher(name).matches()) {
				throw new IOException("sibling file name '" + name + "' is not a plain file name");
			}
			Path sibling = folder.resolve(name);
			if (!Files.isRegularFile(sibling, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
				throw new IOException("sibling file '" + name + "' is missing or not a plain file (symbolic links are not followed)");
			}
			return Files.newInputStream(sibling);
		}, manifestFile.getFileName().toString());
	}

	private static final Pattern SIBLING_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,200}");

	public static RiskModel load(JsonNode manifest, Sibling sibling, String where) throws IOException {
		String kind = manifest.path("kind").asText("");
		Loader loader = LOADERS.get(kind);
		if (loader == null) {
			throw new IllegalStateException(where + ": unknown model kind '" + kind + "' (known: " + LOADERS.keySet() + ")");
		}
		return loader.load(manifest, sibling);
	}

	public static LogisticArtifact read(InputStream in) throws IOException {
		return JSON.readValue(in, LogisticArtifact.class);
	}
}
