package org.immunorisk.demo;

import org.hl7.fhir.r4.model.Bundle;
import org.immunorisk.testsupport.FhirServerTest;
import org.immunorisk.testsupport.Http;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.immunorisk.testsupport.ShippedContent.TEST_BUNDLES;
import static org.immunorisk.testsupport.ShippedContent.jsonFiles;
import static org.immunorisk.testsupport.ShippedContent.read;

/** Each test bundle is accepted by the running server, and posting it again creates no new versions. */
class TestBundlesServerTest extends FhirServerTest {

	@TestFactory
	List<DynamicTest> everyBundleLoadsAndReloadsIdempotently() {
		List<DynamicTest> tests = new ArrayList<>();
		for (Path file : jsonFiles(TEST_BUNDLES)) {
			tests.add(DynamicTest.dynamicTest(file.getFileName().toString(), () -> loadTwice(file)));
		}
		assertThat(tests).hasSizeGreaterThanOrEqualTo(10);
		return tests;
	}

	private void loadTwice(Path file) {
		String body = read(file);
		Http.Response first = http.post("/fhir", "application/fhir+json", body);
		assertThat(first.status()).as(first.body()).isEqualTo(200);
		Bundle firstAnswer = parseBody(Bundle.class, first.body());
		assertThat(firstAnswer.getType()).isEqualTo(Bundle.BundleType.TRANSACTIONRESPONSE);

		Http.Response second = http.post("/fhir", "application/fhir+json", body);
		assertThat(second.status()).as(second.body()).isEqualTo(200);
		Bundle secondAnswer = parseBody(Bundle.class, second.body());
		for (int i = 0; i < firstAnswer.getEntry().size(); i++) {
			String before = firstAnswer.getEntry().get(i).getResponse().getLocation();
			String after = secondAnswer.getEntry().get(i).getResponse().getLocation();
			assertThat(after).as("reloading %s must not create a new version", file.getFileName()).isEqualTo(before);
		}
	}
}
