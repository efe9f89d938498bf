package org.immunorisk.training.local;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The training table either source gives (CSV or FHIR store): one row per patient kept, the inputs in the mapping's
 * order in the feature's canonical unit (coded inputs already as the mapping's numbers), and the outcome; plus what
 * was left out and why, and the provenance of the data for the manifest.
 *
 * @param label       0/1 per row (logistic); null for survival
 * @param timeDays    follow-up in days (survival); null for logistic
 * @param event       1 = the event happened, 0 = censored (survival); null for logistic
 * @param rowsRead    rows (patients) listed in the file
 * @param excluded    rows left out, with the counts per reason ("missing crp: 4"); nothing is imputed
 * @param source      provenance of the data, as it goes into the manifest
 * @param description one sentence for the card and the citation: where the data came from
 */
record LocalData(List<String> patientIds, double[][] x, int[] label, double[] timeDays, int[] event,
		LocalDate firstIndexDate, LocalDate lastIndexDate, int rowsRead, Map<String, Integer> excluded,
		Map<String, Object> source, String description) {

	LocalData {
		patientIds = List.copyOf(patientIds);
		excluded = Collections.unmodifiableMap(new LinkedHashMap<>(excluded));
		source = Collections.unmodifiableMap(new LinkedHashMap<>(source));
	}

	int rowsUsed() {
		return patientIds.size();
	}

	int rowsExcluded() {
		return rowsRead - rowsUsed();
	}

	/** 0/1 outcome per row: the label, or the event indicator for survival. */
	int[] outcome() {
		return label != null ? label : event;
	}

	/** The provenance entries every local manifest carries, in a fixed order (the existing cards read these keys). */
	Map<String, Object> provenance(Mapping mapping) {
		Map<String, Object> provenance = new LinkedHashMap<>();
		provenance.put("trainingData", "LOCAL: " + description);
		provenance.put("cohortSha256", source.get("sha256"));
		provenance.put("cohortRows", rowsRead);
		provenance.put("rowsUsed", rowsUsed());
		provenance.put("rowsExcluded", rowsExcluded());
		provenance.put("exclusions", excluded.isEmpty() ? "none" : excluded);
		provenance.put("imputation", "none: rows with a missing input are left out");
		if (firstIndexDate != null) {
			provenance.put("indexDates", firstIndexDate + " to " + lastIndexDate);
		}
		provenance.put("dataSource", source);
		Map<String, Object> mappingFile = new LinkedHashMap<>();
		mappingFile.put("file", mapping.fileName());
		mappingFile.put("sha256", mapping.sha256());
		provenance.put("mapping", mappingFile);
		return provenance;
	}

	/** Collects kept rows and exclusion counts while a source reads. */
	static final class Builder {
		final List<String> ids = new ArrayList<>();
		final List<double[]> x = new ArrayList<>();
		final List<Integer> label = new ArrayList<>();
		final List<Double> time = new ArrayList<>();
		final List<Integer> event = new ArrayList<>();
		final Map<String, Integer> excluded = new LinkedHashMap<>();
		LocalDate first;
		LocalDate last;

		void indexDate(LocalDate date) {
			if (date != null) {
				first = first == null || date.isBefore(first) ? date : first;
				last = last == null || date.isAfter(last) ? date : last;
			}
		}

		void exclude(String reason) {
			excluded.merge(reason, 1, Integer::sum);
		}

		LocalData build(boolean survival, int rowsRead, Map<String, Object> source, String description) {
			return new LocalData(ids, x.toArray(double[][]::new),
					survival ? null : label.stream().mapToInt(Integer::intValue).toArray(),
					survival ? time.stream().mapToDouble(Double::doubleValue).toArray() : null,
					survival ? event.stream().mapToInt(Integer::intValue).toArray() : null, first, last, rowsRead, excluded,
					source, description);
		}
	}
}
