package org.immunorisk.training.fhir;

import org.immunorisk.features.FeatureVector;
import org.immunorisk.training.CrcRadiomicsCohort.Series;
import org.immunorisk.training.fhir.CohortBundle.Column;
import org.immunorisk.training.fhir.CohortBundle.Compare;
import org.immunorisk.training.fhir.CohortBundle.Subject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Compares the inputs the server extracted from a synthetic patient's FHIR resources with the patient's row of the
 * cohort CSV (the text the models are trained on, parsed here on its own), column by column as the cohort's
 * {@link Column}s say. CRC columns are per series ({@code <series>:<PyRadiomics column>}), taken from the patient's row of
 * that lesion and phase.
 */
final class CsvParity {

	/** Relative tolerance: the values travel as decimal text and are converted only within the same unit. */
	static final double TOLERANCE = 1e-9;

	record Result(int compared, List<String> mismatches) {}

	private final Map<String, List<Map<String, String>>> rowsById = new HashMap<>();

	CsvParity(String csv) {
		String[] lines = csv.split("\n");
		String[] header = lines[0].split(",", -1);
		for (int i = 1; i < lines.length; i++) {
			String[] values = lines[i].split(",", -1);
			Map<String, String> row = new HashMap<>();
			for (int c = 0; c < header.length; c++) {
				row.put(header[c], values[c]);
			}
			rowsById.computeIfAbsent(values[0], k -> new ArrayList<>()).add(row);
		}
	}

	Result compare(List<Column> columns, Subject subject, FeatureVector features) {
		List<Map<String, String>> rows = rowsById.get(subject.sourceId());
		if (rows == null) {
			return new Result(0, List.of(subject.sourceId() + ": no CSV row"));
		}
		int compared = 0;
		List<String> mismatches = new ArrayList<>();
		for (Column column : columns) {
			if (column.feature() == null || column.compare() == Compare.NONE) {
				continue;
			}
			Optional<String> csv = value(rows, column.csvColumn());
			if (csv.isEmpty()) {
				continue; // a series this patient was not imaged in
			}
			compared++;
			String problem = check(column, csv.get(), features);
			if (problem != null) {
				mismatches.add(subject.patientId() + " " + column.csvColumn() + " -> " + column.feature() + ": " + problem);
			}
		}
		return new Result(compared, mismatches);
	}

	/** The CSV value of a column; for {@code <series>:<column>} the value in the row of that lesion and phase. */
	private static Optional<String> value(List<Map<String, String>> rows, String csvColumn) {
		int colon = csvColumn.indexOf(':');
		if (colon < 0) {
			return Optional.ofNullable(rows.get(0).get(csvColumn));
		}
		String seriesCode = csvColumn.substring(0, colon);
		String column = csvColumn.substring(colon + 1);
		for (Series series : Series.values()) {
			if (series.code().equals(seriesCode)) {
				return rows.stream().filter(r -> series.lesion().equals(r.get("lesion")) && series.phase().equals(r.get("phase")))
						.findFirst().map(r -> r.get(column));
			}
		}
		throw new IllegalArgumentException("unknown series " + seriesCode);
	}

	private static String check(Column column, String csv, FeatureVector features) {
		String name = column.feature();
		return switch (column.compare()) {
			case NUMBER -> {
				double expected = Double.parseDouble(csv);
				Optional<Double> actual = features.number(name);
				if (actual.isEmpty()) {
					yield "missing (" + features.missingReason(name).orElse("no value found") + "), CSV " + csv;
				}
				yield Math.abs(actual.get() - expected) <= TOLERANCE * Math.max(1, Math.abs(expected)) ? null
						: "extracted " + actual.get() + ", CSV " + csv;
			}
			case CODE -> features.code(name).filter(csv::equals).isPresent() ? null
					: "extracted " + features.code(name).orElse("nothing") + ", CSV " + csv;
			case FLAG -> features.flag(name).filter(f -> f == csv.equals("1")).isPresent() ? null
					: "extracted " + features.flag(name).map(String::valueOf).orElse("nothing") + ", CSV " + csv;
			case FEMALE -> features.code(name).filter(sex -> sex.equals(csv.equals("1") ? "female" : "male")).isPresent() ? null
					: "extracted " + features.code(name).orElse("nothing") + ", CSV female=" + csv;
			case MEMBER -> features.codes(name).contains(column.member()) == csv.equals("1") ? null
					: "codes " + features.codes(name) + ", CSV " + column.member() + "=" + csv;
			case NONE -> null;
		};
	}
}
