package org.immunorisk.training.local;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The models folder the server watches. The contract with the watcher: a model appears when its manifest
 * {@code <id>.json} appears, complete. So every file is written to a temporary file in the same folder (a name
 * starting with "." and ending in ".tmp", which no loader reads), flushed to disk, and renamed into place with
 * {@link StandardCopyOption#ATOMIC_MOVE}; the files the manifest names (e.g. {@code <id>.rsf}) first, then the model
 * card and its image, and the manifest last. A watcher never sees a half-written file, nor a manifest before its
 * forest.
 */
final class ModelDirectory {

	private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

	private ModelDirectory() {}

	/**
	 * Refuses, before any training, an output folder that cannot take the model: not a folder, or one that already
	 * holds a manifest with this id (unless {@code replace}), under this file name or another.
	 */
	static void check(Path dir, String id, boolean replace) {
		if (Files.exists(dir) && !Files.isDirectory(dir)) {
			throw new LocalTrainingException("--out " + dir + " is a file, not a folder");
		}
		if (!Files.isDirectory(dir)) {
			return; // created when writing
		}
		Path manifest = dir.resolve(id + ".json");
		if (Files.exists(manifest) && !replace) {
			throw new LocalTrainingException(manifest + " already exists; give --replace to overwrite it (a running server"
					+ " reloads the model), or choose another model id or --out folder");
		}
		ObjectMapper json = new ObjectMapper();
		try (DirectoryStream<Path> manifests = Files.newDirectoryStream(dir, "*.json")) {
			for (Path other : manifests) {
				if (other.equals(manifest) || other.getFileName().toString().startsWith(".")) {
					continue;
				}
				String otherId;
				try {
					otherId = json.readTree(other.toFile()).path("id").asText();
				} catch (IOException e) {
					continue; // not a manifest of ours; the server will say what it thinks of it
				}
				if (id.equals(otherId)) {
					throw new LocalTrainingException(other + " already declares model id " + id + "; the server cannot load two"
							+ " models with one id. Choose another id, or remove that model");
				}
			}
		} catch (IOException e) {
			throw new LocalTrainingException("Cannot list the --out folder " + dir + ": " + e.getMessage());
		}
	}

	/** Writes the model in the contract's order; returns the paths written, in that order. */
	static List<Path> write(Path dir, Trained trained, PrintStream out) {
		try {
			Files.createDirectories(dir);
		} catch (IOException e) {
			throw new LocalTrainingException("Cannot create the --out folder " + dir + ": " + e.getMessage());
		}
		List<Trained.File> order = new ArrayList<>(trained.siblings());
		order.add(trained.card());
		order.addAll(trained.images());
		order.add(trained.manifest());
		List<Path> written = new ArrayList<>();
		for (Trained.File file : order) {
			Path target = dir.resolve(file.name());
			atomically(dir, target, file.bytes());
			written.add(target);
			out.printf("Wrote %s (%,d bytes)%n", target, file.bytes().length);
		}
		return written;
	}

	private static void atomically(Path dir, Path target, byte[] bytes) {
		Path temporary = null;
		try {
			// Not Files.createTempFile: it makes the file readable by its owner only, and the server may run as another user.
			temporary = dir.resolve("." + target.getFileName() + "." + Long.toHexString(RANDOM.nextLong()) + ".tmp");
			try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
				ByteBuffer buffer = ByteBuffer.wrap(bytes);
				while (buffer.hasRemaining()) {
					channel.write(buffer);
				}
				channel.force(true); // on disk before the rename makes it visible
			}
			Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
			temporary = null;
		} catch (AtomicMoveNotSupportedException e) {
			throw new LocalTrainingException("The --out folder " + dir + " does not support atomic renames, which the server's"
					+ " model watcher relies on; use a folder on a local file system");
		} catch (IOException e) {
			throw new UncheckedIOException("Cannot write " + target, e);
		} finally {
			if (temporary != null) {
				try {
					Files.deleteIfExists(temporary);
				} catch (IOException ignored) {
					// the temporary file's name starts with "." and ends in ".tmp": no loader reads it
				}
			}
		}
	}
}
