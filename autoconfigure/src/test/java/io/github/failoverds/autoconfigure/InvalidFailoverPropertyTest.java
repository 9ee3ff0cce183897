package io.github.failoverds.autoconfigure;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.Environment;

import static io.github.failoverds.autoconfigure.ShortcutConfigurationTest.environmentVariables;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every kind of bad configuration stops startup with a failure analysis that names the property, says
 * how to fix it and shows no secret.
 */
@ExtendWith(OutputCaptureExtension.class)
class InvalidFailoverPropertyTest {

	private static final String SECRET = "S3cr3t-pw";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(FailoverDataSourceAutoConfiguration.class,
				DataSourceAutoConfiguration.class))
		.withPropertyValues("failover.datasource.hikari.minimum-idle=0");

	/** Two valid nodes with a password; a test breaks one thing. */
	private final ApplicationContextRunner twoNodes = this.runner.withPropertyValues(
			"failover.datasource.nodes[0].url=jdbc:h2:mem:invalid-a", "failover.datasource.nodes[0].password=" + SECRET,
			"failover.datasource.nodes[1].url=jdbc:h2:mem:invalid-b", "failover.datasource.nodes[1].password=" + SECRET);

	@Test
	void noNodeConfiguredAtAll() {
		// with an embedded database on the class path the starter would step aside instead
		this.runner.withClassLoader(new FilteredClassLoader("org.h2")).run((context) -> {
			FailureAnalysis analysis = analysis(context, "failover.datasource.nodes");
			assertThat(analysis.getDescription()).contains("No database node is configured");
			assertThat(analysis.getAction()).contains("failover.datasource.nodes[0].url")
				.contains("spring.datasource.url")
				.contains("failover.datasource.failover-urls")
				.contains("DATABASE_URL")
				.contains("DATABASE_FAILOVER_URLS")
				.contains("JdbcConnectionDetails")
				.contains("failover.datasource.enabled=false");
		});
	}

	@Test
	void standbysWithoutPrimary() {
		this.runner.withPropertyValues("failover.datasource.failover-urls=jdbc:h2:mem:orphan")
			.run((context) -> assertThat(analysis(context, "failover.datasource.failover-urls").getAction())
				.contains("spring.datasource.url")
				.contains("DATABASE_URL"));
	}

	@Test
	void nodeWithoutUrl() {
		this.twoNodes.withPropertyValues("failover.datasource.nodes[2].name=third").run((context) -> {
			FailureAnalysis analysis = analysis(context, "failover.datasource.nodes[2].url");
			assertThat(analysis.getDescription()).contains("Node 'third' has no url");
			assertThat(analysis.getAction()).contains("Set failover.datasource.nodes[2].url to");
		});
	}

	@Test
	void malformedUrl() {
		this.twoNodes.withPropertyValues("failover.datasource.nodes[1].url=db2.example.com:5432/app")
			.run((context) -> assertThat(analysis(context, "failover.datasource.nodes[1].url").getAction())
				.contains("jdbc:postgresql://host:5432/db")
				.contains("postgresql://user:password@host:5432/db"));
	}

	@Test
	void malformedUriDoesNotShowItsCredentials() {
		this.twoNodes
			.withPropertyValues("failover.datasource.nodes[1].url=http://app:" + SECRET + "@db2.example.com/app")
			.run((context) -> assertThat(analysis(context, "failover.datasource.nodes[1].url").getDescription())
				.contains("malformed url"));
	}

	@Test
	void malformedDatabaseUrlVariable() {
		this.runner.withInitializer(environmentVariables("DATABASE_URL=redis://app:" + SECRET + "@cache/0"))
			.run((context) -> assertThat(analysis(context, "DATABASE_URL").getAction()).contains("postgresql://"));
	}

	@Test
	void malformedEntryOfFailoverUrlsVariable() {
		this.runner
			.withInitializer(environmentVariables("DATABASE_URL=jdbc:h2:mem:env-primary",
					"DATABASE_FAILOVER_URLS=jdbc:h2:mem:env-standby,db3:5432"))
			.run((context) -> analysis(context, "DATABASE_FAILOVER_URLS (URL 2)"));
	}

	@Test
	void duplicateNodeNames() {
		this.twoNodes.withPropertyValues("failover.datasource.nodes[0].name=east", "failover.datasource.nodes[1].name=east")
			.run((context) -> {
				FailureAnalysis analysis = analysis(context, "failover.datasource.nodes[1].name");
				assertThat(analysis.getDescription()).contains("'east' is already used by the node at failover.datasource.nodes[0]");
				assertThat(analysis.getAction()).contains("Give every node its own name");
			});
	}

	@Test
	void explicitNameThatClashesWithADefaultName() {
		this.twoNodes.withPropertyValues("failover.datasource.nodes[0].name=standby-1")
			.run((context) -> assertThat(analysis(context, "failover.datasource.nodes[1].name").getDescription())
				.contains("names default to primary, standby-1"));
	}

	@Test
	void nameThatIsNotAUsableMetricTag() {
		this.twoNodes.withPropertyValues("failover.datasource.nodes[1].name=eu west/1")
			.run((context) -> {
				FailureAnalysis analysis = analysis(context, "failover.datasource.nodes[1].name");
				assertThat(analysis.getDescription()).contains("cannot be used as a pool name and metric tag");
				assertThat(analysis.getAction()).contains("letters, digits, '.', '_' and '-' only");
			});
	}

	@Test
	void nonPositiveSharedPoolSize() {
		this.twoNodes.withPropertyValues("failover.datasource.hikari.maximum-pool-size=0")
			.run((context) -> assertThat(analysis(context, "failover.datasource.hikari.maximum-pool-size").getAction())
				.contains("1 or more"));
	}

	@Test
	void nonPositiveNodePoolSize() {
		this.twoNodes.withPropertyValues("failover.datasource.nodes[1].hikari.maximum-pool-size=-1")
			.run((context) -> assertThat(
					analysis(context, "failover.datasource.nodes[1].hikari.maximum-pool-size").getAction())
				.contains("1 or more"));
	}

	@Test
	void nonPositiveSpringPoolSize() {
		this.runner
			.withPropertyValues("spring.datasource.url=jdbc:h2:mem:spring-pool",
					"spring.datasource.password=" + SECRET, "spring.datasource.hikari.maximum-pool-size=0")
			.run((context) -> assertThat(analysis(context, "spring.datasource.hikari.maximum-pool-size").getAction())
				.contains("1 or more"));
	}

	@Test
	void nonPositivePoolSizeVariable() {
		this.runner.withInitializer(environmentVariables("DATABASE_URL=jdbc:h2:mem:env-pool", "DB_POOL_SIZE=0"))
			.run((context) -> assertThat(analysis(context, "DB_POOL_SIZE").getAction()).contains("1 or more"));
	}

	@Test
	void overflowWithoutPoolSize() {
		this.runner.withInitializer(environmentVariables("DATABASE_URL=jdbc:h2:mem:env-overflow", "DB_MAX_OVERFLOW=5"))
			.run((context) -> assertThat(analysis(context, "DB_MAX_OVERFLOW").getAction()).contains("DB_POOL_SIZE"));
	}

	@Test
	void minimumIdleAboveMaximumPoolSize() {
		this.twoNodes
			.withPropertyValues("failover.datasource.hikari.maximum-pool-size=5",
					"failover.datasource.nodes[1].hikari.minimum-idle=8")
			.run((context) -> {
				FailureAnalysis analysis = analysis(context, "failover.datasource.nodes[1].hikari.minimum-idle");
				assertThat(analysis.getDescription())
					.contains("minimum-idle (8) is above maximum-pool-size (5, set by failover.datasource.hikari.maximum-pool-size)");
				assertThat(analysis.getAction()).contains("Lower failover.datasource.nodes[1].hikari.minimum-idle to at most 5");
			});
	}

	@Test
	void minimumIdleAboveHikarisDefaultMaximum() {
		this.twoNodes.withPropertyValues("failover.datasource.hikari.minimum-idle=12")
			.run((context) -> assertThat(analysis(context, "failover.datasource.hikari.minimum-idle").getDescription())
				.contains("(10, HikariCP's default)"));
	}

	@ParameterizedTest
	@CsvSource({ "connection-timeout, 0s", "health.interval, 0ms", "health.timeout, -1s", "failback.delay, -1s",
			"leak-detection.threshold, -5m", "await-writable, -1s" })
	void nonPositiveDuration(String property, String value) {
		String name = "failover.datasource." + property;
		this.twoNodes.withPropertyValues(name + "=" + value)
			.run((context) -> assertThat(analysis(context, name).getAction()).contains("Set " + name + " to"));
	}

	@ParameterizedTest
	@CsvSource({ "health.failure-threshold, 0", "health.recovery-threshold, -1", "health.history-size, 0" })
	void nonPositiveThreshold(String property, String value) {
		String name = "failover.datasource." + property;
		this.twoNodes.withPropertyValues(name + "=" + value)
			.run((context) -> assertThat(analysis(context, name).getAction())
				.contains("Set " + name + " to a whole number of 1 or more"));
	}

	@Test
	void valueOfTheWrongType() {
		this.twoNodes.withPropertyValues("failover.datasource.health.interval=soon")
			.run((context) -> assertThat(analysis(context, "failover.datasource.health.interval").getAction())
				.contains("a duration such as 500ms"));
	}

	@Test
	void hikariTimeWrittenAsDuration() {
		this.twoNodes.withPropertyValues("failover.datasource.hikari.connection-timeout=30s")
			.run((context) -> assertThat(analysis(context, "failover.datasource.hikari.connection-timeout").getAction())
				.contains("milliseconds such as 30000"));
	}

	@Test
	void unparseableDurationIsABindingFailureThatNamesTheProperty() {
		this.twoNodes.withPropertyValues("failover.datasource.await-writable=ten seconds")
			.run((context) -> {
				Throwable failure = context.getStartupFailure();
				while (failure != null && !(failure instanceof BindException)) {
					failure = failure.getCause();
				}
				// Spring Boot's BindFailureAnalyzer turns it into an analysis that names the property and value
				assertThat(failure).isInstanceOfSatisfying(BindException.class, (bind) -> assertThat(
						bind.getProperty().getName().toString())
					.isEqualTo("failover.datasource.await-writable"));
			});
	}

	@Test
	void emptyRoleCheck() {
		this.twoNodes.withPropertyValues("failover.datasource.role-check= ")
			.run((context) -> assertThat(analysis(context, "failover.datasource.role-check").getAction())
				.contains("'auto', 'none' or a SQL query"));
	}

	@Test
	void negativeMaxLag() {
		this.twoNodes.withPropertyValues("failover.datasource.read-only-routing.enabled=true",
				"failover.datasource.read-only-routing.max-lag=-1s")
			.run((context) -> assertThat(analysis(context, "failover.datasource.read-only-routing.max-lag").getAction())
				.contains("to 0 or a positive duration"));
	}

	@Test
	void negativeMaxWait() {
		this.twoNodes.withPropertyValues("failover.datasource.read-only-routing.enabled=true",
				"failover.datasource.read-only-routing.read-your-writes=true",
				"failover.datasource.read-only-routing.max-wait=-200ms")
			.run((context) -> assertThat(analysis(context, "failover.datasource.read-only-routing.max-wait")
				.getDescription()).contains("Value:    \"-200ms\""));
	}

	@Test
	void readOnlyRoutingShorthandBesideNestedSettings() {
		this.twoNodes.withPropertyValues("failover.datasource.read-only-routing=true",
				"failover.datasource.read-only-routing.max-lag=5s")
			.run((context) -> assertThat(analysis(context, "failover.datasource.read-only-routing").getAction())
				.contains("Replace the shorthand with failover.datasource.read-only-routing.enabled=true"));
	}

	@Test
	void readOnlyRoutingShorthandThatIsNoBoolean() {
		this.twoNodes.withPropertyValues("failover.datasource.read-only-routing=sometimes")
			.run((context) -> {
				Throwable failure = context.getStartupFailure();
				while (failure != null && !(failure instanceof BindException)) {
					failure = failure.getCause();
				}
				assertThat(failure).isInstanceOf(BindException.class);
				assertThat(((BindException) failure).getName()).hasToString("failover.datasource.read-only-routing");
				assertThat(failure).rootCause().hasMessageContaining("sometimes");
			});
	}

	@Test
	void readYourWritesWithoutReadOnlyRoutingOnlyWarns(CapturedOutput output) {
		this.twoNodes.withPropertyValues("failover.datasource.read-only-routing.read-your-writes=true")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output).contains("failover.datasource.read-only-routing.read-your-writes and "
						+ "failover.datasource.read-only-routing.max-lag have no effect while "
						+ "failover.datasource.read-only-routing.enabled is false");
			});
	}

	@Test
	void failbackDelayShorterThanProbeIntervalOnlyWarns(CapturedOutput output) {
		this.twoNodes.withPropertyValues("failover.datasource.health.interval=2s", "failover.datasource.failback.delay=1s")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output).contains("failover.datasource.failback.delay (PT1S) is shorter than "
						+ "failover.datasource.health.interval (PT2S)");
			});
	}

	@Test
	void unknownDriver() {
		this.twoNodes.withPropertyValues("failover.datasource.nodes[1].url=jdbc:mysql://db2:3306/app")
			.run((context) -> {
				FailureAnalysis analysis = analysis(context, "failover.datasource.nodes[1].url");
				assertThat(analysis.getDescription()).contains("No JDBC driver on the classpath accepts the url of node 'standby-1'");
				assertThat(analysis.getAction()).contains("com.mysql:mysql-connector-j").contains("driver-class-name");
			});
	}

	@Test
	void unknownDriverOfAnUnknownDatabase() {
		this.twoNodes.withPropertyValues("failover.datasource.nodes[1].url=jdbc:postgresq://db2/app")
			.run((context) -> assertThat(analysis(context, "failover.datasource.nodes[1].url").getAction())
				.contains("has the form jdbc:<database>://host:port/database"));
	}

	@Test
	void driverClassThatCannotBeLoaded() {
		this.twoNodes.withPropertyValues("failover.datasource.nodes[0].hikari.driver-class-name=com.example.NoSuchDriver")
			.run((context) -> {
				FailureAnalysis analysis = analysis(context, "failover.datasource.nodes[0].hikari.driver-class-name");
				assertThat(analysis.getDescription())
					.contains("HikariCP rejects the value: Failed to load driver class com.example.NoSuchDriver");
				assertThat(analysis.getAction()).contains("a JDBC driver on the classpath");
			});
	}

	@Test
	void unknownHikariPropertyWithASuggestion() {
		this.twoNodes.withPropertyValues("failover.datasource.hikari.max-pool-size=5")
			.run((context) -> {
				FailureAnalysis analysis = analysis(context, "failover.datasource.hikari.max-pool-size");
				assertThat(analysis.getDescription()).contains("HikariCP has no setting named 'max-pool-size'");
				assertThat(analysis.getAction()).contains("Did you mean failover.datasource.hikari.maximum-pool-size?");
			});
	}

	@Test
	void unknownHikariPropertyOfANode() {
		this.twoNodes.withPropertyValues("failover.datasource.nodes[1].hikari.frobnicate=true")
			.run((context) -> assertThat(
					analysis(context, "failover.datasource.nodes[1].hikari.frobnicate").getAction())
				.doesNotContain("Did you mean"));
	}

	@Test
	void everyProblemIsListedAtOnceAndNoPoolIsOpened() throws Exception {
		String watched = "jdbc:h2:mem:never-opened;DB_CLOSE_DELAY=-1";
		this.runner
			.withPropertyValues("failover.datasource.nodes[0].url=" + watched + ";INIT=CREATE TABLE opened(x INT)",
					"failover.datasource.nodes[1].name=bad name", "failover.datasource.health.interval=0s")
			.run((context) -> {
				FailureAnalysis analysis = analysis(context, "failover.datasource.nodes[1].url");
				assertThat(analysis.getDescription()).contains("failover.datasource.nodes[1].name")
					.contains("failover.datasource.health.interval");
			});
		try (Connection connection = DriverManager.getConnection(watched);
				ResultSet tables = connection.getMetaData().getTables(null, null, "OPENED", null)) {
			assertThat(tables.next()).as("a pool was opened").isFalse();
		}
	}

	/**
	 * Assert that startup failed, that the analysis names the property, and that no secret shows.
	 */
	static FailureAnalysis analysis(AssertableApplicationContext context, String property) {
		return analysis(context, property, null);
	}

	/**
	 * The same, with the environment of the context, as Spring Boot gives it to the analyzer.
	 */
	static FailureAnalysis analysis(AssertableApplicationContext context, String property, Environment environment) {
		assertThat(context).hasFailed();
		FailureAnalysis analysis = new InvalidFailoverPropertyFailureAnalyzer(environment)
			.analyze(context.getStartupFailure());
		assertThat(analysis).as("failure analysis of %s", context.getStartupFailure()).isNotNull();
		assertThat(analysis.getDescription()).contains("Property: " + property + System.lineSeparator())
			.doesNotContain(SECRET);
		assertThat(analysis.getAction()).contains(property).doesNotContain(SECRET);
		assertThat(context.getStartupFailure()).rootCause().message().doesNotContain(SECRET);
		return analysis;
	}

}
