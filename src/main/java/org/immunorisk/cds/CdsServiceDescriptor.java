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
		List<PendingResult> pendingResults,
		Source source) {

	public record Source(String label, String url) {}

	/** An order code that fires an order-select/order-sign service, with where the code comes from. */
	public record Trigger(String system, String code, String display, String source) {}

	/**
	 * For a test order: which model input its result becomes, the models that input feeds, and the results
	 * to suppose (one per band that the models distinguish), so the card can show what the result would add.
	 *
	 * @param source where the bands come from (the criteria whose cut-offs they straddle)
	 */
	public record PendingResult(String system, String code, String input, String unit, List<String> models,
			List<Scenario> scenarios, String source) {

		public PendingResult {
			models = List.copyOf(models);
			scenarios = List.copyOf(scenarios);
			if (scenarios.isEmpty() || models.isEmpty()) {
				throw new IllegalStateException("pendingResults for " + system + "|" + code + " need models and scenarios");
			}
		}

		public boolean matches(Trigger trigger) {
			return system.equals(trigger.system()) && code.equals(trigger.code());
		}
	}

	/** One supposed result: a number in the input's unit, or codes (HLA alleles) added to those on record. */
	public record Scenario(String label, Double value, List<String> codes) {

		public Scenario {
			codes = codes == null ? List.of() : List.copyOf(codes);
			if ((value == null) == codes.isEmpty()) {
				throw new IllegalStateException("Scenario '" + label + "' needs either a value or codes");
			}
		}
	}

	public CdsServiceDescriptor {
		prefetch = prefetch == null ? Map.of() : Map.copyOf(prefetch);
		models = models == null ? List.of() : List.copyOf(models);
		indicators = indicators == null ? Map.of() : Map.copyOf(indicators);
		favourableOutcomes = favourableOutcomes == null ? List.of() : List.copyOf(favourableOutcomes);
		triggers = triggers == null ? List.of() : List.copyOf(triggers);
		pendingResults = pendingResults == null ? List.of() : List.copyOf(pendingResults);
	}

	/** What the result of the order a trigger stands for would add, when this service says. */
	public java.util.Optional<PendingResult> pendingResult(Trigger trigger) {
		return pendingResults.stream().filter(p -> p.matches(trigger)).findFirst();
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
