package org.immunorisk.cds.sandbox;

import org.immunorisk.testsupport.FhirServerTest;
import org.immunorisk.testsupport.HeadlessChromium;
import org.immunorisk.testsupport.ScenarioPatients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sandbox page in a real headless Chromium against the running server: it lists the stored test patients,
 * resolves prefetch (or lets the service fetch), gets a JWT from the sandbox client, fires the hook and renders
 * the cards. Expected cards come from test-bundles/README.md (results) and the services' data (which risk level
 * earns a card, and its indicator), never from what the page shows.
 */
class CdsSandboxBrowserTest extends FhirServerTest {

	/** Copies of the scenarios under ids of their own, re-dated to yesterday: patient-view assesses as of today. */
	private static final String PREFIX = "sandbox-";
	private static final List<String> SCENARIOS = List.of("igg4rd-high", "nsclc-high", "ra-low", "no-domain-data");
	private static final String RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";
	private static final String ATC = "http://www.whocc.no/atc";

	private static ChromeDriver browser;
	private static boolean loaded;
	private WebDriverWait wait;

	@BeforeAll
	static void startBrowser() {
		browser = HeadlessChromium.start();
	}

	@AfterAll
	static void stopBrowser() {
		if (browser != null) {
			browser.quit();
		}
	}

	@BeforeEach
	void loadScenariosAndOpenTheSandbox() {
		if (!loaded) {
			for (String scenario : SCENARIOS) {
				String bundle = ScenarioPatients.redatedBundle(scenario).replace(scenario + "-", PREFIX + scenario + "-");
				assertThat(http.post("/fhir", "application/fhir+json", bundle).status()).isEqualTo(200);
			}
			loaded = true;
		}
		// A bound on how long a step may take, not a measurement (HAPI answers the first searches slowly).
		wait = new WebDriverWait(browser, Duration.ofSeconds(60));
		browser.get(http.base() + "/cds-sandbox/");
		wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));
	}

	private static String patient(String scenario) {
		return PREFIX + scenario + "-patient";
	}

	/** Fills the form, fires, and waits until the page has finished this call. */
	private List<WebElement> fire(String patientId, String hook, String serviceId, String order, boolean serviceFetches) {
		if (patientId.endsWith("-patient")) { // a stored scenario patient: it must be in the list
			new Select(browser.findElement(By.id("patient-select"))).selectByValue(patientId);
		} else {
			browser.findElement(By.id("patient-id")).clear();
			browser.findElement(By.id("patient-id")).sendKeys(patientId);
		}
		assertThat(browser.findElement(By.id("patient-id")).getDomProperty("value")).isEqualTo(patientId);
		new Select(browser.findElement(By.id("hook-select"))).selectByValue(hook);
		new Select(browser.findElement(By.id("service-select"))).selectByValue(serviceId);
		if (order != null) {
			new Select(browser.findElement(By.id("order-select"))).selectByValue(order);
		}
		WebElement fetch = browser.findElement(By.id("service-fetch"));
		if (fetch.isSelected() != serviceFetches) {
			fetch.click();
		}
		String before = String.valueOf(fired());
		browser.findElement(By.id("fire")).click();
		wait.until(d -> !before.equals(String.valueOf(fired())));
		return browser.findElements(By.cssSelector("#cards article.card"));
	}

	private int fired() {
		String fired = browser.findElement(By.tagName("body")).getDomAttribute("data-fired");
		return fired == null ? 0 : Integer.parseInt(fired);
	}

	/** The cards by the model in their source label ("ImmunoRisk: lipi 1.0"). */
	private static Map<String, WebElement> byModel(List<WebElement> cards, String... models) {
		return cards.stream().collect(Collectors.toMap(card -> {
			String label = card.findElement(By.cssSelector(".card-source a")).getText();
			for (String model : models) {
				if (label.contains(": " + model + " ")) {
					return model;
				}
			}
			throw new AssertionError("card from an unexpected model: " + label);
		}, Function.identity()));
	}

	private static String summary(WebElement card) {
		return card.findElement(By.className("card-summary")).getText();
	}

	private static String rawText(String id) {
		return browser.findElement(By.id(id)).getDomProperty("textContent");
	}

	@Test
	void patientViewRendersTheCardsOfTheIgG4RdAssessment() throws IOException {
		List<WebElement> cards = fire(patient("igg4rd-high"), "patient-view", "immunorisk-patient-view", null, false);

		// README: 2019 ACR/EULAR 69 (classified), 2020 comprehensive criteria definite, HLA markers of a higher
		// glucocorticoid need, and the demonstration forest igg4rd-rf 1.000 (IgG4-RD likely): all HIGH, which
		// patient-view shows as critical.
		assertThat(cards).hasSize(4);
		Map<String, WebElement> byModel = byModel(cards, "acr-eular-2019-igg4rd", "igg4rd-comprehensive-2020",
				"igg4rd-hla-steroid-response", "igg4rd-rf");
		assertThat(byModel).hasSize(4);
		cards.forEach(card -> {
			assertThat(card.getDomAttribute("data-indicator")).isEqualTo("critical");
			assertThat(card.getDomAttribute("class")).contains("card-critical");
			assertThat(card.findElement(By.className("indicator")).getText()).isEqualToIgnoringCase("critical");
		});
		WebElement classification = byModel.get("acr-eular-2019-igg4rd");
		assertThat(summary(classification)).contains("classified", "69").doesNotContain("not classified");
		assertThat(summary(byModel.get("igg4rd-comprehensive-2020"))).contains("definite");

		// The markdown detail is rendered: a factor table, code, and no markdown syntax left over.
		WebElement detail = classification.findElement(By.className("card-detail"));
		assertThat(detail.findElements(By.cssSelector("table.md-table th")).stream().map(WebElement::getText).toList())
				.containsExactly("factor", "value", "points");
		assertThat(detail.findElements(By.cssSelector("table.md-table tbody tr"))).hasSizeGreaterThanOrEqualTo(6);
		assertThat(detail.findElement(By.tagName("code")).getText()).startsWith("acr-eular-2019-igg4rd");
		assertThat(detail.getText()).doesNotContain("**", "|---", "`");

		// Source label with its link, suggestions with labels, links.
		WebElement source = classification.findElement(By.cssSelector(".card-source a"));
		assertThat(source.getDomAttribute("href")).endsWith("/model-cards/acr-eular-2019-igg4rd");
		assertThat(source.getDomAttribute("rel")).contains("noopener");
		assertThat(classification.findElements(By.cssSelector(".card-suggestions .suggestion-label")))
				.isNotEmpty().allSatisfy(label -> assertThat(label.getText()).isNotBlank());
		assertThat(classification.findElements(By.cssSelector(".card-links a"))).isNotEmpty();
		assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("4 cards");

		// Raw request and response, collapsed: the prefetch the page resolved and the token it sent.
		assertThat(browser.findElement(By.id("raw-request")).getDomAttribute("open")).isNull();
		assertThat(rawText("request-json")).contains("Authorization: Bearer ey", "\"prefetch\"", "\"resourceType\": \"Patient\"",
				"\"userId\": \"Practitioner/sandbox\"", "\"iss\": \"" + CDS_BASE + "/cds-sandbox\"");
		assertThat(rawText("response-json")).startsWith("HTTP 200").contains("\"cards\"");
		assertThat(HeadlessChromium.consoleErrors(browser)).isEmpty();

		screenshot(Path.of("target", "screenshots", "cds-sandbox.png"));
	}

	@Test
	void nsclcPatientViewWithPrefetchOrServiceFetchAndAnOrderSelectOfNivolumab() {
		// README: LIPI 2 (poor) is HIGH; LORIS 0.267 is a low likelihood of response, which patient-view mirrors
		// into a high concern. Both critical.
		for (boolean serviceFetches : List.of(false, true)) {
			List<WebElement> cards = fire(patient("nsclc-high"), "patient-view", "immunorisk-patient-view", null, serviceFetches);
			assertThat(byModel(cards, "lipi", "loris-nsclc")).as("service fetches: " + serviceFetches).hasSize(2);
			assertThat(cards).extracting(c -> c.getDomAttribute("data-indicator")).containsOnly("critical");
			assertThat(rawText("request-json")).contains(serviceFetches ? "\"fhirServer\": \"" + http.base() + "/fhir\"" : "\"prefetch\"");
		}

		// The ICI order service shows both whatever the band, as warnings (cds-hooks/services/immunorisk-ici-order-select.json).
		List<WebElement> cards = fire(patient("nsclc-high"), "order-select", "immunorisk-ici-order-select", RXNORM + "|1597876", false);
		Map<String, WebElement> byModel = byModel(cards, "lipi", "loris-nsclc");
		assertThat(byModel).hasSize(2);
		assertThat(cards).extracting(c -> c.getDomAttribute("data-indicator")).containsOnly("warning");
		assertThat(summary(byModel.get("lipi"))).contains("poor", "2");
		assertThat(summary(byModel.get("loris-nsclc"))).contains("0.267");
		cards.forEach(card -> assertThat(card.findElement(By.className("card-detail")).getText()).startsWith("Order: nivolumab"));
		assertThat(rawText("request-json")).contains("\"draftOrders\"", "\"medicationCodeableConcept\"", "\"code\": \"1597876\"",
				"\"selections\"", "MedicationRequest/sandbox-draft-1");
	}

	@Test
	void orderSignOfPrednisoloneShowsTheHlaMarkers() {
		// README: B*40:01 and DRB1-β7-Val → a higher prednisolone need (HIGH), a warning in the glucocorticoid service.
		List<WebElement> cards = fire(patient("igg4rd-high"), "order-sign", "immunorisk-igg4rd-glucocorticoid-order-sign",
				ATC + "|H02AB06", false);
		assertThat(byModel(cards, "igg4rd-hla-steroid-response")).hasSize(1);
		assertThat(cards.get(0).getDomAttribute("data-indicator")).isEqualTo("warning");
		// Allele names keep their asterisks: the service escapes them, so they never pair into emphasis.
		WebElement detail = cards.get(0).findElement(By.className("card-detail"));
		assertThat(detail.getText()).contains("B*40:01", "DRB1*04:05");
		assertThat(detail.findElements(By.tagName("em"))).isEmpty();
		assertThat(rawText("request-json")).contains("\"hook\": \"order-sign\"", "\"code\": \"H02AB06\"").doesNotContain("\"selections\"");
	}

	@Test
	void noCardsAndServiceErrorsAreShown() {
		// README: ra-low is ACR/EULAR 1 and Leiden 0.68, both low (below patient-view's moderate); no-domain-data
		// has nothing to assess.
		for (String scenario : List.of("ra-low", "no-domain-data")) {
			assertThat(fire(patient(scenario), "patient-view", "immunorisk-patient-view", null, false)).isEmpty();
			assertThat(browser.findElement(By.className("no-cards")).getText()).startsWith("No cards");
			assertThat(browser.findElement(By.id("error")).isDisplayed()).isFalse();
		}

		// A patient this server does not have: the prefetch holds no Patient, and the service answers 412.
		assertThat(fire("sandbox-nobody", "patient-view", "immunorisk-patient-view", null, false)).isEmpty();
		WebElement error = browser.findElement(By.id("error"));
		assertThat(error.isDisplayed()).isTrue();
		assertThat(browser.findElement(By.id("error-title")).getText()).contains("HTTP 412");
		assertThat(browser.findElement(By.id("error-body")).getText()).contains("\"error\": \"prefetch-unavailable\"");
		assertThat(browser.findElements(By.className("no-cards"))).isEmpty();
		assertThat(rawText("response-json")).startsWith("HTTP 412");
	}

	@Test
	void cardContentIsRenderedAsTextNeverAsHtml() {
		browser.executeScript("window.__injected = false; window.ImmunoRiskSandbox.renderCards([{"
				+ "summary: '<img src=x onerror=\"window.__injected = true\">', indicator: 'critical\" onclick=\"x',"
				+ "detail: '**Trained on synthetic data: a demonstration, not clinically validated.**\\n\\n"
				+ "<script>window.__injected = true</script> **bold** and `<b>code</b>`\\n\\n"
				+ "| a | b |\\n|---|---|\\n| <i>x</i> | [link](javascript:window.__injected=true) |',"
				+ "source: {label: 'Evil', url: 'javascript:window.__injected=true'},"
				+ "links: [{label: 'ok', url: 'https://example.org/x', type: 'absolute'}]}]);");
		WebElement card = browser.findElement(By.cssSelector("#cards article.card"));
		assertThat(card.getDomAttribute("data-indicator")).isEqualTo("unknown");
		assertThat(summary(card)).isEqualTo("<img src=x onerror=\"window.__injected = true\">");
		assertThat(card.findElements(By.cssSelector("img, script, i, b"))).isEmpty();
		assertThat(card.findElement(By.className("synthetic-notice")).getText()).startsWith("Trained on synthetic data");
		WebElement detail = card.findElement(By.className("card-detail"));
		assertThat(detail.getText()).contains("<script>", "<i>x</i>").doesNotContain("Trained on synthetic data");
		assertThat(detail.findElement(By.tagName("strong")).getText()).isEqualTo("bold");
		assertThat(detail.findElement(By.tagName("code")).getText()).isEqualTo("<b>code</b>");
		assertThat(detail.findElements(By.tagName("a"))).isEmpty(); // javascript: is no link
		assertThat(card.findElements(By.cssSelector(".card-source a"))).isEmpty();
		assertThat(card.findElement(By.cssSelector(".card-links a")).getDomAttribute("href")).isEqualTo("https://example.org/x");
		assertThat(browser.executeScript("return window.__injected;")).isEqualTo(false);
	}

	/** The page with cards, whole, for docs/images (the test writes under target/ only). */
	private static void screenshot(Path file) throws IOException {
		Dimension window = browser.manage().window().getSize();
		Number height = (Number) browser.executeScript("return document.documentElement.scrollHeight;");
		// The window is a little taller than its viewport: leave room so the last card is whole.
		browser.manage().window().setSize(new Dimension(window.getWidth(), Math.max(window.getHeight(), height.intValue() + 160)));
		try {
			Files.createDirectories(file.getParent());
			Files.write(file, browser.getScreenshotAs(OutputType.BYTES));
		} finally {
			browser.manage().window().setSize(window);
		}
	}
}
