package org.immunorisk.conformance;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import ca.uhn.fhir.validation.SingleValidationMessage;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.StringType;

import java.util.List;

/**
 * Validation on write: a resource that claims an ImmunoRisk profile must conform to it, or the write is
 * refused with 422 and an OperationOutcome naming each offending element. It runs before storage, inside the
 * database transaction, so a transaction bundle with one bad entry stores nothing.
 */
@Interceptor
public class ProfileValidationInterceptor {

	private final FhirContext fhirContext;
	private final ProfileValidator validator;

	public ProfileValidationInterceptor(FhirContext fhirContext, ProfileValidator validator) {
		this.fhirContext = fhirContext;
		this.validator = validator;
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
	public void beforeCreate(IBaseResource resource) {
		requireConformance(resource);
	}

	@Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
	public void beforeUpdate(IBaseResource previous, IBaseResource resource) {
		requireConformance(resource);
	}

	private void requireConformance(IBaseResource resource) {
		if (!ProfileValidator.claimsImmunoRiskProfile(resource)) {
			return;
		}
		List<SingleValidationMessage> errors = validator.errors(resource);
		if (errors.isEmpty()) {
			return;
		}
		String subject = resource.fhirType()
				+ (resource.getIdElement().hasIdPart() ? "/" + resource.getIdElement().getIdPart() : "");
		OperationOutcome outcome = new OperationOutcome();
		for (SingleValidationMessage error : errors) {
			OperationOutcome.OperationOutcomeIssueComponent issue = outcome.addIssue()
					.setSeverity(OperationOutcome.IssueSeverity.ERROR)
					.setCode(OperationOutcome.IssueType.PROCESSING)
					.setDiagnostics(subject + ": " + error.getMessage());
			if (error.getLocationString() != null) {
				issue.addExpression(error.getLocationString());
				issue.getLocation().add(new StringType(error.getLocationString()));
			}
		}
		SingleValidationMessage first = errors.get(0);
		throw new UnprocessableEntityException(
				subject + " does not conform to " + String.join(", ", ProfileValidator.claimedProfiles(resource))
						+ ": " + first.getLocationString() + ": " + first.getMessage()
						+ (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : ""),
				outcome);
	}
}
