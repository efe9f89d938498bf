package org.immunorisk.models.local;

import org.immunorisk.assessment.ModelCatalogue;
import org.immunorisk.models.ModelCodes;
import org.immunorisk.models.ModelRegistry;
import org.immunorisk.models.RiskModel;
import org.immunorisk.models.trained.TrainedModels;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Serves locally trained models without a rebuild or restart: the manifests ({@code <id>.json}) of a folder
 * ({@code immunorisk.models.directory}) are loaded at start and the folder is re-scanned every
 * {@code scan-interval}. A new manifest joins the registry and the model catalogue; a changed one (a retrained
 * model) replaces its model; a removed one withdraws it (its Library is retired). The training command writes a
 * manifest last and by an atomic move, so a scan never sees a model whose sibling files are still being written;
 * names starting with '.' (its temporary files) are ignored.
 *
 * <p>A manifest that does not load is logged as an error once per content and is not served (the version loaded
 * before from the same file, if any, stays until the file is fixed or removed): the server keeps running, because a
 * hospital's half-finished training run must not take down the predictions that work. A manifest may not take the
 * id of a shipped model: shipped models are reviewed with the release, a local file must not silently replace one.
 */
public final class LocalModelDirectory implements ApplicationListener<ApplicationReadyEvent>, DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(LocalModelDirectory.class);

	/**
	 * What a scan found for one manifest file.
	 *
	 * @param error   why its current content was refused; null when it loaded
	 * @param serving whether a model from this file is in service: the current content, or (after a refused edit)
	 *                the version loaded before it
	 */
	public record Entry(String file, String sha256, String modelId, String error, boolean serving) {

		public boolean loaded() {
			return error == null;
		}
	}

	private final Path directory;
	private final Duration scanInterval;
	private final ModelRegistry registry;
	private final ModelCatalogue catalogue;
	/** Ids of the models that came with the release (never replaced from the folder). */
	private final Set<String> shipped;
	/** By manifest file name: what was last loaded or refused. */
	private final Map<String, Entry> entries = new LinkedHashMap<>();
	/**
	 * The ids served from the folder, replaced at the end of each scan: card requests read it without waiting for a
	 * scan in progress (which holds the lock through loading and database writes).
	 */
	private volatile List<String> serving = List.of();
	private ScheduledExecutorService scanner;
	private boolean publishing;

	/** Loads the folder's models into {@code registry} (they reach the catalogue with everything else at start). */
	public LocalModelDirectory(Path directory, Duration scanInterval, ModelRegistry registry, ModelCatalogue catalogue) {
		this.directory = directory.toAbsolutePath().normalize();
		this.scanInterval = scanInterval;
		this.registry = registry;
		this.catalogue = catalogue;
		this.shipped = new HashSet<>(registry.all().stream().map(m -> m.description().id()).toList());
		if (!Files.isDirectory(this.directory)) {
			throw new IllegalStateException("immunorisk.models.directory " + this.directory + " is not a folder");
		}
		warnIfOthersCanWrite(this.directory);
		scan();
		log.info("Local models: {} loaded from {}, re-scanned every {}", models().size(), this.directory, scanInterval);
	}

	/** Whoever can write the folder decides what the server predicts: say so loudly when that is not only its owner. */
	private static void warnIfOthersCanWrite(Path folder) {
		try {
			java.util.Set<java.nio.file.attribute.PosixFilePermission> permissions = Files.getPosixFilePermissions(folder);
			if (permissions.contains(java.nio.file.attribute.PosixFilePermission.OTHERS_WRITE)
					|| permissions.contains(java.nio.file.attribute.PosixFilePermission.GROUP_WRITE)) {
				log.warn("""

						*****************************************************************************
						*  ImmunoRisk: the local models folder {} can be written by its group or by anyone:
						*  whoever writes a manifest there decides what this server predicts. Restrict it (chmod go-w).
						*****************************************************************************""", folder);
			}
		} catch (UnsupportedOperationException | IOException e) {
			log.info("Local models: could not read the permissions of {} ({}): check that only the server's owner can write it",
					folder, e.getMessage());
		}
	}

	public Path directory() {
		return directory;
	}

	/** The ids of the models currently served from the folder. */
	public List<String> models() {
		return serving;
	}

	/** Whether {@code modelId} is served from the folder (its card and images then live there too). */
	public boolean serves(String modelId) {
		return serving.contains(modelId);
	}

	public synchronized Optional<Entry> entry(String manifestFile) {
		return Optional.ofNullable(entries.get(manifestFile));
	}

	/**
	 * Starts the periodic scan once the application is ready, that is after the catalogue has published everything
	 * registered at start (its own start-up callback), so the two never write the same Library at once.
	 */
	@Override
	public void onApplicationEvent(ApplicationReadyEvent event) {
		if (scanner != null) {
			return; // one scanner, even if the event comes twice (a parent and a child context)
		}
		synchronized (this) {
			publishing = true;
		}
		scanner = Executors.newSingleThreadScheduledExecutor(runnable -> {
			Thread thread = new Thread(runnable, "immunorisk-local-models");
			thread.setDaemon(true);
			return thread;
		});
		long millis = Math.max(1000, scanInterval.toMillis());
		scanner.scheduleWithFixedDelay(() -> {
			try {
				scan();
			} catch (RuntimeException e) { // a scan must never kill the scanner thread
				log.error("Local models: scan of {} failed: {}", directory, e.toString());
			}
		}, millis, millis, TimeUnit.MILLISECONDS);
	}

	@Override
	public void destroy() {
		if (scanner != null) {
			scanner.shutdownNow();
		}
	}

	/** One pass over the folder: load new and changed manifests, withdraw removed ones. Returns what changed. */
	public synchronized List<Entry> scan() {
		List<Entry> changed = new ArrayList<>();
		Map<String, Path> present = manifests();
		for (Map.Entry<String, Path> file : present.entrySet()) {
			byte[] content;
			try {
				content = Files.readAllBytes(file.getValue());
			} catch (IOException e) {
				continue; // removed or unreadable between listing and reading: the next scan sees it again
			}
			String sha256 = sha256(content);
			Entry known = entries.get(file.getKey());
			if (known != null && known.sha256().equals(sha256)) {
				continue;
			}
			Entry entry = load(file.getKey(), file.getValue(), sha256, known);
			if (entry != null) { // null: publishing failed, nothing changed; the next scan tries again
				entries.put(file.getKey(), entry);
				changed.add(entry);
			}
		}
		for (String gone : new ArrayList<>(entries.keySet())) {
			if (!present.containsKey(gone)) {
				Entry entry = entries.remove(gone);
				if (entry.serving()) {
					registry.remove(entry.modelId());
					retire(entry.modelId());
					log.warn("Local models: {} removed, model {} withdrawn", gone, entry.modelId());
				}
				changed.add(new Entry(gone, entry.sha256(), entry.modelId(), "removed", false));
			}
		}
		serving = entries.values().stream().filter(Entry::serving).map(Entry::modelId).distinct().toList();
		return changed;
	}

	/** Local model ids: they become Library ids, RiskAssessment ids and URL paths (the training command's rule). */
	private static final java.util.regex.Pattern LOCAL_ID = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9-]{0,46}");

	/**
	 * Loads one new or changed manifest. A refused one leaves the version this file put in service (if any) in service,
	 * so a bad edit does not silently take a working model away; removing the file withdraws it.
	 */
	private Entry load(String fileName, Path file, String sha256, Entry previous) {
		String expectedId = fileName.substring(0, fileName.length() - ".json".length());
		boolean serving = previous != null && previous.serving();
		if (!LOCAL_ID.matcher(expectedId).matches()) {
			return refuse(fileName, sha256, expectedId, "the file name must be <id>.json with an id of lower-case letters, "
					+ "digits and hyphens, at most 47 characters", serving);
		}
		RiskModel model;
		try {
			model = TrainedModels.load(file);
		} catch (IOException | RuntimeException e) {
			return refuse(fileName, sha256, expectedId, "does not load: " + e.getMessage(), serving);
		}
		String id = model.description().id();
		if (!id.equals(expectedId)) {
			return refuse(fileName, sha256, expectedId, "the model id '" + id + "' must match the file name (" + id + ".json)",
					serving);
		}
		if (!ModelCodes.isOutcome(model.description().outcome())) {
			return refuse(fileName, sha256, id, "outcome '" + model.description().outcome() + "' is not an ImmunoRisk outcome "
					+ "code (terminology/CodeSystem-immunorisk-outcome.json: " + String.join(", ", ModelCodes.outcomes()) + ")",
					serving);
		}
		if (shipped.contains(id) || ModelCodes.MODEL_SYSTEM.equals(ModelCodes.system(id))) {
			return refuse(fileName, sha256, id, "'" + id + "' is the id of a model shipped with ImmunoRisk; a local model "
					+ "may not replace it (choose another id)", serving);
		}
		if (!serving && registry.find(id).isPresent()) {
			return refuse(fileName, sha256, id, "a model with id '" + id + "' is already served", false);
		}
		if (publishing) {
			try {
				catalogue.publish(model); // first: a model the catalogue does not list must not be served
			} catch (RuntimeException e) {
				log.error("Local models: {} not loaded: its Library could not be written ({}); tried again at the next scan",
						fileName, e.getMessage());
				return null;
			}
		}
		if (serving) {
			registry.replace(model);
		} else {
			registry.register(model);
		}
		log.info("Local models: {} {} {} from {} (SHA-256 {}){}", serving ? "reloaded" : "loaded", id,
				model.description().version(), fileName, sha256.substring(0, 12),
				model.description().trainedOnSyntheticData() ? "" : "; locally trained, not validated by ImmunoRisk");
		return new Entry(fileName, sha256, id, null, true);
	}

	private void retire(String modelId) {
		if (!publishing) {
			return;
		}
		try {
			catalogue.retire(modelId);
		} catch (RuntimeException e) {
			log.error("Local models: model {} withdrawn, but its Library could not be marked retired: {}", modelId, e.getMessage());
		}
	}

	private Entry refuse(String fileName, String sha256, String id, String reason, boolean stillServing) {
		// Logged once per content: the scan comes back every few seconds and must not flood the log.
		log.error("Local models: {} refused: {}. {}Fix or remove the file; it is read again when it changes.", fileName, reason,
				stillServing ? "The version loaded before stays in service until then. " : "");
		return new Entry(fileName, sha256, id, reason, stillServing);
	}

	private Map<String, Path> manifests() {
		Map<String, Path> found = new LinkedHashMap<>();
		try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*.json")) {
			List<Path> sorted = new ArrayList<>();
			files.forEach(sorted::add);
			sorted.sort(null);
			for (Path file : sorted) {
				String name = file.getFileName().toString();
				// not a symbolic link: the folder's content is what is served, nothing it points to elsewhere
				if (!name.startsWith(".") && Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
					found.put(name, file);
				}
			}
		} catch (IOException e) {
			log.error("Local models: cannot list {}: {}", directory, e.getMessage());
			// keep what is loaded: a folder briefly unreadable (a remount) must not withdraw every model
			entries.keySet().forEach(name -> found.put(name, directory.resolve(name)));
		}
		return found;
	}

	private static String sha256(byte[] content) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}
}
