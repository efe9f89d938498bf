package org.immunorisk.cds.sandbox;

import org.immunorisk.cds.CdsServiceCatalog;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * With {@code immunorisk.cds.sandbox.enabled} off (the default) the sandbox does not exist: every path under
 * /cds-sandbox is 404, page included, and the CDS service trusts no sandbox issuer. Without a server: the shared
 * test server runs with the sandbox on, and a second server context is not worth this check.
 */
class CdsSandboxOffTest {

	private final CdsSandboxClient off = CdsSandboxClient.start(false, null, "/fhir",
			new MockEnvironment().withProperty("local.server.port", "8080"));

	@Test
	void everyPathIs404() throws Exception {
		MockMvc mvc = MockMvcBuilders.standaloneSetup(new CdsSandboxController(off, CdsServiceCatalog.fromClasspath(), false)).build();
		for (String path : List.of("/cds-sandbox", "/cds-sandbox/", "/cds-sandbox/index.html", "/cds-sandbox/sandbox.js",
				"/cds-sandbox/sandbox.css", "/cds-sandbox/settings", "/cds-sandbox/orders")) {
			mvc.perform(get(path)).andExpect(status().isNotFound());
		}
		mvc.perform(post("/cds-sandbox/token").contentType(MediaType.APPLICATION_JSON)
				.content("{\"aud\": \"http://localhost/cds-services/immunorisk-patient-view\"}"))
				.andExpect(status().isNotFound());
	}

	@Test
	void theCdsServiceTrustsNoSandboxIssuer() {
		assertThat(off.enabled()).isFalse();
		assertThat(off.trusting(List.of()).apply("http://localhost:8080/cds-sandbox")).isNull();
	}

	@Test
	void whenOnItTrustsOnlyItsOwnIssuerWithKeysInMemoryAndThisServersFhirEndpoint() {
		CdsSandboxClient on = CdsSandboxClient.start(true, null, "/fhir", new MockEnvironment().withProperty("local.server.port", "8080"));
		var issuer = on.trusting(List.of()).apply("http://localhost:8080/cds-sandbox");
		assertThat(issuer).isNotNull();
		assertThat(issuer.localKeys()).isNotNull();
		assertThat(issuer.jwksUrl()).isNull();
		assertThat(issuer.mayFetchFrom("http://localhost:8080/fhir")).isTrue();
		assertThat(issuer.mayFetchFrom("http://elsewhere.example/fhir")).isFalse();
		assertThat(on.trusting(List.of()).apply("http://localhost:9999/cds-sandbox")).isNull();
		// Behind a proxy: the configured public base URL names it.
		CdsSandboxClient proxied = CdsSandboxClient.start(true, "https://cds.example.org/", "/fhir",
				new MockEnvironment().withProperty("local.server.port", "8080"));
		assertThat(proxied.iss()).isEqualTo("https://cds.example.org/cds-sandbox");
		assertThat(proxied.fhirServer()).isEqualTo("http://localhost:8080/fhir"); // the server reads itself over loopback
	}
}
