package org.immunorisk.models.published;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.immunorisk.features.Feature;
import org.immunorisk.features.FeatureVector;
import org.immunorisk.models.Contribution;

/**
 * Helpers shared by the published scores: number formatting, "above the upper limit of normal" with an
 * explicit unknown, and a tally of points that keeps, next to the points of the available items, the most
 * the missing items could still add. A score decides its category only when that range cannot cross a
 * threshold; otherwise it says which inputs are missing (missing inputs are reported, never imputed).
 *
 * <p>Banding of non-integer values. Several papers give their bands on integer scales (e.g. "0–25 mm",
 * "26–90 mm"). ImmunoRisk assigns a value that falls between two such bands (25.5 mm) to the upper band: a
 * value belongs to a band once it exceeds the published upper bound of the band below.
 */
final class Support {

	static final String VERSION = "1.0.0";

	static final String RESEARCH_USE = " For research and clinical decision support only: it does not make a"
			+ " diagnosis, and the treating clinician remains responsible for every decision.";

	private Support() {}

	/** Three-valued logic for criteria whose input may be missing. */
	enum Tri {
		TRUE, FALSE, UNKNOWN;

		static Tri of(boolean value) {
			return value ? TRUE : FALSE;
		}

		static Tri of(Optional<Boolean> value) {
			return value.map(Tri::of).orElse(UNKNOWN);
		}
	}

	/** A number for rationales: at most 3 decimals, no trailing zeros. */
	static String fmt(double value) {
		BigDecimal decimal = BigDecimal.valueOf(value).setScale(3, RoundingMode.HALF_UP).stripTrailingZeros();
		return decimal.scale() < 0 ? decimal.setScale(0).toPlainString() : decimal.toPlainString();
	}

	/** Rounds to 2 decimals (points sums made of 0.02 and 0.5 steps must not carry binary noise). */
	static double round2(double value) {
		return BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP).doubleValue();
	}

	/** The feature's human-readable value, or "not recorded". */
	static String display(FeatureVector features, String name) {
		return features.get(name).map(Feature::display).orElse("not recorded");
	}

	static boolean anyPresent(FeatureVector features, String... names) {
		for (String name : names) {
			if (features.has(name)) {
				return true;
			}
		}
		return false;
	}

	/** Names with the extractor's reason for absence where it gives one, for summaries. */
	static String describeMissing(FeatureVector features, Collection<String> names) {
		List<String> parts = new ArrayList<>();
		for (String name : names) {
			parts.add(features.missingReason(name).map(reason -> name + " (" + reason + ")").orElse(name));
		}
		return String.join(", ", parts);
	}

	/**
	 * Result of comparing a value with its reference limit; {@code missing} names the absent input(s) when
	 * the comparison is unknown.
	 */
	record LimitCheck(Tri above, double value, double limit, List<String> missing) {

		boolean known() {
			return above != Tri.UNKNOWN;
		}

		/** value / limit; only when known. */
		double multiple() {
			return value / limit;
		}
	}

	/** Whether {@code valueName} is above {@code limitName} (its ULN); unknown when either is absent. */
	static LimitCheck aboveLimit(FeatureVector features, String valueName, String limitName) {
		Optional<Double> value = features.number(valueName);
		if (value.isEmpty()) {
			return new LimitCheck(Tri.UNKNOWN, Double.NaN, Double.NaN, List.of(valueName));
		}
		Optional<Double> limit = features.number(limitName);
		if (limit.isEmpty() || limit.get() <= 0) {
			return new LimitCheck(Tri.UNKNOWN, value.get(), Double.NaN, List.of(limitName));
		}
		return new LimitCheck(Tri.of(value.get() > limit.get()), value.get(), limit.get(), List.of());
	}

	/** "85 [IU]/mL (ULN 15)" for a known comparison, for contributions. */
	static String withLimit(FeatureVector features, String valueName, String limitName) {
		return display(features, valueName) + " (ULN " + display(features, limitName) + ")";
	}

	/**
	 * Points of a score: those of the available items ({@link #points()}), the most the missing items could
	 * still add ({@link #maxExtra()}), the contributions, the inputs used and the missing inputs.
	 */
	static final class Tally {
		private final FeatureVector features;
		private double points;
		private double maxExtra;
		private final List<Contribution> factors = new ArrayList<>();
		private final Set<String> used = new LinkedHashSet<>();
		private final Set<String> missing = new LinkedHashSet<>();

		Tally(FeatureVector features) {
			this.features = features;
		}

		/** An item scored from available inputs. */
		void add(String item, String value, double itemPoints, String explanation, Collection<String> inputs) {
			points += itemPoints;
			factors.add(new Contribution(item, value, itemPoints, explanation));
			use(inputs);
		}

		/**
		 * An item whose inputs are partly or wholly missing: {@code minPoints} is what the available inputs
		 * give (counted), {@code maxPoints} the most the item could give once measured.
		 */
		void partial(String item, String value, double minPoints, double maxPoints, String explanation,
				Collection<String> inputs, Collection<String> missingInputs) {
			points += minPoints;
			maxExtra += Math.max(0, maxPoints - minPoints);
			factors.add(new Contribution(item, value, missingInputs.isEmpty() || minPoints > 0 ? minPoints : null,
					explanation + (maxPoints > minPoints
							? "; missing " + String.join(", ", missingInputs) + " could add up to "
									+ fmt(maxPoints - minPoints) + " points"
							: "")));
			use(inputs);
			missing.addAll(missingInputs);
		}

		/** A contribution without points (a flag, an exclusion, a note). */
		void note(String item, String value, String explanation, Collection<String> inputs) {
			factors.add(new Contribution(item, value, null, explanation));
			use(inputs);
		}

		void missing(Collection<String> names) {
			missing.addAll(names);
		}

		private void use(Collection<String> inputs) {
			for (String input : inputs) {
				if (features.has(input)) {
					used.add(input);
				}
			}
		}

		double points() {
			return round2(points);
		}

		double maxPoints() {
			return round2(points + maxExtra);
		}

		List<Contribution> factors() {
			return List.copyOf(factors);
		}

		List<String> used() {
			return List.copyOf(used);
		}

		List<String> missingInputs() {
			return List.copyOf(missing);
		}

		boolean complete() {
			return missing.isEmpty();
		}
	}
}
