package org.immunorisk.server;

import org.immunorisk.testsupport.FhirServerTest;
import org.immunorisk.testsupport.Http;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The landing page and the OpenAPI description / Swagger UI of the FHIR endpoint are served. */
class WebPagesTest extends FhirServerTest {

	@Test
	void landingPageLinksTheFhirEndpointAndItsApiDocs() {
		Http.Response page = http.getHtml("/");
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.contentType()).startsWith("text/html");
		assertThat(page.body()).contains("ImmunoRisk", "/fhir/metadata", "/fhir/swagger-ui/");
	}

	@Test
	void openApiDescribesTheFhirEndpoint() {
		Http.Response docs = http.get("/fhir/api-docs");
		assertThat(docs.status()).isEqualTo(200);
		assertThat(docs.body()).contains("openapi", "/Observation");
	}

	@Test
	void swaggerUiIsServed() {
		Http.Response ui = http.getHtml("/fhir/swagger-ui/");
		assertThat(ui.status()).isEqualTo(200);
		assertThat(ui.body()).containsIgnoringCase("swagger");
	}
}
