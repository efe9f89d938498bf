package org.immunorisk.cds;

import org.immunorisk.models.RiskLevel;

import java.util.List;
import java.util.Map;

/**
 * One CDS service as data ({@code cds-hooks/services/<id>.json}): what discovery shows and how results become
 * cards. See cds-hooks/README.md for the fields.
 */
public record CdsServiceDescriptor(
		String id,
		String hook,
		String title,
		String description,
		Map<String, String> prefetch,
		List<String> models,
		String minimumRisk,
		Map<String, String> indicators,
		List<String> favourableOutcomes,
		List<Trigger> triggers,
		Source source) {

	public record Source(String label, String url) {}

	/** An order code that fires an order-select/order-sign service, with where the code comes from. */
	public record Trigger(String system, String code, String display, String source) {}

	public CdsServiceDescriptor {
		prefetch = prefetch == null ? Map.of() : Map.copyOf(prefetch);
		models = models == null ? List.of() : List.copyOf(models);
		indicators = indicators == null ? Map.of() : Map.copyOf(indicators);
		favourableOutcomes = favourableOutcomes == null ? List.of() : List.copyOf(favourableOutcomes);
		triggers = triggers == null ? List.of() : List.copyOf(triggers);
	}

	/** The trigger an order's coding matches, if any. */
	public java.util.Optional<Trigger> trigger(String system, String code) {
		return triggers.stream().filter(t -> t.system().equals(system) && t.code().equals(code)).findFirst();
	}

	/**
	 * How much a result concerns the clinician: the risk level itself, mirrored for outcomes where a high
	 * likelihood is good news (a high chance of responding to immunotherapy is no warning).
	 */
	public RiskLevel concern(String outcome, RiskLevel risk) {
		if (!favourableOutcomes.contains(outcome)) {
			return risk;
		}
		RiskLevel[] levels = RiskLevel.values();
		return levels[levels.length - 1 - risk.ordinal()];
	}

	public boolean earnsCard(RiskLevel concern) {
		return concern.ordinal() >= level(minimumRisk).ordinal();
	}

	public String indicator(RiskLevel concern) {
		return indicators.getOrDefault(concern.code(), "info");
	}

	private static RiskLevel level(String code) {
		for (RiskLevel level : RiskLevel.values()) {
			if (level.code().equals(code)) {
				return level;
			}
		}
		throw new IllegalStateException("Unknown risk level " + code);
	}
}
