package org.immunorisk.plugin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * All ImmunoRisk configuration, one record tree under the {@code immunorisk} prefix.
 *
 * @param demoData whether the test bundles are loaded at start (demonstrations only)
 * @param limits   request limits of the FHIR endpoint
 */
@ConfigurationProperties("immunorisk")
public record ImmunoRiskProperties(@DefaultValue DemoData demoData, @DefaultValue Limits limits) {

	/** @param load load every bundle of {@code test-bundles/} into the store at start */
	public record DemoData(@DefaultValue("false") boolean load) {}

	/**
	 * @param maxRequestBytes largest request body accepted at the FHIR endpoint (bytes)
	 * @param fhirPath        where the host serves FHIR (the body limit applies below it)
	 */
	public record Limits(@DefaultValue("10485760") long maxRequestBytes, @DefaultValue("/fhir") String fhirPath) {}
}
