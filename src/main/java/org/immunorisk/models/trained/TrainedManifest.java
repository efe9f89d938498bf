package org.immunorisk.models.trained;

import org.immunorisk.models.ModelDescription;
import org.immunorisk.models.ModelKind;

import java.util.List;

/**
 * What every trained model's manifest says about the model, whatever its kind: the artifact records implement it with
 * their own fields, so the description a served model gives is built in one place.
 */
public interface TrainedManifest {

	String id();

	String version();

	String title();

	String outcome();

	String intendedUse();

	String citation();

	String evidenceLevel();

	boolean trainedOnSyntheticData();

	/** The served model's description, with the feature names it reads. */
	default ModelDescription describe(List<String> inputs) {
		return new ModelDescription(id(), version(), title(), intendedUse(), citation(), inputs, outcome(),
				ModelKind.TRAINED_MODEL, evidenceLevel(), trainedOnSyntheticData());
	}
}
