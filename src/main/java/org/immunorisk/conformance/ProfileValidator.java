package org.immunorisk.conformance;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.IValidationContext;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.NpmPackageValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.UnknownCodeSystemWarningValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Resource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Validates a resource against the ImmunoRisk profiles it claims in {@code meta.profile}: HAPI's instance
 * validator over the shipped profiles, terminology and the Genomics Reporting IG, plus the lab unit rules.
 * Resources that claim no ImmunoRisk profile are not this class's business.
 */
public final class ProfileValidator {

	private final FhirValidator validator;
	private final FhirInstanceValidator instanceValidator;
	private final LabUnitRules unitRules;

	public ProfileValidator(FhirContext fhirContext, ConformanceContent content, LabUnitRules unitRules) {
		this.unitRules = unitRules;
		this.instanceValidator = new FhirInstanceValidator(validationSupport(fhirContext, content));
		instanceValidator.setErrorForUnknownProfiles(true);
		// Extensions are open in R4 and the Genomics Reporting IG uses several from packages we do not ship.
		instanceValidator.setAnyExtensionsAllowed(true);
		this.validator = fhirContext.newValidator();
		validator.registerValidatorModule(this::validate);
	}

	/**
	 * Validates in a HAPI validation context (the shape {@code $validate} and {@link FhirValidator} use):
	 * the profiles the resource claims or the context names, plus the lab unit rules.
	 */
	public void validate(IValidationContext<IBaseResource> context) {
		instanceValidator.validateResource(context);
		if (context.getResource() instanceof Observation observation) {
			unitRules.unitProblem(observation).ifPresent(problem -> context.addValidationMessage(unitError(observation, problem)));
		}
	}

	/** Whether a validation request concerns ImmunoRisk profiles (claimed by the resource or asked for). */
	public static boolean concernsImmunoRisk(IValidationContext<IBaseResource> context) {
		return context.getOptions().getProfiles().stream().anyMatch(ConformanceContent::isImmunoRiskCanonical)
				|| (context.getResource() != null && claimsImmunoRiskProfile(context.getResource()));
	}

	private static IValidationSupport validationSupport(FhirContext fhirContext, ConformanceContent content) {
		NpmPackageValidationSupport igPackages = new NpmPackageValidationSupport(fhirContext);
		try {
			igPackages.loadPackageFromClasspath("classpath:" + ConformanceContent.GENOMICS_REPORTING.classpathLocation());
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		PrePopulatedValidationSupport immunoRisk = new PrePopulatedValidationSupport(fhirContext);
		content.allResources().forEach(immunoRisk::addResource);
		// LOINC, SNOMED CT and HGNC are not loaded here: codes from them are checked against our enumerated
		// ValueSets, and an unknown external code system is a warning, not an error.
		UnknownCodeSystemWarningValidationSupport unknownCodeSystems = new UnknownCodeSystemWarningValidationSupport(fhirContext);
		unknownCodeSystems.setNonExistentCodeSystemSeverity(IValidationSupport.IssueSeverity.WARNING);
		return new ValidationSupportChain(
				new DefaultProfileValidationSupport(fhirContext),
				igPackages,
				immunoRisk,
				new CommonCodeSystemsTerminologyService(fhirContext),
				new InMemoryTerminologyServerValidationSupport(fhirContext),
				new SnapshotGeneratingValidationSupport(fhirContext),
				unknownCodeSystems);
	}

	public static boolean claimsImmunoRiskProfile(IBaseResource resource) {
		return resource.getMeta().getProfile().stream()
				.anyMatch(profile -> ConformanceContent.isImmunoRiskCanonical(profile.getValue()));
	}

	/** The errors (and fatal errors) that make the resource non-conformant; empty when it conforms. */
	public List<SingleValidationMessage> errors(IBaseResource resource) {
		List<SingleValidationMessage> errors = new ArrayList<>();
		for (SingleValidationMessage message : validator.validateWithResult(resource).getMessages()) {
			if (message.getSeverity() == ResultSeverityEnum.ERROR || message.getSeverity() == ResultSeverityEnum.FATAL) {
				errors.add(message);
			}
		}
		return errors;
	}

	private static SingleValidationMessage unitError(Resource resource, String problem) {
		SingleValidationMessage message = new SingleValidationMessage();
		message.setSeverity(ResultSeverityEnum.ERROR);
		message.setLocationString(resource.fhirType() + ".value.ofType(Quantity)");
		message.setMessage(problem);
		message.setMessageId("immunorisk-lab-unit");
		return message;
	}

	/** The ImmunoRisk profiles a resource claims (for messages). */
	public static List<String> claimedProfiles(IBaseResource resource) {
		return resource.getMeta().getProfile().stream()
				.map(profile -> ((CanonicalType) profile).getValue())
				.filter(ConformanceContent::isImmunoRiskCanonical)
				.toList();
	}
}
