package org.immunorisk.models;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The models the server can run, by id. Trained models join the same registry. */
public final class ModelRegistry {

	private final Map<String, RiskModel> models = new LinkedHashMap<>();

	public ModelRegistry(Collection<? extends RiskModel> models) {
		models.forEach(this::register);
	}

	public synchronized void register(RiskModel model) {
		String id = model.description().id();
		if (models.containsKey(id)) {
			throw new IllegalArgumentException("Two models with id " + id);
		}
		models.put(id, model);
	}

	/** Puts {@code model} in place of the model with its id (a locally trained model retrained and reloaded). */
	public synchronized void replace(RiskModel model) {
		String id = model.description().id();
		if (!models.containsKey(id)) {
			throw new IllegalArgumentException("No model with id " + id + " to replace");
		}
		models.put(id, model);
	}

	/** Withdraws a model (its manifest was removed); true if it was registered. */
	public synchronized boolean remove(String id) {
		return models.remove(id) != null;
	}

	public synchronized Optional<RiskModel> find(String id) {
		return Optional.ofNullable(models.get(id));
	}

	public synchronized List<RiskModel> all() {
		return List.copyOf(models.values());
	}
}
