package org.immunorisk.server;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.immunorisk.testsupport.Http;
import org.immunorisk.testsupport.ServerRun;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.immunorisk.testsupport.ShippedContent.EXAMPLES;
import static org.immunorisk.testsupport.ShippedContent.parse;

/**
 * Data survives a restart on the default H2 file database, and starting again installs nothing twice:
 * the profiles keep their first version and the demo bundles create no new versions.
 */
class RestartPersistenceTest {

	private static final FhirContext FHIR = FhirContext.forR4Cached();

	@Test
	void dataAndContentSurviveARestartWithoutDuplicates() {
		String folder = "./target/test-data/restart-" + UUID.randomUUID();
		String database = "spring.datasource.url=jdbc:h2:file:" + folder + "/h2";
		String index = "spring.jpa.properties.hibernate.search.backend.directory.root=" + folder + "/lucene";
		Patient patient = parse(EXAMPLES.resolve("immunorisk-patient/valid-adult-male.json"), Patient.class);
		patient.setId("restart-patient");

		try (ServerRun first = ServerRun.start(database, index, "immunorisk.demo-data.load=true")) {
			Http http = first.http();
			assertThat(http.put("/fhir/Patient/restart-patient", FHIR.newJsonParser().encodeResourceToString(patient)).status())
					.isEqualTo(201);
		}

		try (ServerRun second = ServerRun.start(database, index, "immunorisk.demo-data.load=true")) {
			Http http = second.http();
			Http.Response read = http.get("/fhir/Patient/restart-patient");
			assertThat(read.status()).isEqualTo(200);
			assertThat(FHIR.newJsonParser().parseResource(Patient.class, read.body()).getIdentifierFirstRep().getValue())
					.isEqualTo(patient.getIdentifierFirstRep().getValue());

			StructureDefinition profile = FHIR.newJsonParser().parseResource(StructureDefinition.class,
					http.get("/fhir/StructureDefinition/immunorisk-patient").body());
			assertThat(profile.getMeta().getVersionId()).as("unchanged file, no new version").isEqualTo("1");
			assertThat(total(http, "/fhir/StructureDefinition?url=" + profile.getUrl())).isEqualTo(1);

			// Demo bundles were loaded at both starts: every demo patient still has version 1.
			Bundle patients = FHIR.newJsonParser().parseResource(Bundle.class,
					http.get("/fhir/Patient?_count=200&_elements=id").body());
			assertThat(patients.getEntry()).hasSizeGreaterThan(10);
			assertThat(patients.getEntry()).allSatisfy(e ->
					assertThat(e.getResource().getMeta().getVersionId()).as(e.getResource().getId()).isEqualTo("1"));
		}
	}

	private static int total(Http http, String search) {
		return FHIR.newJsonParser().parseResource(Bundle.class, http.get(search).body()).getTotal();
	}
}
