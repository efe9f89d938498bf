package org.immunorisk.testsupport;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.WebDriver;

import java.io.File;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

/**
 * Debian's Chromium, headless, driven by its own chromedriver (both from apt: scripts/install-test-browser.sh,
 * run by Maven before the tests). Both paths are given, so Selenium Manager never looks for or downloads a
 * browser or a driver.
 */
public final class HeadlessChromium {

	public static final String BROWSER = "/usr/bin/chromium";
	public static final String DRIVER = "/usr/bin/chromedriver";

	private HeadlessChromium() {}

	public static ChromeDriver start() {
		System.setProperty("webdriver.chrome.driver", DRIVER);
		ChromeOptions options = new ChromeOptions();
		options.setBinary(BROWSER);
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--window-size=1280,2000", "--disable-background-networking", "--no-first-run");
		// The page's console (errors included) is read back through the logging API.
		options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER)).build();
		return new ChromeDriver(service, options);
	}

	/** Console errors since the last call (the log is drained by reading it). */
	public static List<String> consoleErrors(WebDriver driver) {
		return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
				.filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
				.map(LogEntry::getMessage)
				.toList();
	}
}
