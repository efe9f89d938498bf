package org.immunorisk.training.fhir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Name-based UUIDs (RFC 4122 version 5, SHA-1, URL namespace), as the scenario bundles derive their {@code fullUrl}s
 * (docs/content-conventions.md): the same name always gives the same UUID, so a bundle written twice is identical.
 */
final class Uuids {

	/** RFC 4122 appendix C: the URL namespace. */
	static final UUID NAMESPACE_URL = UUID.fromString("6ba7b811-9dad-11d1-80b4-00c04fd430c8");
	/** Names of the synthetic cohort resources: this base plus {@code <Type>/<id>}. */
	static final String BASE = "https://immunorisk.org/fhir/synthetic-cohorts/";

	private Uuids() {}

	/** The UUID of a synthetic cohort resource ({@code <Type>/<id>}). */
	static UUID nameBased(String typeAndId) {
		return v5(NAMESPACE_URL, BASE + typeAndId);
	}

	static UUID v5(UUID namespace, String name) {
		try {
			MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
			sha1.update(bytes(namespace));
			byte[] hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
			hash[6] = (byte) ((hash[6] & 0x0f) | 0x50);
			hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
			ByteBuffer buffer = ByteBuffer.wrap(hash, 0, 16);
			return new UUID(buffer.getLong(), buffer.getLong());
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	static byte[] bytes(UUID uuid) {
		return ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits()).array();
	}
}
