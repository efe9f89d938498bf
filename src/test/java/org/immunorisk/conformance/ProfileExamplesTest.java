package org.immunorisk.conformance;

import ca.uhn.fhir.validation.SingleValidationMessage;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.immunorisk.testsupport.ShippedContent.*;

/**
 * Every profile in fhir-profiles/ has at least one valid and one invalid example; valid ones produce no
 * error, invalid ones produce the error their .expect file names. Runs the server's own validator, no server.
 */
class ProfileExamplesTest {

	private static ProfileValidator validator;
	private static ConformanceContent content;

	@BeforeAll
	static void buildValidator() {
		content = ConformanceContent.fromClasspath(FHIR);
		validator = new ProfileValidator(FHIR, content, LabUnitRules.fromClasspath());
	}

	@Test
	void everyProfileHasValidAndInvalidExamples() {
		List<String> missing = new ArrayList<>();
		for (StructureDefinition profile : content.profiles()) {
			Path folder = EXAMPLES.resolve(profile.getIdElement().getIdPart());
			List<String> names = Files.isDirectory(folder)
					? jsonFiles(folder).stream().map(p -> p.getFileName().toString()).toList()
					: List.of();
			if (names.stream().noneMatch(n -> n.startsWith("valid-"))) {
				missing.add(profile.getIdElement().getIdPart() + ": no valid-*.json");
			}
			if (names.stream().noneMatch(n -> n.startsWith("invalid-"))) {
				missing.add(profile.getIdElement().getIdPart() + ": no invalid-*.json");
			}
		}
		assertThat(content.profiles()).isNotEmpty();
		assertThat(missing).isEmpty();
	}

	@Test
	void everyProfileIsADifferentialOnTheImmunoRiskCanonicalBase() {
		for (StructureDefinition profile : content.profiles()) {
			assertThat(profile.getUrl()).isEqualTo(ConformanceContent.CANONICAL_BASE + "StructureDefinition/"
					+ profile.getIdElement().getIdPart());
			assertThat(profile.hasDifferential()).as(profile.getUrl()).isTrue();
			assertThat(profile.hasSnapshot()).as(profile.getUrl() + " ships differential only").isFalse();
		}
	}

	@TestFactory
	List<DynamicTest> examples() {
		List<DynamicTest> tests = new ArrayList<>();
		for (Path folder : folders(EXAMPLES)) {
			for (Path example : jsonFiles(folder)) {
				String name = folder.getFileName() + "/" + example.getFileName();
				if (example.getFileName().toString().startsWith("valid-")) {
					tests.add(DynamicTest.dynamicTest(name, () -> assertValid(example)));
				} else if (example.getFileName().toString().startsWith("invalid-")) {
					tests.add(DynamicTest.dynamicTest(name, () -> assertInvalid(example)));
				}
			}
		}
		return tests;
	}

	private static void assertValid(Path example) {
		IBaseResource resource = parse(example);
		assertThat(ProfileValidator.claimsImmunoRiskProfile(resource)).as("claims an ImmunoRisk profile").isTrue();
		assertThat(describe(validator.errors(resource))).as(example.toString()).isEmpty();
	}

	private static void assertInvalid(Path example) {
		Path expectFile = example.resolveSibling(example.getFileName().toString().replace(".json", ".expect"));
		assertThat(expectFile).as("each invalid example says which error it expects").exists();
		String expected = read(expectFile).trim();
		IBaseResource resource = parse(example);
		assertThat(ProfileValidator.claimsImmunoRiskProfile(resource)).as("claims an ImmunoRisk profile").isTrue();
		List<String> errors = describe(validator.errors(resource));
		assertThat(errors).as(example + " must be refused").isNotEmpty();
		assertThat(errors).as(example + " must fail for the expected reason").anyMatch(e -> e.contains(expected));
	}

	static List<String> describe(List<SingleValidationMessage> errors) {
		return errors.stream().map(e -> e.getLocationString() + ": " + e.getMessage()).collect(Collectors.toList());
	}
}
