package org.immunorisk.training.fhir;

import ca.uhn.fhir.context.FhirContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes every synthetic training cohort both as CSV ({@code target/training/<cohort>.csv}, byte for byte what
 * {@code TrainModels} writes) and as FHIR R4 transaction bundles conforming to the ImmunoRisk profiles, with labels files
 * ({@code target/training/bundles/<cohort>/}). Trains nothing and touches no shipped artifact.
 *
 * <pre>mvn -q compile exec:java -Dexec.mainClass=org.immunorisk.training.fhir.WriteCohortBundles</pre>
 *
 * Arguments (optional): the bundles folder (default {@code target/training/bundles}) and the CSV folder (default
 * {@code target/training}).
 */
public final class WriteCohortBundles {

	private WriteCohortBundles() {}

	public static void main(String[] args) throws IOException {
		Path bundles = Path.of(args.length > 0 ? args[0] : "target/training/bundles");
		Path csvs = Path.of(args.length > 1 ? args[1] : "target/training");
		FhirContext fhir = FhirContext.forR4Cached();
		BundleWriter writer = new BundleWriter(fhir);
		List<CohortBundle> cohorts = new CohortBundles(fhir).all();
		List<BundleWriter.Written> written = new ArrayList<>();
		Files.createDirectories(csvs);
		for (CohortBundle cohort : cohorts) {
			Files.writeString(csvs.resolve(cohort.name() + ".csv"), cohort.csv());
			BundleWriter.Written w = writer.write(cohort, bundles.resolve(cohort.name()));
			written.add(w);
			System.out.printf(Locale.ROOT, "%-24s %4d patients, %3d bundles, %6d resources, %6.1f MB -> %s%n", cohort.name(),
					w.patients(), w.bundles(), w.resources(), w.bytes() / 1e6, bundles.resolve(cohort.name()));
		}
		Files.writeString(bundles.resolve("README.md"), BundleWriter.index(cohorts, written));
	}
}
