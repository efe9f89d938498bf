package org.immunorisk.server;

import org.immunorisk.testsupport.FhirServerTest;
import org.immunorisk.testsupport.HeadlessChromium;
import org.immunorisk.testsupport.Http;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The landing page and the OpenAPI description / Swagger UI of the FHIR endpoint are served. */
class WebPagesTest extends FhirServerTest {

	@Test
	void landingPageLinksTheFhirEndpointAndItsApiDocs() {
		Http.Response page = http.getHtml("/");
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.contentType()).startsWith("text/html");
		assertThat(page.body()).contains("ImmunoRisk", "/fhir/metadata", "/fhir/swagger-ui/", "/cds-sandbox/");
	}

	/** In a real browser: the links are there, the sandbox link leads to a working page, and nothing fails in the console. */
	@Test
	void landingPageInABrowserLinksTheEndpointsAndLogsNoErrors() {
		ChromeDriver browser = HeadlessChromium.start();
		try {
			browser.get(http.base() + "/");
			WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60)); // a bound, not a measurement
			wait.until(ExpectedConditions.titleContains("ImmunoRisk"));
			List<String> links = browser.findElements(By.tagName("a")).stream().map(a -> a.getDomAttribute("href")).toList();
			assertThat(links).contains("/fhir", "/fhir/metadata", "/fhir/swagger-ui/", "/cds-services", "/cds-sandbox/");
			assertThat(HeadlessChromium.consoleErrors(browser)).isEmpty();

			WebElement sandbox = browser.findElement(By.cssSelector("a[href='/cds-sandbox/']"));
			sandbox.click();
			wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));
			assertThat(browser.getTitle()).isEqualTo("ImmunoRisk CDS Hooks sandbox");
			assertThat(HeadlessChromium.consoleErrors(browser)).isEmpty();
		} finally {
			browser.quit();
		}
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
