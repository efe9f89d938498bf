package org.immunorisk.conformance;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.immunorisk.testsupport.ShippedContent.*;

/**
 * Every test bundle is a PUT-only transaction whose resources each claim an ImmunoRisk profile and validate
 * with zero errors. (That the server accepts each bundle is checked in TestBundlesServerTest.)
 */
class TestBundlesValidationTest {

	private static ProfileValidator validator;

	@BeforeAll
	static void buildValidator() {
		validator = new ProfileValidator(FHIR, ConformanceContent.fromClasspath(FHIR), LabUnitRules.fromClasspath());
	}

	@TestFactory
	List<DynamicTest> bundles() {
		List<DynamicTest> tests = new ArrayList<>();
		for (Path file : jsonFiles(TEST_BUNDLES)) {
			tests.add(DynamicTest.dynamicTest(file.getFileName().toString(), () -> assertConformant(file)));
		}
		assertThat(tests).as("test bundles").isNotEmpty();
		return tests;
	}

	private static void assertConformant(Path file) {
		Bundle bundle = parse(file, Bundle.class);
		assertThat(bundle.getType()).isEqualTo(Bundle.BundleType.TRANSACTION);
		assertThat(bundle.getEntry()).isNotEmpty();
		List<String> problems = new ArrayList<>();
		for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
			Resource resource = entry.getResource();
			String id = resource.fhirType() + "/" + resource.getIdElement().getIdPart();
			if (entry.getRequest().getMethod() != Bundle.HTTPVerb.PUT || !id.equals(entry.getRequest().getUrl())) {
				problems.add(id + ": request must be PUT " + id + " so loading twice duplicates nothing");
			}
			if (!ProfileValidator.claimsImmunoRiskProfile(resource)) {
				problems.add(id + ": claims no ImmunoRisk profile");
			}
		}
		// The whole Bundle, not only its entries: fullUrl rules, entry/request invariants, and every entry
		// against the profile it claims.
		ProfileExamplesTest.describe(validator.errors(bundle)).forEach(problems::add);
		assertThat(problems).as(file.toString()).isEmpty();
	}
}
