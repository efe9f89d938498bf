package org.immunorisk.training.local;

import org.immunorisk.training.SurvivalForestTraining;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** SHA-256 in hex, as the manifests name their data and binaries. */
final class Hashes {

	private Hashes() {}

	static String sha256(byte[] bytes) {
		return SurvivalForestTraining.sha256(bytes);
	}

	/** SHA-256 of a classpath resource (e.g. the feature definitions the inputs were read with). */
	static String sha256OfResource(String location) {
		try (InputStream in = Hashes.class.getClassLoader().getResourceAsStream(location)) {
			if (in == null) {
				throw new IllegalStateException(location + " is missing from the classpath");
			}
			return sha256(in.readAllBytes());
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
