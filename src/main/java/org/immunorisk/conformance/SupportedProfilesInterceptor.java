package org.immunorisk.conformance;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.StructureDefinition;

/**
 * Lists every ImmunoRisk profile as {@code supportedProfile} of its resource type in the server's
 * CapabilityStatement, so a client can discover what the server validates.
 */
@Interceptor
public class SupportedProfilesInterceptor {

	private final ConformanceContent content;

	public SupportedProfilesInterceptor(ConformanceContent content) {
		this.content = content;
	}

	@Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
	public void addSupportedProfiles(IBaseConformance capabilityStatement) {
		if (!(capabilityStatement instanceof CapabilityStatement statement)) {
			return;
		}
		for (var rest : statement.getRest()) {
			for (StructureDefinition profile : content.profiles()) {
				for (CapabilityStatementRestResourceComponent resource : rest.getResource()) {
					if (resource.getType().equals(profile.getType())
							&& resource.getSupportedProfile().stream().noneMatch(p -> profile.getUrl().equals(p.getValue()))) {
						resource.addSupportedProfile(profile.getUrl());
					}
				}
			}
		}
	}
}
