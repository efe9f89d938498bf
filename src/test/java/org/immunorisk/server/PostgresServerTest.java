package org.immunorisk.server;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.immunorisk.testsupport.Http;
import org.immunorisk.testsupport.PostgresTestServer;
import org.immunorisk.testsupport.ServerRun;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.immunorisk.testsupport.ShippedContent.TEST_BUNDLES;
import static org.immunorisk.testsupport.ShippedContent.read;

/** The server runs on a real PostgreSQL with the `postgres` profile and round-trips a transaction bundle. */
class PostgresServerTest {

	private static final FhirContext FHIR = FhirContext.forR4Cached();

	@Test
	void transactionBundleRoundTripsThroughPostgres() {
		Assumptions.assumeTrue(PostgresTestServer.supported(), "the shipped PostgreSQL binaries run on Linux and macOS");
		Path bundleFile = TEST_BUNDLES.resolve("igg4rd-high.json");
		Bundle sent = FHIR.newJsonParser().parseResource(Bundle.class, read(bundleFile));
		try (PostgresTestServer postgres = PostgresTestServer.start();
				ServerRun server = ServerRun.start(
						"spring.profiles.active=postgres",
						"spring.datasource.url=" + postgres.jdbcUrl(),
						"spring.datasource.username=" + postgres.username(),
						"spring.datasource.password=",
						"spring.jpa.properties.hibernate.search.backend.directory.root=./target/test-data/postgres-lucene-"
								+ java.util.UUID.randomUUID())) {
			Http http = server.http();
			Http.Response response = http.post("/fhir", "application/fhir+json", read(bundleFile));
			assertThat(response.status()).as(response.body()).isEqualTo(200);
			Bundle answer = FHIR.newJsonParser().parseResource(Bundle.class, response.body());
			assertThat(answer.getEntry()).hasSameSizeAs(sent.getEntry());

			for (Bundle.BundleEntryComponent entry : sent.getEntry()) {
				String url = entry.getRequest().getUrl();
				Http.Response read = http.get("/fhir/" + url);
				assertThat(read.status()).as(url).isEqualTo(200);
				if (entry.getResource() instanceof Observation observation && observation.hasValueQuantity()) {
					Observation stored = FHIR.newJsonParser().parseResource(Observation.class, read.body());
					assertThat(stored.getValueQuantity().getValue()).isEqualByComparingTo(observation.getValueQuantity().getValue());
				}
			}
			String patient = sent.getEntry().stream().filter(e -> e.getResource().fhirType().equals("Patient"))
					.findFirst().orElseThrow().getRequest().getUrl();
			Bundle observations = FHIR.newJsonParser().parseResource(Bundle.class,
					http.get("/fhir/Observation?subject=" + patient + "&_count=200").body());
			long sentObservations = sent.getEntry().stream().filter(e -> e.getResource() instanceof Observation).count();
			assertThat(observations.getEntry()).as("searched by subject through the PostgreSQL indexes")
					.hasSize((int) sentObservations);
		}
	}
}
