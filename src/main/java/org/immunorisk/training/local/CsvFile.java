package org.immunorisk.training.local;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A comma-separated file with a header row (RFC 4180 quoting, UTF-8, an Excel byte-order mark tolerated), read
 * whole, with its SHA-256 for the manifest's provenance. Cells are trimmed. Row numbers in messages are lines of the
 * file, the header being line 1, as a spreadsheet numbers them (a quoted cell with a line break would shift them).
 */
final class CsvFile {

	/** One data row: its line in the file and its cells by column index. */
	record Row(long line, List<String> cells) {}

	private final String name;
	private final String sha256;
	private final List<String> header;
	private final List<Row> rows;

	private CsvFile(String name, String sha256, List<String> header, List<Row> rows) {
		this.name = name;
		this.sha256 = sha256;
		this.header = header;
		this.rows = rows;
	}

	/** Reads the file; {@code what} names it in messages ("data file", "labels file"). */
	static CsvFile read(Path file, String what) {
		byte[] bytes;
		try {
			bytes = Files.readAllBytes(file);
		} catch (NoSuchFileException e) {
			throw new LocalTrainingException("The " + what + " was not found: " + file);
		} catch (IOException e) {
			throw new LocalTrainingException("Cannot read the " + what + " " + file + ": " + e.getMessage());
		}
		String name = String.valueOf(file.getFileName());
		String text;
		try {
			text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
					.onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
		} catch (CharacterCodingException e) {
			throw new LocalTrainingException(name + " is not UTF-8 text; save it as \"CSV UTF-8\" (comma-separated)");
		}
		if (text.startsWith("\uFEFF")) {
			text = text.substring(1); // Excel's "CSV UTF-8" starts with a byte-order mark
		}
		List<String> header = null;
		List<Row> rows = new ArrayList<>();
		try (CSVParser parser = CSVFormat.RFC4180.builder().setTrim(true).build().parse(new StringReader(text))) {
			for (CSVRecord record : parser) {
				List<String> cells = record.toList();
				if (cells.size() == 1 && cells.get(0).isEmpty()) {
					continue; // an empty line
				}
				if (header == null) {
					header = cells;
					continue;
				}
				if (cells.size() != header.size()) {
					throw new LocalTrainingException(name + ", line " + record.getRecordNumber() + ": " + cells.size()
							+ " fields, but the header has " + header.size() + separatorHint(header));
				}
				rows.add(new Row(record.getRecordNumber(), cells));
			}
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		} catch (UncheckedIOException | IllegalStateException e) { // commons-csv: unterminated quote and the like
			throw new LocalTrainingException(name + ": not a readable CSV file (" + e.getMessage() + ")");
		}
		if (header == null) {
			throw new LocalTrainingException(name + " is empty: it needs a header row and one row per patient");
		}
		Set<String> seen = new LinkedHashSet<>();
		for (String column : header) {
			if (!seen.add(column)) {
				throw new LocalTrainingException(name + ": the header names column \"" + column + "\" twice");
			}
		}
		return new CsvFile(name, Hashes.sha256(bytes), List.copyOf(header), List.copyOf(rows));
	}

	private static String separatorHint(List<String> header) {
		return header.size() == 1 && header.get(0).contains(";")
				? " (the header looks semicolon-separated: save the file comma-separated)" : "";
	}

	String name() {
		return name;
	}

	String sha256() {
		return sha256;
	}

	List<String> header() {
		return header;
	}

	List<Row> rows() {
		return rows;
	}

	/**
	 * Column indexes of the wanted columns; a column missing from the header is an error naming every missing one,
	 * what it was for, and the columns the file has.
	 *
	 * @param wanted column name → what it is for ("columns.label", "inputs[1] (crp)")
	 */
	Map<String, Integer> require(Map<String, String> wanted) {
		Map<String, Integer> index = new LinkedHashMap<>();
		List<String> missing = new ArrayList<>();
		for (Map.Entry<String, String> column : wanted.entrySet()) {
			int at = header.indexOf(column.getKey());
			if (at < 0) {
				missing.add("\"" + column.getKey() + "\" (" + column.getValue() + ")");
			} else {
				index.put(column.getKey(), at);
			}
		}
		if (!missing.isEmpty()) {
			throw new LocalTrainingException(name + ": missing column" + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing)
					+ ". Columns in the file: " + String.join(", ", header) + separatorHint(header));
		}
		return index;
	}

	LocalTrainingException cellError(Row row, String column, String problem) {
		return new LocalTrainingException(name + ", line " + row.line() + ", column \"" + column + "\": " + problem);
	}

	/** A non-empty cell, or an error: outcomes and ids are never left out silently. */
	String required(Row row, int index, String column, String what) {
		String value = row.cells().get(index);
		if (value.isEmpty()) {
			throw cellError(row, column, "empty, but every row needs " + what + " (remove rows without one; nothing is imputed)");
		}
		return value;
	}

	/** A finite number, or an error with the cell's value. */
	double number(Row row, int index, String column) {
		String value = row.cells().get(index);
		try {
			double number = Double.parseDouble(value);
			if (Double.isFinite(number) && !value.endsWith("d") && !value.endsWith("D") && !value.endsWith("f")
					&& !value.endsWith("F")) {
				return number;
			}
		} catch (NumberFormatException e) {
			// reported below
		}
		throw cellError(row, column, "\"" + value + "\" is not a number" + (value.matches("-?\\d+,\\d+") ? " (use a point as decimal mark)" : ""));
	}

	/** 0 or 1, or an error with the cell's value. */
	int zeroOne(Row row, int index, String column) {
		String value = required(row, index, column, "a 0/1 value");
		return switch (value) {
			case "0" -> 0;
			case "1" -> 1;
			default -> throw cellError(row, column, "\"" + value + "\" is not 0 or 1");
		};
	}

	/** An ISO date (2024-03-31), or an error with the cell's value. */
	LocalDate date(Row row, int index, String column) {
		String value = required(row, index, column, "a date");
		try {
			return LocalDate.parse(value);
		} catch (DateTimeParseException e) {
			throw cellError(row, column, "\"" + value + "\" is not a date as YYYY-MM-DD");
		}
	}
}
