package org.immunorisk.training.fhir;

import org.hl7.fhir.r4.model.Resource;

import java.time.LocalDate;
import java.util.List;
import java.util.function.Supplier;

/**
 * One synthetic cohort as FHIR: its CSV (the exact text the training pipeline writes), one {@link Subject} per patient
 * with the resources that carry the patient's inputs, how each CSV column is expressed (or why it is not), and the
 * outcome labels, which never go into FHIR.
 *
 * @param name       directory name under {@code target/training/bundles/} (also the CSV's base name)
 * @param title      what the cohort is
 * @param generator  generator class and version (e.g. {@code IgG4RdCohort v1})
 * @param seed       the generator's seed (the one the shipped models were trained with)
 * @param models     the served models trained on this cohort
 * @param csv        the cohort as CSV, byte for byte what {@code TrainModels} writes to {@code target/training/}
 * @param subjects   one per patient, in CSV order
 * @param columns    every CSV column and what became of it
 * @param notes      further statements for the cohort's README (assumptions, what could not be expressed)
 * @param labelFiles the outcome files ({@code labels.csv} first)
 */
public record CohortBundle(String name, String title, String generator, long seed, List<String> models, String csv,
		List<Subject> subjects, List<Column> columns, List<String> notes, List<LabelFile> labelFiles) {

	public CohortBundle {
		models = List.copyOf(models);
		subjects = List.copyOf(subjects);
		columns = List.copyOf(columns);
		notes = List.copyOf(notes);
		labelFiles = List.copyOf(labelFiles);
	}

	/**
	 * One synthetic patient.
	 *
	 * @param patientId logical id of the Patient in the bundles (the {@code patient} column of the labels)
	 * @param sourceId  the row id of the cohort CSV (also the Patient's identifier value)
	 * @param indexDate the date every input is dated on: features as of this date
	 * @param resources builds the patient's resources (Patient first); built on demand, so a cohort of 35 000
	 *                  radiomics Observations is never all in memory
	 */
	public record Subject(String patientId, String sourceId, LocalDate indexDate, Supplier<List<Resource>> resources) {}

	/** What a CSV column became. */
	public enum Use {
		/** the row id: Patient.identifier (system {@value SyntheticRecord#PATIENT_IDENTIFIER_SYSTEM}) */
		IDENTIFIER,
		/** a model input written as its profiled resource, read by a feature of feature-definitions.json */
		INPUT_READ,
		/** written as a profiled, coded resource, but no feature of feature-definitions.json reads it (yet) */
		INPUT_STORED,
		/** not written: no ImmunoRisk profile or code carries it (see the column's note) */
		NOT_EXPRESSED,
		/** an outcome: in the labels files only, never in FHIR */
		LABEL,
		/** who the row belongs to (sub-cohort, treatment): in the labels files, not in FHIR (see the note) */
		STRATUM
	}

	/**
	 * How a CSV value compares with the server's extracted input (for the parity check).
	 */
	public enum Compare {
		/** the CSV number equals the input's number (same canonical unit) */
		NUMBER,
		/** the CSV text equals the input's code (e.g. male / female, upper-only) */
		CODE,
		/** CSV 1/0 equals the input's boolean */
		FLAG,
		/** CSV 1/0 "female" equals sex = female / male */
		FEMALE,
		/** CSV 1/0 equals whether the input's code set holds {@link Column#member()} */
		MEMBER,
		/** not compared */
		NONE
	}

	/**
	 * One CSV column.
	 *
	 * @param csvColumn the CSV header
	 * @param use       what became of it
	 * @param fhir      where it is in FHIR (resource, profile, code, unit), or empty
	 * @param feature   the feature-definitions.json input it is read as (or a derived input: age, sex), or null
	 * @param compare   how the parity check compares it
	 * @param member    for {@link Compare#MEMBER}: the code
	 * @param note      why, when not expressed; or any caveat
	 */
	public record Column(String csvColumn, Use use, String fhir, String feature, Compare compare, String member, String note) {

		static Column read(String csvColumn, String fhir, String feature, Compare compare) {
			return new Column(csvColumn, Use.INPUT_READ, fhir, feature, compare, null, "");
		}

		static Column other(String csvColumn, Use use, String fhir, String note) {
			return new Column(csvColumn, use, fhir, null, Compare.NONE, null, note);
		}
	}

	/** A labels CSV: {@code patient,index_date,outcome} (or {@code time,event}) first, then any extra columns. */
	public record LabelFile(String fileName, String description, List<String> header, List<List<String>> rows) {

		public LabelFile {
			header = List.copyOf(header);
			rows = rows.stream().map(List::copyOf).toList();
		}

		public String csv() {
			StringBuilder csv = new StringBuilder(String.join(",", header)).append('\n');
			rows.forEach(row -> csv.append(String.join(",", row)).append('\n'));
			return csv.toString();
		}
	}
}
