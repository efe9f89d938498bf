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
			assertThat(links).contains("/fhir", "/fhir/metadata", "/fhir/swagger-ui/", "/cds-services", "/cds-sandbox/", "/model-cards/");
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

	/**
	 * The model cards in a real browser: from the landing page to the index to a card, its style sheet applied, its
	 * ROC and calibration plots loaded, its tables rendered, and the page's strict CSP blocks nothing it needs.
	 */
	@Test
	void modelCardsInABrowserShowTheirTablesAndPlots() {
		ChromeDriver browser = HeadlessChromium.start();
		try {
			browser.get(http.base() + "/");
			WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60)); // a bound, not a measurement
			wait.until(ExpectedConditions.titleContains("ImmunoRisk"));
			browser.findElement(By.cssSelector("a[href='/model-cards/']")).click();
			wait.until(ExpectedConditions.titleIs("ImmunoRisk model cards"));
			browser.findElement(By.cssSelector("a[href='igg4rd-rf']")).click();
			wait.until(ExpectedConditions.titleIs("Model card: igg4rd-rf"));
			assertThat(browser.findElement(By.tagName("h1")).getText()).startsWith("Model card: igg4rd-rf");
			assertThat(browser.findElements(By.cssSelector("table th"))).isNotEmpty();
			List<WebElement> images = browser.findElements(By.tagName("img"));
			assertThat(images).extracting(i -> i.getDomAttribute("src")).contains("igg4rd-rf-roc.png", "igg4rd-rf-calibration.png");
			for (WebElement image : images) {
				wait.until(d -> Boolean.TRUE.equals(browser.executeScript("return arguments[0].complete", image)));
				assertThat(((Number) browser.executeScript("return arguments[0].naturalWidth", image)).intValue())
						.as(image.getDomAttribute("src")).isPositive();
			}
			// the style sheet (same origin, allowed by the CSP) applied: tables get collapsed borders
			assertThat(browser.findElement(By.tagName("table")).getCssValue("border-collapse")).isEqualTo("collapse");
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
