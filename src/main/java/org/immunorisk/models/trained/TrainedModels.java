package org.immunorisk.models.trained;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.immunorisk.models.RiskModel;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** The trained models shipped in {@code immunorisk/models/trained/*.json}, read once at start. */
public final class TrainedModels {

	public static final String LOCATION = "immunorisk/models/trained/";
	static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

	private TrainedModels() {}

	public static List<RiskModel> fromClasspath() {
		List<RiskModel> models = new ArrayList<>();
		try {
			Resource[] files = new PathMatchingResourcePatternResolver().getResources("classpath*:" + LOCATION + "*.json");
			for (Resource file : Arrays.stream(files).sorted(Comparator.comparing(r -> String.valueOf(r.getFilename()))).toList()) {
				try (InputStream in = file.getInputStream()) {
					models.add(new TrainedLogisticModel(read(in)));
				}
			}
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		return models;
	}

	public static LogisticArtifact read(InputStream in) throws IOException {
		return JSON.readValue(in, LogisticArtifact.class);
	}
}
