package org.immunorisk.training.local;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every kind of bad input ends the command with a message that says what is wrong and where, exit code 1 (2 for
 * wrong arguments), no stack trace, and no file in the output folder. The messages asserted here are the ones
 * docs/training-on-your-data.md quotes.
 */
class BadDataTest {

	@TempDir
	Path tmp;

	private Path out() {
		return tmp.resolve("models");
	}

	/** The example RA data with one change per line (data lines only; the header is line 1). */
	private Path raCsv(UnaryOperator<List<String>> change) {
		return Command.write(tmp, "data.csv", String.join("\n", change.apply(new ArrayList<>(LocalTrainingExamples.raProgression()
				.lines().toList()))) + "\n");
	}

	private Path raMapping(UnaryOperator<ObjectNode> change) {
		return Command.write(tmp, "mapping.json", change.apply(Command.mapping("ra-progression-mapping.json")));
	}

	private Command.Run ra(Path mapping, Path csv) {
		return Command.run("--mapping", mapping.toString(), "--csv", csv.toString(), "--out", out().toString());
	}

	private Command.Run raWithMapping(UnaryOperator<ObjectNode> change) {
		return ra(raMapping(change), raCsv(UnaryOperator.identity()));
	}

	private Command.Run raWithData(UnaryOperator<List<String>> change) {
		return ra(raMapping(UnaryOperator.identity()), raCsv(change));
	}

	private void refused(Command.Run run, String... message) {
		assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(1);
		assertThat(run.err()).contains(message).contains("No files were written.").doesNotContain("\tat ", "Exception");
		assertThat(Command.files(out())).isEmpty();
	}

	/** Replaces the cell of a data row (0-based index among data rows) in a column (0-based). */
	private static UnaryOperator<List<String>> cell(int row, int column, String value) {
		return lines -> {
			String[] cells = lines.get(row + 1).split(",", -1);
			cells[column] = value;
			lines.set(row + 1, String.join(",", cells));
			return lines;
		};
	}

	@Test
	void missingFiles() {
		refused(ra(tmp.resolve("nope.json"), raCsv(UnaryOperator.identity())), "Mapping file not found: " + tmp.resolve("nope.json"));
		refused(ra(raMapping(UnaryOperator.identity()), tmp.resolve("nope.csv")), "The data file was not found: " + tmp.resolve("nope.csv"));
	}

	@Test
	void missingColumnsAreNamedWithTheColumnsTheFileHas() {
		refused(raWithData(lines -> {
			lines.set(0, lines.get(0).replace("crp_mg_dl", "crp").replace("rapid_progression", "outcome"));
			return lines;
		}), "data.csv: missing columns \"rapid_progression\" (columns.label), \"crp_mg_dl\" (inputs[1], crp). Columns in the file:"
				+ " patient_id, biologic_start, prime_cell_score, crp, outcome");
	}

	@Test
	void wrongTypesGiveLineColumnAndValue() {
		refused(raWithData(cell(4, 3, "high")), "data.csv, line 6, column \"crp_mg_dl\": \"high\" is not a number");
		refused(raWithData(cell(4, 3, "\"3,5\"")), "data.csv, line 6, column \"crp_mg_dl\": \"3,5\" is not a number (use a point as decimal mark)");
		refused(raWithData(cell(9, 1, "31/01/2020")), "data.csv, line 11, column \"biologic_start\": \"31/01/2020\" is not a date as YYYY-MM-DD");
		refused(raWithData(lines -> {
			lines.set(3, lines.get(3) + ",extra");
			return lines;
		}), "data.csv, line 4: 6 fields, but the header has 5");
	}

	@Test
	void labelsMustBeZeroOrOneAndPresent() {
		refused(raWithData(cell(9, 4, "2")), "data.csv, line 11, column \"rapid_progression\": \"2\" is not 0 or 1");
		refused(raWithData(cell(9, 4, "yes")), "line 11, column \"rapid_progression\": \"yes\" is not 0 or 1");
		refused(raWithData(cell(12, 4, "")), "line 14, column \"rapid_progression\": empty, but every row needs a 0/1 value");
	}

	@Test
	void negativeSurvivalTimes() {
		List<String> lines = new ArrayList<>(LocalTrainingExamples.nsclcSurvival().lines().toList());
		String[] cells = lines.get(7).split(",", -1);
		cells[2] = "-3";
		lines.set(7, String.join(",", cells));
		Path csv = Command.write(tmp, "survival.csv", String.join("\n", lines) + "\n");
		refused(Command.run("--mapping", Command.EXAMPLES.resolve("nsclc-survival-mapping.json").toString(), "--csv", csv.toString(),
				"--out", out().toString()), "survival.csv, line 8, column \"os_months\": negative survival time -3");
	}

	@Test
	void unknownFeatureNamesListCloseOnes() {
		refused(raWithMapping(m -> {
			((ObjectNode) m.withArray("inputs").get(1)).put("feature", "c-reactive-protein");
			return m;
		}), "mapping.json: inputs[1].feature \"c-reactive-protein\" is not an input of ImmunoRisk's feature definitions");
		refused(raWithMapping(m -> {
			((ObjectNode) m.withArray("inputs").get(1)).put("feature", "crp-uln-x");
			return m;
		}), "\"crp-uln-x\" is not an input of ImmunoRisk's feature definitions; close: crp-uln");
		refused(raWithMapping(m -> {
			((ObjectNode) m.withArray("inputs").get(0)).put("feature", "albumine");
			return m;
		}), "close: albumin");
	}

	@Test
	void unitsAreCheckedAgainstTheFeatureDefinition() {
		refused(raWithMapping(m -> {
			((ObjectNode) m.withArray("inputs").get(1)).put("unit", "mmol/L");
			return m;
		}), "Unit mismatch: mapping.json inputs[1] says column \"crp_mg_dl\" is in \"mmol/L\", which cannot be converted to crp's"
				+ " unit \"mg/L\"");
		refused(raWithMapping(m -> {
			((ObjectNode) m.withArray("inputs").get(1)).put("unit", "milligrams per decilitre");
			return m;
		}), "Unit mismatch", "\"milligrams per decilitre\"");
		refused(raWithMapping(m -> {
			((ObjectNode) m.withArray("inputs").get(1)).remove("unit");
			return m;
		}), "mapping.json: inputs[1].unit is required: say which unit column \"crp_mg_dl\" is in (UCUM, e.g. \"mg/L\"); crp is in mg/L");
	}

	@Test
	void tooFewEventsStatesTheCountsAndTheMinimum() {
		int[] kept = {0};
		refused(raWithData(lines -> {
			for (int i = 1; i < lines.size(); i++) {
				// Rows with a blank CRP are left out anyway; of the others, 25 keep their event.
				if (lines.get(i).endsWith(",1") && (lines.get(i).contains(",,") || ++kept[0] > 25)) {
					lines.set(i, lines.get(i).substring(0, lines.get(i).length() - 1) + "0");
				}
			}
			return lines;
		}), "Too few events for the logistic pipeline: 25 events and 268 non-events in the 293 rows used. With 25% held out,"
				+ " the held-out part would have 6 events and 67 non-events and the training part 19 events and 201 non-events; each part"
				+ " needs at least 10 events and 10 non-events (with this fraction: at least 38 events and as many non-events in all).");
	}

	@Test
	void tooFewEventsForTheForest() {
		List<String> lines = new ArrayList<>(LocalTrainingExamples.nsclcSurvival().lines().toList());
		int events = 0;
		for (int i = 1; i < lines.size(); i++) {
			String[] cells = lines.get(i).split(",", -1);
			if (cells[3].equals("1") && ++events > 30) {
				cells[3] = "0";
				lines.set(i, String.join(",", cells));
			}
		}
		Path csv = Command.write(tmp, "survival.csv", String.join("\n", lines) + "\n");
		Command.Run run = Command.run("--mapping", Command.EXAMPLES.resolve("nsclc-survival-mapping.json").toString(), "--csv",
				csv.toString(), "--out", out().toString());
		refused(run, "Too few events for the survival-forest pipeline:", "events and", "censored in the 218 rows used",
				"the held-out part would have 8 events and the training part 22 events; each part needs at least 10 events (with this fraction: at least 38 events in all)");
	}

	@Test
	void inputsThatDoNotVary() {
		refused(raWithData(lines -> {
			for (int i = 1; i < lines.size(); i++) {
				String[] cells = lines.get(i).split(",", -1);
				cells[2] = "1.0";
				lines.set(i, String.join(",", cells));
			}
			return lines;
		}), "Input prime-cell-signature (column \"prime_cell_score\") has the same value (1) in all 293 rows used: it does not vary");
	}

	@Test
	void duplicatePatientIds() {
		refused(raWithData(cell(2, 0, "ra-prog-0002")),
				"data.csv: duplicate patient id ra-prog-0002 (lines 3, 4). Give one row per patient");
	}

	@Test
	void modelIdsOfShippedModelsAreRefused() {
		refused(raWithMapping(m -> {
			((ObjectNode) m.path("model")).put("id", "ra-tnfi-response");
			return m;
		}), "mapping.json: model.id \"ra-tnfi-response\" is the id of a model shipped with ImmunoRisk (trained model"
				+ " ra-tnfi-response.json); choose another, e.g. \"site-ra-tnfi-response\"");
		refused(raWithMapping(m -> {
			((ObjectNode) m.path("model")).put("id", "lipi");
			return m;
		}), "model.id \"lipi\" is the id of a model shipped with ImmunoRisk (published score)");
		refused(raWithMapping(m -> {
			((ObjectNode) m.path("model")).put("id", "../evil");
			return m;
		}), "model.id \"../evil\" is not a usable model id");
	}

	@Test
	void mappingMistakesSayWhereTheyAre() {
		refused(raWithMapping(m -> {
			((ObjectNode) m.path("model")).put("outcome", "flare");
			return m;
		}), "mapping.json: model.outcome \"flare\" is not an ImmunoRisk outcome code", "known: abatacept-poor-response,", "rapid-radiographic-progression");
		refused(raWithMapping(m -> {
			m.set("pipline", m.remove("pipeline"));
			return m;
		}), "mapping.json: unknown key \"pipline\" (allowed here: model, pipeline, columns, inputs)");
		refused(raWithMapping(m -> {
			((ObjectNode) m.path("pipeline")).put("trees", 100);
			return m;
		}), "mapping.json: unknown key \"trees\" in pipeline (allowed here: name, seed, heldOutFraction, bootstrapResamples, lambda, riskBands)");
		refused(raWithMapping(m -> {
			((ObjectNode) m.path("pipeline")).put("heldOutFraction", 0.9);
			return m;
		}), "mapping.json: pipeline.heldOutFraction must lie between 0.1 and 0.5, not 0.9");
		refused(raWithMapping(m -> {
			ArrayNode inputs = m.withArray("inputs");
			inputs.addObject().put("feature", "sex").put("column", "sex").putObject("codes").put("male", 1).put("female", 0);
			return m;
		}), "mapping.json: inputs[2].feature \"sex\" is a coded input; the logistic pipeline takes numbers only");
		refused(raWithMapping(m -> {
			m.withArray("inputs").addObject().put("feature", "ssc-pah").put("column", "pah");
			return m;
		}), "inputs[2].feature \"ssc-pah\" is a yes/no value; neither pipeline can take it as an input yet");
		refused(raWithMapping(m -> {
			m.withArray("inputs").addObject().put("feature", "crp").put("column", "crp_mg_dl").put("unit", "mg/dL");
			return m;
		}), "inputs[2].feature \"crp\" is mapped twice");
		Path broken = Command.write(tmp, "broken.json", "{\"model\": {\"id\": \"x\",}");
		refused(ra(broken, raCsv(UnaryOperator.identity())), "broken.json: not valid JSON (line 1, column");
	}

	@Test
	void codesOutsideTheMapping() {
		List<String> lines = new ArrayList<>(LocalTrainingExamples.nsclcSurvival().lines().toList());
		lines.set(5, lines.get(5).replace(",male,", ",M,").replace(",female,", ",F,"));
		Path csv = Command.write(tmp, "survival.csv", String.join("\n", lines) + "\n");
		refused(Command.run("--mapping", Command.EXAMPLES.resolve("nsclc-survival-mapping.json").toString(), "--csv", csv.toString(),
				"--out", out().toString()), "survival.csv, line 6, column \"sex\":", "is not one of the codes the mapping gives for sex (male, female)");
	}

	@Test
	void textThatIsNotUtf8() throws Exception {
		Path csv = tmp.resolve("latin1.csv");
		Files.write(csv, LocalTrainingExamples.raProgression().replace("ra-prog-0001", "ra-prög-0001").getBytes(StandardCharsets.ISO_8859_1));
		refused(ra(raMapping(UnaryOperator.identity()), csv), "latin1.csv is not UTF-8 text; save it as \"CSV UTF-8\"");
	}

	@Test
	void wrongArgumentsShowTheUsage() {
		Command.Run none = Command.run();
		assertThat(none.exit()).isEqualTo(2);
		assertThat(none.err()).contains("Error: --mapping is required", "Usage: TrainOnLocalData");
		Command.Run both = Command.run("--mapping", "m.json", "--csv", "d.csv", "--fhir-base", "http://x/fhir", "--labels", "l.csv",
				"--out", "o");
		assertThat(both.exit()).isEqualTo(2);
		assertThat(both.err()).contains("give either --csv or --fhir-base (with --labels)");
		Command.Run labels = Command.run("--mapping", "m.json", "--fhir-base", "http://x/fhir", "--out", "o");
		assertThat(labels.err()).contains("--fhir-base needs --labels");
		assertThat(Command.run("--help").exit()).isZero();
	}
}
