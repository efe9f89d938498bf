package org.immunorisk.assessment;

import org.immunorisk.features.FeatureVector;
import org.immunorisk.features.PatientRecord;

import java.time.LocalDate;
import java.util.List;

/**
 * Every model result for one patient on one date, with the inputs they were computed from. The single
 * product of the assessment service: stored RiskAssessments and CDS cards are both made from it.
 */
public record Assessment(PatientRecord record, LocalDate date, FeatureVector features, List<ModelResult> results) {

	public Assessment {
		results = List.copyOf(results);
	}

	public List<ModelResult> computed() {
		return results.stream().filter(r -> r.prediction().computed()).toList();
	}

	public List<ModelResult> notComputed() {
		return results.stream().filter(r -> !r.prediction().computed()).toList();
	}
}
