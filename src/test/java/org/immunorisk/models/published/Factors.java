package org.immunorisk.models.published;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.immunorisk.models.Contribution;
import org.immunorisk.models.Prediction;

/** Looks up contributions of a prediction by item name. */
final class Factors {

	private Factors() {}

	static Contribution factor(Prediction prediction, String item) {
		List<Contribution> found = prediction.factors().stream().filter(c -> c.input().equals(item)).toList();
		assertThat(found).as("contribution " + item + " in " + prediction.factors()).hasSize(1);
		return found.get(0);
	}

	static Double points(Prediction prediction, String item) {
		return factor(prediction, item).points();
	}

	/** Sum of the points of all contributions (null points count 0). */
	static double sum(Prediction prediction) {
		return prediction.factors().stream().map(Contribution::points).filter(p -> p != null)
				.mapToDouble(Double::doubleValue).sum();
	}
}
