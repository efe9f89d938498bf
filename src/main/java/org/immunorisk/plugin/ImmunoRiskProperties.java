package org.immunorisk.plugin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.util.List;

/**
 * All ImmunoRisk configuration, one record tree under the {@code immunorisk} prefix.
 *
 * @param demoData whether the test bundles are loaded at start (demonstrations only)
 * @param limits   request limits of the FHIR endpoint
 * @param models   where locally trained models are loaded from at run time
 */
@ConfigurationProperties("immunorisk")
public record ImmunoRiskProperties(@DefaultValue DemoData demoData, @DefaultValue Limits limits, @DefaultValue Cds cds,
		@DefaultValue Models models) {

	/**
	 * Locally trained models ({@code org.immunorisk.training.local.TrainOnLocalData} writes them).
	 *
	 * @param directory    a folder of model manifests ({@code <id>.json}), their sibling files and cards; loaded at
	 *                     start and re-scanned while the server runs, so a model trained on site is served without a
	 *                     rebuild or restart. Unset: no local models. Whoever can write here decides what the server
	 *                     predicts: give it the permissions of the server's configuration.
	 * @param scanInterval how often the folder is re-scanned for new, changed or removed manifests
	 */
	public record Models(java.nio.file.Path directory, @DefaultValue("PT10S") java.time.Duration scanInterval) {}

	/**
	 * CDS Hooks service settings.
	 *
	 * @param trustedIssuers  CDS clients allowed to call (JWT iss and the URL of their JWKS); none by default
	 * @param insecureDevMode turn JWT checks off: development only, announced loudly at start
	 * @param localFallback   read the patient from this server's store when the client's prefetch lacks it
	 * @param publicBaseUrl   the service's external base URL (the JWT aud is this plus the path called); by
	 *                        default the URL of the request as received (then the Host header decides: set it)
	 * @param allowedOrigins  browser origins allowed to call the CDS endpoints (CORS); none by default
	 * @param sandbox         the development sandbox page and its CDS client
	 */
	public record Cds(List<Issuer> trustedIssuers, @DefaultValue("false") boolean insecureDevMode,
			@DefaultValue("false") boolean localFallback, String publicBaseUrl, List<String> allowedOrigins,
			@DefaultValue Sandbox sandbox) {

		public Cds {
			trustedIssuers = trustedIssuers == null ? List.of() : List.copyOf(trustedIssuers);
			allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
		}
	}

	/**
	 * @param enabled development only: serve the CDS Hooks sandbox page at {@code /cds-sandbox/} and trust its
	 *                in-memory client, which signs a JWT for anyone who can reach the server (loud warning at start)
	 */
	public record Sandbox(@DefaultValue("false") boolean enabled) {}

	/**
	 * @param iss        JWT issuer
	 * @param jwksUrl    its JWKS
	 * @param fhirServers URL prefixes of the FHIR servers ImmunoRisk may fetch missing prefetch from for this
	 *                   issuer (with the call's fhirAuthorization); empty = never fetch
	 */
	public record Issuer(String iss, java.net.URI jwksUrl, List<String> fhirServers) {

		public Issuer {
			fhirServers = fhirServers == null ? List.of() : List.copyOf(fhirServers);
		}
	}

	/** @param load load every bundle of {@code test-bundles/} into the store at start */
	public record DemoData(@DefaultValue("false") boolean load) {}

	/**
	 * @param maxRequestBytes largest request body accepted at the FHIR endpoint (bytes)
	 * @param fhirPath        where the host serves FHIR (the body limit applies below it)
	 */
	public record Limits(@DefaultValue("10485760") long maxRequestBytes, @DefaultValue("/fhir") String fhirPath) {}
}
