package org.immunorisk.server;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;

/**
 * Says in the CapabilityStatement what the log says at start: this server has no authentication yet, so a
 * client (or an auditor reading /metadata) is not misled into assuming SMART protection.
 */
@Interceptor
public class OpenEndpointNotice {

	@Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
	public void describeSecurity(IBaseConformance capabilityStatement) {
		if (capabilityStatement instanceof CapabilityStatement statement) {
			for (var rest : statement.getRest()) {
				rest.getSecurity().setCors(false).setDescription("No authentication or authorisation in this release: "
						+ "every client that can reach the server can read and write every resource. Run it only on a "
						+ "trusted network. SMART on FHIR authorisation is planned.");
			}
		}
	}
}
