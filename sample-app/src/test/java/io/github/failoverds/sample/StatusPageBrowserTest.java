package io.github.failoverds.sample;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The status page in a real headless browser against the running sample: a click on the primary's kill
 * button crashes the real server, and the page shows the failover. Skipped when Chromium is not installed.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@DirtiesContext
class StatusPageBrowserTest {

	private static final Duration WAIT = Duration.ofSeconds(60);

	@LocalServerPort
	private int port;

	private WebDriver browser;

	@BeforeAll
	static void browserInstalled() {
		HeadlessChromium.assumeInstalled();
	}

	@BeforeEach
	void openPage() {
		this.browser = HeadlessChromium.start();
		this.browser.get("http://localhost:" + this.port + "/");
	}

	@AfterEach
	void closeBrowser() {
		this.browser.quit();
	}

	@Test
	void killingThePrimaryShowsTheFailoverToTheStandby() {
		await("primary active on the page").atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
			assertThat(text("#active-node")).isEqualTo("primary");
			assertThat(this.browser.findElement(By.cssSelector("tr[data-node='primary']")).getAttribute("data-active"))
				.isEqualTo("true");
		});
		assertThat(this.browser.findElement(By.tagName("body")).getAttribute("data-demo")).isEqualTo("on");

		this.browser.findElement(By.cssSelector("button[data-node='primary'][data-action='kill']")).click();

		await("standby-1 active on the page").atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
			assertThat(text("#active-node")).isEqualTo("standby-1");
			assertThat(this.browser.findElement(By.cssSelector("tr[data-node='primary']")).getAttribute("data-status"))
				.isEqualTo("DOWN");
		});
		await("the failover in the timeline").atMost(WAIT)
			.ignoreExceptions()
			.untilAsserted(() -> assertThat(text(
					"#timeline li[data-kind='change'][data-reason='failover'][data-from='primary'][data-to='standby-1']"))
				.contains("primary → standby-1"));
		assertThat(this.browser.findElements(By.cssSelector("#timeline li[data-kind='control'][data-action='kill']")))
			.hasSize(1);
	}

	private String text(String cssSelector) {
		return this.browser.findElement(By.cssSelector(cssSelector)).getText();
	}

}
