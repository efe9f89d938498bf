package org.immunorisk.server;

import ca.uhn.fhir.jpa.packages.IHapiPackageCacheManager;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r4.model.ValueSet;
import org.immunorisk.testsupport.Http;
import org.immunorisk.conformance.ConformanceContent;
import org.immunorisk.conformance.ConformanceInstaller;
import org.immunorisk.testsupport.FhirServerTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.immunorisk.testsupport.ShippedContent.EXAMPLES;
import static org.immunorisk.testsupport.ShippedContent.read;

/** The profiles, terminology and IG package are in the server's own store, once, and discoverable. */
class ConformanceContentOnServerTest extends FhirServerTest {

	@Autowired
	private ConformanceContent content;

	@Autowired
	private ConformanceInstaller installer;

	@Autowired
	private IHapiPackageCacheManager packageCache;

	@Test
	void everyProfileIsFoundByUrlExactlyOnce() {
		assertThat(content.profiles()).hasSizeGreaterThanOrEqualTo(20);
		for (StructureDefinition profile : content.profiles()) {
			Bundle found = parseBody(Bundle.class, http.get("/fhir/StructureDefinition?url=" + profile.getUrl()).body());
			assertThat(found.getTotal()).as(profile.getUrl()).isEqualTo(1);
		}
	}

	@Test
	void everyTerminologyResourceIsFoundByUrlExactlyOnce() {
		assertThat(content.terminology()).isNotEmpty();
		for (MetadataResource resource : content.terminology()) {
			Bundle found = parseBody(Bundle.class, http.get("/fhir/" + resource.fhirType() + "?url=" + resource.getUrl()).body());
			assertThat(found.getTotal()).as(resource.getUrl()).isEqualTo(1);
		}
	}

	@Test
	void capabilityStatementListsEveryProfileAsSupportedProfile() {
		CapabilityStatement capabilities = parseBody(CapabilityStatement.class, http.get("/fhir/metadata").body());
		List<String> supported = capabilities.getRestFirstRep().getResource().stream()
				.flatMap(r -> r.getSupportedProfile().stream())
				.map(CanonicalType::getValue)
				.collect(Collectors.toList());
		for (StructureDefinition profile : content.profiles()) {
			assertThat(supported).contains(profile.getUrl());
		}
	}

	@Test
	void ourValueSetsExpandOnTheServer() {
		Http.Response response = http.get("/fhir/ValueSet/$expand?url=https://immunorisk.org/fhir/ValueSet/immunorisk-lab-analytes");
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		ValueSet expanded = parseBody(ValueSet.class, response.body());
		assertThat(expanded.getExpansion().getContains()).extracting(ValueSet.ValueSetExpansionContainsComponent::getCode)
				.contains("2469-5", "1988-5", "igg4-igg-ratio");
	}

	@Test
	void validateOperationAgreesWithValidationOnWrite() {
		String valid = read(EXAMPLES.resolve("immunorisk-serum-igg4/valid-igg4-3x-uln.json"));
		OperationOutcome clean = parseBody(OperationOutcome.class,
				http.post("/fhir/Observation/$validate", "application/fhir+json", valid).body());
		assertThat(clean.getIssue()).noneMatch(i -> i.getSeverity() == OperationOutcome.IssueSeverity.ERROR
				|| i.getSeverity() == OperationOutcome.IssueSeverity.FATAL);

		String badUnit = read(EXAMPLES.resolve("immunorisk-serum-igg4/invalid-igg4-unconvertible-unit.json"));
		OperationOutcome refused = parseBody(OperationOutcome.class,
				http.post("/fhir/Observation/$validate", "application/fhir+json", badUnit).body());
		assertThat(refused.getIssue()).anyMatch(i -> i.getSeverity() == OperationOutcome.IssueSeverity.ERROR
				&& i.getDiagnostics().contains("cannot be converted"));

		Http.Response byProfile = http.post("/fhir/Observation/$validate?profile="
				+ "https://immunorisk.org/fhir/StructureDefinition/immunorisk-ssc-finding", "application/fhir+json",
				read(EXAMPLES.resolve("immunorisk-ssc-finding/valid-sclerodactyly.json")));
		assertThat(byProfile.status()).as(byProfile.body()).isEqualTo(200);
	}

	@Test
	void genomicsReportingPackageIsInstalled() throws Exception {
		assertThat(packageCache.loadPackageContents("hl7.fhir.uv.genomics-reporting", "3.0.0")).isNotNull();
	}

	@Test
	void installingAgainChangesNothingAndAnEditedFileUpdatesItsResource() {
		for (MetadataResource resource : content.allResources()) {
			assertThat(installer.install(resource)).as(resource.getUrl()).isEqualTo(ConformanceInstaller.Change.UNCHANGED);
		}
		StructureDefinition original = content.profiles().get(0);
		String path = "/fhir/StructureDefinition/" + original.getIdElement().getIdPart();
		String versionBefore = parseBody(StructureDefinition.class, http.get(path).body()).getMeta().getVersionId();

		StructureDefinition edited = original.copy();
		edited.setDescription(original.getDescription() + " (edited)");
		try {
			assertThat(installer.install(edited)).isEqualTo(ConformanceInstaller.Change.UPDATED);
			StructureDefinition stored = parseBody(StructureDefinition.class, http.get(path).body());
			assertThat(stored.getDescription()).endsWith("(edited)");
			assertThat(stored.getMeta().getVersionId()).isNotEqualTo(versionBefore);
		} finally {
			installer.install(original);
		}
		Bundle found = parseBody(Bundle.class, http.get("/fhir/StructureDefinition?url=" + original.getUrl()).body());
		assertThat(found.getTotal()).isEqualTo(1);
	}

}
