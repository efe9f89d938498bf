package org.immunorisk.testsupport;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A real PostgreSQL server for tests, from the binaries io.zonky.test ships through Maven Central.
 * zonky's own launcher cannot be used as root (PostgreSQL refuses to run as root, and CI runs as root), so
 * this starts the same binaries itself and, when the JVM is root, runs them as the unprivileged user
 * {@code nobody} through {@code runuser}.
 */
public final class PostgresTestServer implements AutoCloseable {

	private final Path home;
	private final Path data;
	private final int port;
	private final List<String> asUser;

	private PostgresTestServer(Path home, int port, List<String> asUser) {
		this.home = home;
		this.data = home.resolve("data");
		this.port = port;
		this.asUser = asUser;
	}

	/** Whether this machine can run the shipped binaries this way (Linux or macOS; not Windows). */
	public static boolean supported() {
		return !System.getProperty("os.name").startsWith("Windows");
	}

	public static PostgresTestServer start() {
		try {
			Path home = Files.createTempDirectory("immunorisk-pg");
			extractBinaries(home.resolve("pg"));
			boolean root = "root".equals(System.getProperty("user.name")) && System.getProperty("os.name").equals("Linux");
			List<String> asUser = root ? List.of("runuser", "-u", "nobody", "--") : List.of();
			if (root) {
				run(List.of("chown", "-R", "nobody", home.toString()));
				Files.setPosixFilePermissions(home, EnumSet.of(PosixFilePermission.OWNER_READ,
						PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE,
						PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_EXECUTE,
						PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_EXECUTE));
			}
			PostgresTestServer server = new PostgresTestServer(home, freePort(), asUser);
			server.initAndStart();
			return server;
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private void initAndStart() {
		Path bin = home.resolve("pg/bin");
		run(command(bin.resolve("initdb").toString(), "-A", "trust", "-U", "postgres", "-D", data.toString(),
				"-E", "UTF-8", "--no-locale"));
		run(command(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", home.resolve("postgres.log").toString(),
				"-o", "-p " + port + " -F -c listen_addresses=localhost -c unix_socket_directories=" + home,
				"-w", "-t", "60", "start"));
	}

	public String jdbcUrl() {
		return "jdbc:postgresql://localhost:" + port + "/postgres";
	}

	public String username() {
		return "postgres";
	}

	@Override
	public void close() {
		try {
			run(command(home.resolve("pg/bin/pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "stop"));
		} finally {
			deleteRecursively(home);
		}
	}

	private static void deleteRecursively(Path folder) {
		try (var paths = Files.walk(folder)) {
			paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> {
				try {
					Files.deleteIfExists(path);
				} catch (IOException e) {
					// best effort: a leftover temp file must not fail the test that used it
				}
			});
		} catch (IOException e) {
			// same
		}
	}

	private List<String> command(String... words) {
		List<String> command = new ArrayList<>(asUser);
		command.addAll(List.of(words));
		return command;
	}

	private static void run(List<String> command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes());
			if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
				throw new IllegalStateException("Failed: " + String.join(" ", command) + "\n" + output);
			}
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private static void extractBinaries(Path target) throws IOException {
		String osName = System.getProperty("os.name");
		String system = osName.startsWith("Mac") ? "Darwin" : "Linux";
		String osArch = System.getProperty("os.arch");
		String arch = osArch.equals("aarch64") || osArch.equals("arm64") ? "arm_64" : "x86_64";
		try (InputStream txz = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, arch);
				TarArchiveInputStream tar = new TarArchiveInputStream(new XZCompressorInputStream(txz))) {
			TarArchiveEntry entry;
			while ((entry = tar.getNextEntry()) != null) {
				Path out = target.resolve(entry.getName()).normalize();
				if (!out.startsWith(target)) {
					throw new IOException("Archive entry outside target: " + entry.getName());
				}
				if (entry.isDirectory()) {
					Files.createDirectories(out);
				} else if (entry.isSymbolicLink()) {
					Files.createDirectories(out.getParent());
					Files.deleteIfExists(out);
					Files.createSymbolicLink(out, Path.of(entry.getLinkName()));
				} else {
					Files.createDirectories(out.getParent());
					Files.copy(tar, out);
					Files.setPosixFilePermissions(out, permissions(entry.getMode()));
				}
			}
		}
	}

	private static Set<PosixFilePermission> permissions(int mode) {
		Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
		PosixFilePermission[] bits = {
				PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
				PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
				PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
		for (int i = 0; i < bits.length; i++) {
			if ((mode & (1 << i)) != 0) {
				permissions.add(bits[i]);
			}
		}
		return permissions;
	}
}
