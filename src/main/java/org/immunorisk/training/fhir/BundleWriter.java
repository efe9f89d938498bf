package org.immunorisk.training.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.immunorisk.training.fhir.CohortBundle.Column;
import org.immunorisk.training.fhir.CohortBundle.LabelFile;
import org.immunorisk.training.fhir.CohortBundle.Subject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Writes a {@link CohortBundle} as FHIR R4 transaction bundles ({@code bundle-NNN.json}), its labels files and a README
 * saying what each CSV column became. A bundle holds whole patients, at most {@link #MAX_PATIENTS} of them and, when a
 * patient's resources are large (CRC radiomics: about 1500 Observations each), no more than about {@link #MAX_BYTES}
 * bytes, well under the server's default request limit of 10 MiB. Every entry is {@code PUT <Type>/<id>} with a
 * name-based {@code urn:uuid} fullUrl, so loading a bundle twice changes nothing. Same cohort, same bytes: no clock is
 * read and JSON is written compact, in a fixed order.
 */
public final class BundleWriter {

	public static final int MAX_PATIENTS = 100;
	public static final long MAX_BYTES = 5_000_000;
	/** Bytes a bundle entry adds around its resource (fullUrl, request): an estimate that errs high. */
	private static final int ENTRY_OVERHEAD = 200;

	private final IParser json;
	private final int maxPatients;
	private final long maxBytes;

	/** What was written for one cohort. */
	public record Written(String cohort, int patients, int bundles, long resources, long bytes, long largestBundle) {}

	public BundleWriter(FhirContext fhir) {
		this(fhir, MAX_PATIENTS, MAX_BYTES);
	}

	public BundleWriter(FhirContext fhir, int maxPatients, long maxBytes) {
		this.json = fhir.newJsonParser().setPrettyPrint(false);
		this.maxPatients = maxPatients;
		this.maxBytes = maxBytes;
	}

	/** A transaction bundle of the given patients' resources: PUT to fixed ids, name-based fullUrls, tagged synthetic. */
	public static Bundle bundle(String id, List<List<Resource>> patients) {
		Bundle bundle = new Bundle();
		bundle.setId(id);
		bundle.getMeta().addTag(SyntheticRecord.SYNTHETIC.copy());
		bundle.setType(Bundle.BundleType.TRANSACTION);
		for (List<Resource> resources : patients) {
			for (Resource resource : resources) {
				String typeAndId = resource.fhirType() + "/" + resource.getIdElement().getIdPart();
				bundle.addEntry().setFullUrl("urn:uuid:" + Uuids.nameBased(typeAndId)).setResource(resource).getRequest()
						.setMethod(Bundle.HTTPVerb.PUT).setUrl(typeAndId);
			}
		}
		return bundle;
	}

	/** Writes the cohort's bundles, labels files and README into {@code directory} (stale ones removed first). */
	public Written write(CohortBundle cohort, Path directory) {
		try {
			Files.createDirectories(directory);
			clean(directory);
			List<List<Resource>> batch = new ArrayList<>();
			long batchBytes = 0;
			int bundles = 0;
			long resources = 0;
			long bytes = 0;
			long largest = 0;
			for (Subject subject : cohort.subjects()) {
				List<Resource> patient = subject.resources().get();
				long size = 0;
				for (Resource resource : patient) {
					size += json.encodeResourceToString(resource).length() + ENTRY_OVERHEAD;
				}
				if (!batch.isEmpty() && (batch.size() >= maxPatients || batchBytes + size > maxBytes)) {
					long written = writeBundle(cohort, ++bundles, batch, directory);
					bytes += written;
					largest = Math.max(largest, written);
					batch.clear();
					batchBytes = 0;
				}
				batch.add(patient);
				batchBytes += size;
				resources += patient.size();
			}
			if (!batch.isEmpty()) {
				long written = writeBundle(cohort, ++bundles, batch, directory);
				bytes += written;
				largest = Math.max(largest, written);
			}
			for (LabelFile labels : cohort.labelFiles()) {
				Files.writeString(directory.resolve(labels.fileName()), labels.csv());
			}
			Written written = new Written(cohort.name(), cohort.subjects().size(), bundles, resources, bytes, largest);
			Files.writeString(directory.resolve("README.md"), readme(cohort, written));
			return written;
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private long writeBundle(CohortBundle cohort, int number, List<List<Resource>> patients, Path directory) throws IOException {
		String text = json.encodeResourceToString(bundle(String.format(Locale.ROOT, "%s-bundle-%03d", cohort.name(), number), patients));
		byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
		Files.write(directory.resolve(bundleFile(number)), utf8);
		return utf8.length;
	}

	public static String bundleFile(int number) {
		return String.format(Locale.ROOT, "bundle-%03d.json", number);
	}

	private static void clean(Path directory) throws IOException {
		try (Stream<Path> files = Files.list(directory)) {
			for (Path file : files.toList()) {
				String name = file.getFileName().toString();
				if (name.matches("bundle-\\d+\\.json") || name.matches("labels.*\\.csv") || name.equals("README.md")) {
					Files.delete(file);
				}
			}
		}
	}

	/** The cohort's README: provenance, how to load, what each column became, notes. */
	static String readme(CohortBundle cohort, Written written) {
		StringBuilder md = new StringBuilder();
		md.append("# ").append(cohort.name()).append(": ").append(cohort.title()).append(" - SYNTHETIC DATA\n\n");
		md.append("Generated by `org.immunorisk.training.fhir.WriteCohortBundles` (do not edit). Synthetic patients from `")
				.append(cohort.generator()).append("`, seed ").append(cohort.seed()).append(": not real patients, not for clinical use.\n\n");
		md.append("- CSV: `../../").append(cohort.name()).append(".csv` (SHA-256 `").append(sha256(cohort.csv()))
				.append("`; the same bytes as `TrainModels` writes, and the `cohortSha256` of the models' manifests)\n");
		md.append("- Models trained on it: ").append(String.join(", ", cohort.models().stream().map(m -> "`" + m + "`").toList())).append('\n');
		md.append(String.format(Locale.ROOT, "- %d patients in %d transaction bundles (`bundle-001.json` ... `%s`), %d resources, %.1f MB;"
				+ " largest bundle %.2f MB%n", written.patients(), written.bundles(), bundleFile(written.bundles()), written.resources(),
				written.bytes() / 1e6, written.largestBundle() / 1e6));
		for (LabelFile labels : cohort.labelFiles()) {
			md.append("- `").append(labels.fileName()).append("` (").append(labels.rows().size()).append(" rows; columns ")
					.append(String.join(", ", labels.header())).append("): ").append(labels.description()).append('\n');
		}
		md.append("\nLoad (every entry is a PUT to a fixed id: loading twice changes nothing):\n\n```\n")
				.append("for f in bundle-*.json; do curl -sf -X POST -H 'Content-Type: application/fhir+json' --data-binary @$f"
						+ " http://localhost:8080/fhir > /dev/null || echo \"$f failed\"; done\n```\n\n");
		md.append("Labels: `patient` is the Patient's logical id in the bundles, `index_date` the date every input is dated on (assess"
				+ " or extract features as of this date), `outcome` 0/1 (or `time` in days and `event` 0/1 for survival). Outcomes are"
				+ " never written as FHIR.\n\n");
		md.append("## What each CSV column became\n\n| CSV column | use | FHIR | model input (feature-definitions.json) | note |\n|---|---|---|---|---|\n");
		for (Column column : cohort.columns()) {
			md.append("| `").append(column.csvColumn()).append("` | ").append(column.use().name().toLowerCase(Locale.ROOT).replace('_', ' '))
					.append(" | ").append(cell(column.fhir())).append(" | ").append(column.feature() == null ? "" : "`" + column.feature() + "`")
					.append(" | ").append(cell(column.note())).append(" |\n");
		}
		md.append("\nUses: *input read* = written as the profiled resource a feature of feature-definitions.json reads (the server"
				+ " extracts the CSV value); *input stored* = written (profiled, coded) but no feature reads it yet; *not expressed* ="
				+ " not written, no ImmunoRisk profile or code carries it; *label* / *stratum* = in the labels files only.\n\n## Notes\n\n");
		cohort.notes().forEach(note -> md.append("- ").append(note).append('\n'));
		return md.toString();
	}

	/** The index of all cohorts ({@code target/training/bundles/README.md}). */
	static String index(List<CohortBundle> cohorts, List<Written> written) {
		StringBuilder md = new StringBuilder("# Synthetic cohorts as FHIR transaction bundles - SYNTHETIC DATA\n\n"
				+ "Generated by `mvn -q compile exec:java -Dexec.mainClass=org.immunorisk.training.fhir.WriteCohortBundles` (do not"
				+ " edit; see docs/training.md). Each folder holds `bundle-NNN.json` (FHIR R4 transactions, ImmunoRisk profiles, every"
				+ " resource tagged `meta.tag` v3-ActReason HTEST), the labels files and a README listing what each CSV column became"
				+ " and what could not be expressed.\n\n| folder | cohort | patients | bundles | resources | MB | models | not expressed |\n"
				+ "|---|---|---|---|---|---|---|---|\n");
		for (int i = 0; i < cohorts.size(); i++) {
			CohortBundle cohort = cohorts.get(i);
			Written w = written.get(i);
			List<String> missing = cohort.columns().stream().filter(c -> c.use() == CohortBundle.Use.NOT_EXPRESSED)
					.map(Column::csvColumn).toList();
			md.append(String.format(Locale.ROOT, "| `%s/` | %s | %d | %d | %d | %.1f | %s | %s |%n", cohort.name(), cohort.title(),
					w.patients(), w.bundles(), w.resources(), w.bytes() / 1e6, String.join(", ", cohort.models()),
					missing.isEmpty() ? "none" : missing.size() > 3 ? missing.size() + " columns (see its README)" : String.join(", ", missing)));
		}
		return md.toString();
	}

	private static String cell(String text) {
		return text == null ? "" : text.replace("|", "\\|").replace("\n", " ");
	}

	static String sha256(String text) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}
}
