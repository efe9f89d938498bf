package org.immunorisk.server;

import ca.uhn.fhir.jpa.packages.IHapiPackageCacheManager;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.immunorisk.conformance.ConformanceContent;
import org.immunorisk.conformance.ConformanceInstaller;
import org.immunorisk.testsupport.FhirServerTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

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
