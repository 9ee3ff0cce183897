package io.github.failoverds.sample;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Debian's Chromium and ChromeDriver ({@code apt-get install chromium chromium-driver}), driven headless by
 * Selenium with explicit paths, so that Selenium Manager never downloads anything.
 */
public final class HeadlessChromium {

	/** The browser. */
	public static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	/** Its WebDriver. */
	public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	private HeadlessChromium() {
	}

	/**
	 * Skip the calling test, with the reason, when the browser or its driver is not installed.
	 */
	public static void assumeInstalled() {
		assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER), () -> "Browser test skipped: "
				+ CHROMIUM + " and " + CHROMEDRIVER + " are needed (apt-get install chromium chromium-driver)");
	}

	/**
	 * Start a headless browser.
	 * @return the driver; quit it when done
	 */
	public static ChromeDriver start() {
		System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER.toString());
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--window-size=1280,1024");
		ChromeDriverService service = new ChromeDriverService.Builder()
			.usingDriverExecutable(new File(CHROMEDRIVER.toString()))
			.usingAnyFreePort()
			.build();
		return new ChromeDriver(service, options);
	}

}
