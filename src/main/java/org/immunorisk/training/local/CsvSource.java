package org.immunorisk.training.local;

import org.immunorisk.features.UnitConverter;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Training data from a CSV with one row per patient: the columns the mapping names, inputs converted to each
 * feature's canonical unit with the server's {@link UnitConverter} (or refused when UCUM cannot convert them).
 * An empty (or "NA") input cell leaves the row out and is counted; an empty id or outcome is an error.
 */
final class CsvSource {

	/** Cells that mean "no value" in an input column. */
	private static final List<String> MISSING = List.of("", "NA", "N/A", "na", "n/a");

	private CsvSource() {}

	/** How one input column becomes the feature's value. */
	private record Column(Mapping.Input input, int index, double factor) {}

	static LocalData read(Mapping mapping, Path file, UnitConverter units, PrintStream out) {
		List<Column> plan = new ArrayList<>();
		List<double[]> factors = new ArrayList<>();
		for (Mapping.Input input : mapping.inputs()) {
			if (input.column() == null) {
				throw new LocalTrainingException(mapping.fileName() + ": " + input.path() + ".column is required to train"
						+ " from a CSV: which column holds " + input.name() + "?");
			}
			factors.add(new double[] {factor(mapping, input, units)});
		}
		CsvFile csv = CsvFile.read(file, "data file");
		out.printf("Read %d rows from %s (SHA-256 %s)%n", csv.rows().size(), csv.name(), csv.sha256());
		Map<String, String> wanted = Outcomes.columns(mapping); // every missing column in one message
		for (Mapping.Input input : mapping.inputs()) {
			wanted.putIfAbsent(input.column(), input.path() + ", " + input.name());
		}
		Map<String, Integer> index = csv.require(wanted);
		Outcomes outcomes = new Outcomes(mapping, csv, index);
		for (int j = 0; j < mapping.inputs().size(); j++) {
			Mapping.Input input = mapping.inputs().get(j);
			plan.add(new Column(input, index.get(input.column()), factors.get(j)[0]));
			out.println("  input " + input.name() + " <- column " + input.column() + describe(input, factors.get(j)[0]));
		}

		LocalData.Builder data = new LocalData.Builder();
		List<Map<String, Object>> inputSources = new ArrayList<>();
		for (Column column : plan) {
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("input", column.input().name());
			entry.put("column", column.input().column());
			if (column.input().feature().kind() == FeatureCatalogue.Kind.NUMBER) {
				entry.put("unitInFile", column.input().unit() == null ? column.input().feature().unit() : column.input().unit());
				entry.put("unit", column.input().feature().unit());
				entry.put("factor", column.factor());
			} else {
				entry.put("codes", column.input().encoding());
			}
			inputSources.add(entry);
		}
		for (CsvFile.Row row : csv.rows()) {
			Outcomes.Row outcome = outcomes.read(row); // ids, dates and outcomes are checked on every row, kept or not
			double[] x = new double[plan.size()];
			List<String> missing = new ArrayList<>();
			for (int j = 0; j < plan.size(); j++) {
				Column column = plan.get(j);
				String cell = row.cells().get(column.index());
				if (MISSING.contains(cell)) {
					missing.add(column.input().name());
				} else if (column.input().codes() != null) {
					Double number = column.input().codes().get(cell);
					if (number == null) {
						throw csv.cellError(row, column.input().column(), "\"" + cell + "\" is not one of the codes the mapping gives for "
								+ column.input().name() + " (" + String.join(", ", column.input().codes().keySet()) + ")");
					}
					x[j] = number;
				} else {
					x[j] = csv.number(row, column.index(), column.input().column()) * column.factor();
				}
			}
			if (!missing.isEmpty()) {
				missing.forEach(name -> data.exclude("missing " + name));
				continue;
			}
			outcome.addTo(data, x);
		}
		outcomes.checkDuplicates();
		Map<String, Object> source = new LinkedHashMap<>();
		source.put("kind", "csv");
		source.put("file", csv.name());
		source.put("sha256", csv.sha256());
		source.put("rows", csv.rows().size());
		source.put("inputs", inputSources);
		outcomes.describeTime(source);
		LocalData result = data.build(outcomes.survival(), csv.rows().size(), source, "CSV file " + csv.name() + " (SHA-256 "
				+ csv.sha256() + ")");
		report(result, out);
		return result;
	}

	/** Prints what was kept and what was left out. */
	static void report(LocalData data, PrintStream out) {
		if (data.rowsExcluded() > 0) {
			List<String> reasons = new ArrayList<>();
			data.excluded().forEach((reason, count) -> reasons.add(reason + ": " + count));
			out.println("Excluded " + data.rowsExcluded() + " of " + data.rowsRead() + " rows (not imputed): " + String.join("; ", reasons));
		}
		int events = java.util.Arrays.stream(data.outcome()).sum();
		out.printf("Using %d rows: %d %s, %d %s%n", data.rowsUsed(), events, data.label() != null ? "events (label 1)" : "events",
				data.rowsUsed() - events, data.label() != null ? "non-events (label 0)" : "censored");
	}

	/** The factor from the column's unit to the feature's unit, or a clear refusal. */
	static double factor(Mapping mapping, Mapping.Input input, UnitConverter units) {
		FeatureCatalogue.Entry feature = input.feature();
		if (feature.kind() != FeatureCatalogue.Kind.NUMBER) {
			return 1;
		}
		String target = feature.unit();
		String given = input.unit();
		if (target == null || given == null && dimensionless(target)) {
			return 1; // no canonical unit (the server uses the value as recorded), or a count, score or ratio
		}
		if (given == null) {
			throw new LocalTrainingException(mapping.fileName() + ": " + input.path() + ".unit is required: say which unit column \""
					+ input.column() + "\" is in (UCUM, e.g. \"" + target + "\"); " + feature.name() + " is in " + target);
		}
		if (given.equals(target)) {
			return 1;
		}
		Optional<Double> factor = units.convert(1.0, given, target);
		if (factor.isEmpty()) {
			throw new LocalTrainingException("Unit mismatch: " + mapping.fileName() + " " + input.path() + " says column \""
					+ input.column() + "\" is in \"" + given + "\", which cannot be converted to " + feature.name() + "'s unit \""
					+ target + "\" (not a UCUM unit, or not commensurable: e.g. mol and g need a molar mass). Convert the"
					+ " column to " + target + ", or give its unit in UCUM if it has one.");
		}
		return factor.get();
	}

	/** "1" or a UCUM annotation such as {ratio}: a pure number, which a column need not label. */
	private static boolean dimensionless(String unit) {
		return unit.equals("1") || unit.matches("\\{[^}]*}");
	}

	private static String describe(Mapping.Input input, double factor) {
		FeatureCatalogue.Entry feature = input.feature();
		if (input.codes() != null) {
			return " (codes " + input.encoding() + ")";
		}
		if (feature.unit() == null) {
			return input.unit() == null ? " (no canonical unit: values used as given)"
					: " (" + input.unit() + "; the feature has no canonical unit: values used as given)";
		}
		if (factor == 1) {
			return " (" + feature.unit() + ")";
		}
		return " (" + input.unit() + " converted to " + feature.unit() + ", x " + Numbers.plain(factor) + ")";
	}

	/**
	 * The outcome part of a file (patient id, optional index date, label or time and event): shared by the data CSV
	 * and the FHIR route's labels file, so both check it the same way.
	 */
	static final class Outcomes {

		private static final Map<String, Double> DAYS = Map.of("days", 1.0, "weeks", 7.0, "months", 365.25 / 12, "years", 365.25);

		private final Mapping mapping;
		private final CsvFile csv;
		private final int id;
		private final Integer indexDate;
		private final Integer label;
		private final Integer time;
		private final Integer event;
		private final Map<String, List<Long>> linesById = new LinkedHashMap<>();

		Outcomes(Mapping mapping, CsvFile csv, Map<String, Integer> columns) {
			this.mapping = mapping;
			this.csv = csv;
			Mapping.Columns c = mapping.columns();
			this.id = columns.get(c.patientId());
			this.indexDate = c.indexDate() == null ? null : columns.get(c.indexDate());
			this.label = c.label() == null ? null : columns.get(c.label());
			this.time = c.time() == null ? null : columns.get(c.time());
			this.event = c.event() == null ? null : columns.get(c.event());
		}

		/** A labels file: only the outcome columns. */
		static Outcomes of(Mapping mapping, CsvFile csv) {
			return new Outcomes(mapping, csv, csv.require(columns(mapping)));
		}

		/** The outcome part's columns and what each is for; an input column that is also one of them is refused. */
		static Map<String, String> columns(Mapping mapping) {
			Mapping.Columns c = mapping.columns();
			Map<String, String> wanted = new LinkedHashMap<>();
			wanted.put(c.patientId(), "columns.patientId");
			if (c.indexDate() != null) {
				wanted.putIfAbsent(c.indexDate(), "columns.indexDate");
			}
			if (c.label() != null) {
				wanted.putIfAbsent(c.label(), "columns.label");
			} else {
				wanted.putIfAbsent(c.time(), "columns.time");
				wanted.putIfAbsent(c.event(), "columns.event");
			}
			for (Mapping.Input input : mapping.inputs()) {
				if (input.column() != null && wanted.containsKey(input.column())) {
					throw new LocalTrainingException(mapping.fileName() + ": " + input.path() + ".column \"" + input.column()
							+ "\" is also " + wanted.get(input.column()) + "; an input must not be the outcome or the id");
				}
			}
			return wanted;
		}

		boolean survival() {
			return label == null;
		}

		/** One row's id, index date and outcome, checked. */
		Row read(CsvFile.Row row) {
			Mapping.Columns c = mapping.columns();
			String patient = csv.required(row, id, c.patientId(), "a patient id");
			linesById.computeIfAbsent(patient, k -> new ArrayList<>()).add(row.line());
			LocalDate date = indexDate == null ? null : csv.date(row, indexDate, c.indexDate());
			if (label != null) {
				return new Row(patient, date, csv.zeroOne(row, label, c.label()), Double.NaN);
			}
			csv.required(row, time, c.time(), "a follow-up time");
			double t = csv.number(row, time, c.time());
			if (t < 0) {
				throw csv.cellError(row, c.time(), "negative survival time " + Numbers.plain(t)
						+ " (follow-up runs from the index date to the event or censoring, so it cannot be negative)");
			}
			return new Row(patient, date, csv.zeroOne(row, event, c.event()), t * DAYS.get(c.timeUnit()));
		}

		/** Duplicate patient ids, all of them, with their lines: one row per patient, or the split would leak. */
		void checkDuplicates() {
			List<String> duplicates = new ArrayList<>();
			linesById.forEach((patient, lines) -> {
				if (lines.size() > 1) {
					duplicates.add(patient + " (lines " + String.join(", ", lines.stream().map(String::valueOf).toList()) + ")");
				}
			});
			if (!duplicates.isEmpty()) {
				throw new LocalTrainingException(csv.name() + ": duplicate patient id" + (duplicates.size() > 1 ? "s " : " ")
						+ String.join(", ", duplicates.subList(0, Math.min(10, duplicates.size())))
						+ (duplicates.size() > 10 ? " and " + (duplicates.size() - 10) + " more" : "")
						+ ". Give one row per patient (a patient in both the training and the held-out part would inflate the metrics).");
			}
		}

		void describeTime(Map<String, Object> source) {
			if (survival()) {
				source.put("timeUnitInFile", mapping.columns().timeUnit());
				source.put("timeInManifest", "days (" + mapping.columns().timeUnit() + " x " + Numbers.plain(DAYS.get(mapping.columns().timeUnit())) + ")");
			}
		}

		/** One row's outcome; {@code outcome} is the label or the event indicator. */
		record Row(String patient, LocalDate indexDate, int outcome, double days) {

			void addTo(LocalData.Builder data, double[] x) {
				data.ids.add(patient);
				data.x.add(x);
				data.indexDate(indexDate);
				if (Double.isNaN(days)) {
					data.label.add(outcome);
				} else {
					data.event.add(outcome);
					data.time.add(days);
				}
			}
		}
	}
}
