package org.immunorisk.conformance;

import ca.uhn.fhir.validation.IInstanceValidatorModule;
import ca.uhn.fhir.validation.IValidationContext;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Makes the server's {@code $validate} give the same answer as validation on write: requests that concern an
 * ImmunoRisk profile go to {@link ProfileValidator}; everything else to the host's own instance validator.
 * Installed by wrapping the host's {@link IInstanceValidatorModule} bean, so no HAPI configuration is replaced.
 */
public final class ImmunoRiskInstanceValidator implements IInstanceValidatorModule {

	private final IInstanceValidatorModule hostValidator;
	private final ObjectProvider<ProfileValidator> profileValidator;

	ImmunoRiskInstanceValidator(IInstanceValidatorModule hostValidator, ObjectProvider<ProfileValidator> profileValidator) {
		this.hostValidator = hostValidator;
		this.profileValidator = profileValidator;
	}

	@Override
	public void validateResource(IValidationContext<IBaseResource> context) {
		if (ProfileValidator.concernsImmunoRisk(context)) {
			profileValidator.getObject().validate(context);
		} else {
			hostValidator.validateResource(context);
		}
	}

	/** Wraps the host's instance validator bean as it is created. */
	public static BeanPostProcessor wrappingPostProcessor(ObjectProvider<ProfileValidator> profileValidator) {
		return new BeanPostProcessor() {
			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				if (bean instanceof IInstanceValidatorModule host && !(bean instanceof ImmunoRiskInstanceValidator)) {
					return new ImmunoRiskInstanceValidator(host, profileValidator);
				}
				return bean;
			}
		};
	}
}
