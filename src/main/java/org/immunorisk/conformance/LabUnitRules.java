package org.immunorisk.conformance;

import org.fhir.ucum.UcumEssenceService;
import org.fhir.ucum.UcumException;
import org.fhir.ucum.UcumService;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Unit rules for lab results, from {@code terminology/lab-analyte-units.csv}: each supported analyte has a
 * canonical UCUM unit, and a value is accepted in any UCUM unit convertible to it (g/L for a mg/dL analyte)
 * and refused otherwise. A profile cannot express "commensurable with", hence this check in code.
 */
public final class LabUnitRules {

	public static final String UCUM = "http://unitsofmeasure.org";
	private static final String CSV = "immunorisk/terminology/lab-analyte-units.csv";

	/** One analyte: its code and the canonical UCUM unit the risk models expect. */
	public record Analyte(String system, String code, String display, String unit, String source) {}

	private final Map<String, Analyte> analytes;
	private final UcumService ucum;

	LabUnitRules(Map<String, Analyte> analytes) {
		this.analytes = Map.copyOf(analytes);
		this.ucum = newUcumService();
	}

	public static LabUnitRules fromClasspath() {
		try (InputStream in = LabUnitRules.class.getClassLoader().getResourceAsStream(CSV)) {
			if (in == null) {
				throw new IllegalStateException(CSV + " is missing from the classpath");
			}
			return new LabUnitRules(parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))));
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private static Map<String, Analyte> parse(BufferedReader reader) throws IOException {
		Map<String, Analyte> analytes = new HashMap<>();
		String header = reader.readLine();
		if (header == null || !header.trim().startsWith("system,code,display,unit")) {
			throw new IllegalStateException(CSV + " must start with the header system,code,display,unit,source");
		}
		String line;
		while ((line = reader.readLine()) != null) {
			if (line.isBlank()) {
				continue;
			}
			List<String> cells = CsvLine.split(line);
			if (cells.size() < 4) {
				throw new IllegalStateException(CSV + ": too few columns in line: " + line);
			}
			Analyte analyte = new Analyte(cells.get(0), cells.get(1), cells.get(2), cells.get(3),
					cells.size() > 4 ? cells.get(4) : "");
			analytes.put(key(analyte.system(), analyte.code()), analyte);
		}
		return analytes;
	}

	private static String key(String system, String code) {
		return system + "|" + code;
	}

	private static UcumService newUcumService() {
		try (InputStream essence = UcumEssenceService.class.getClassLoader().getResourceAsStream("ucum-essence.xml")) {
			return new UcumEssenceService(essence);
		} catch (IOException | UcumException e) {
			throw new IllegalStateException("Cannot load the UCUM essence", e);
		}
	}

	public Optional<Analyte> analyte(Coding coding) {
		return Optional.ofNullable(analytes.get(key(coding.getSystem(), coding.getCode())));
	}

	public Map<String, Analyte> analytes() {
		return analytes;
	}

	/**
	 * The unit problem of a lab Observation, if any: a message naming the element, or empty when the value's
	 * unit is UCUM and convertible to the analyte's canonical unit (or the code is not a known analyte).
	 */
	public Optional<String> unitProblem(Observation observation) {
		if (!observation.hasValueQuantity()) {
			return Optional.empty();
		}
		Quantity value = observation.getValueQuantity();
		for (Coding coding : observation.getCode().getCoding()) {
			Optional<Analyte> analyte = analyte(coding);
			if (analyte.isEmpty()) {
				continue;
			}
			String canonical = analyte.get().unit();
			if (!UCUM.equals(value.getSystem())) {
				return Optional.of("Observation.valueQuantity.system must be " + UCUM + " for " + describe(analyte.get()));
			}
			String unit = value.getCode();
			Optional<String> unsafe = QuantitySafety.unitProblem(unit);
			if (unsafe.isPresent()) {
				return Optional.of("Observation.valueQuantity.code: " + unsafe.get());
			}
			if (unit == null || ucum.validate(unit) != null) {
				return Optional.of("Observation.valueQuantity.code '" + unit + "' is not a valid UCUM unit");
			}
			if (!comparable(unit, canonical)) {
				return Optional.of("Observation.valueQuantity.code: unit '" + unit + "' cannot be converted to '"
						+ canonical + "', the unit of " + describe(analyte.get()));
			}
			return Optional.empty();
		}
		return Optional.empty();
	}

	private boolean comparable(String unit, String canonical) {
		try {
			return ucum.isComparable(unit, canonical);
		} catch (UcumException e) {
			return false;
		}
	}

	private static String describe(Analyte analyte) {
		return analyte.display() + " (" + analyte.system() + "|" + analyte.code() + ")";
	}

	/** Minimal CSV splitting with double-quoted cells (sources may contain commas). */
	static final class CsvLine {
		private CsvLine() {}

		static List<String> split(String line) {
			List<String> cells = new java.util.ArrayList<>();
			StringBuilder cell = new StringBuilder();
			boolean quoted = false;
			for (int i = 0; i < line.length(); i++) {
				char c = line.charAt(i);
				if (c == '"') {
					if (quoted && i + 1 < line.length() && line.charAt(i + 1) == '"') {
						cell.append('"');
						i++;
					} else {
						quoted = !quoted;
					}
				} else if (c == ',' && !quoted) {
					cells.add(cell.toString().trim());
					cell.setLength(0);
				} else {
					cell.append(c);
				}
			}
			cells.add(cell.toString().trim());
			return cells;
		}
	}
}
