package io.github.failoverds.sample;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The status page in a real headless browser against the running sample, with the cluster manager off so
 * that the page's own buttons tell the whole story: Kill on the primary crashes the real server and leaves no
 * writable node; Promote on the standby makes it the primary, writes resume there and every order written
 * before the crash is still there; Restart on the old primary brings it back as a split brain. Skipped when
 * Chromium is not installed.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "demo.cluster-manager.enabled=false")
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
	void showsTheCrashThePromotionTheOrdersStillThereAndTheSplitBrain() {
		awaitPrimaryWithItsReplica();
		click("primary", "kill");
		awaitNoWritableNode();
		click("standby-1", "promote");
		awaitPromotedStandbyWithEveryOrderStillThere();
		click("primary", "restart");
		awaitSplitBrain();
	}

	private void awaitPrimaryWithItsReplica() {
		await("primary active, standby-1 its replica").atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
			assertThat(text("#active-node")).isEqualTo("primary");
			assertThat(row("primary").getAttribute("data-active")).isEqualTo("true");
			assertThat(row("primary").getAttribute("data-role")).isEqualTo("PRIMARY");
			assertThat(row("standby-1").getAttribute("data-role")).isEqualTo("REPLICA");
			assertThat(attribute("#orders-still-there", "data-verdict")).isEqualTo("intact");
		});
		assertThat(attribute("body", "data-demo")).isEqualTo("on");
		assertThat(attribute("#cluster-manager", "data-automatic")).isEqualTo("false");
		assertThat(button("standby-1", "promote").isDisplayed()).as("Promote on the replica").isTrue();
		assertThat(button("primary", "promote").isDisplayed()).as("Promote on the primary").isFalse();
		// shown whether or not this version of the starter reports the metric
		assertThat(attribute("#writes-waiting", "data-available")).isIn("true", "false");
	}

	private void awaitNoWritableNode() {
		await("no writable node on the page").atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
			assertThat(text("#active-node")).as(activeNodeWithPageMessage()).isEqualTo("none");
			assertThat(row("primary").getAttribute("data-status")).isEqualTo("DOWN");
			assertThat(this.browser.findElement(By.id("outage")).isDisplayed()).isTrue();
			assertThat(timeline("outage")).contains("No writable node since primary was lost");
		});
	}

	private void awaitPromotedStandbyWithEveryOrderStillThere() {
		await("standby-1 promoted and active on the page").atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
			assertThat(text("#active-node")).as(activeNodeWithPageMessage()).isEqualTo("standby-1");
			assertThat(row("standby-1").getAttribute("data-role")).isEqualTo("PRIMARY");
			assertThat(timeline("role")).contains("standby-1 promoted: REPLICA → PRIMARY");
			// no node was active between the crash and the promotion: the change comes from none, and its
			// detail names the node that went DOWN
			assertThat(timeline("change")).contains("Failover: none → standby-1").contains("'primary' is DOWN");
			assertThat(timeline("resume")).contains("Writes resume on standby-1");
		});
		await("the orders written before the crash checked").atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
			assertThat(attribute("#outage", "data-verdict")).isEqualTo("intact");
			assertThat(Integer.parseInt(text("#outage-written"))).isPositive();
			assertThat(text("#outage-still-there")).isEqualTo(text("#outage-written"));
		});
	}

	private void awaitSplitBrain() {
		await("the old primary shown as a split brain").atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
			assertThat(this.browser.findElement(By.id("split-brain")).isDisplayed()).isTrue();
			assertThat(text("#split-brain-nodes")).isEqualTo("primary");
			assertThat(row("primary").getAttribute("data-split-brain")).isEqualTo("true");
			assertThat(timeline("split-brain")).contains("Split brain: primary");
		});
		assertThat(text("#active-node")).isEqualTo("standby-1");
		assertThat(this.browser.findElements(By.cssSelector("#timeline li[data-kind='control']"))).hasSize(3);
	}

	/** The page's own message (e.g. that it cannot read the application's state) explains a stale figure. */
	private String activeNodeWithPageMessage() {
		return "active node (page message: '" + text("#message") + "')";
	}

	private void click(String node, String action) {
		button(node, action).click();
	}

	private WebElement button(String node, String action) {
		return this.browser.findElement(By.cssSelector("button[data-node='" + node + "'][data-action='" + action + "']"));
	}

	private WebElement row(String node) {
		return this.browser.findElement(By.cssSelector("tr[data-node='" + node + "']"));
	}

	private String timeline(String kind) {
		return this.browser.findElement(By.cssSelector("#timeline li[data-kind='" + kind + "']")).getText();
	}

	private String text(String cssSelector) {
		return this.browser.findElement(By.cssSelector(cssSelector)).getText();
	}

	private String attribute(String cssSelector, String name) {
		return this.browser.findElement(By.cssSelector(cssSelector)).getAttribute(name);
	}

}
