package io.github.failoverds.autoconfigure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.env.PropertiesPropertySourceLoader;
import org.springframework.boot.env.PropertySourceLoader;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.io.ClassPathResource;

import static io.github.failoverds.autoconfigure.InvalidFailoverPropertyTest.analysis;
import static io.github.failoverds.autoconfigure.ShortcutConfigurationTest.environmentVariables;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A name under {@code failover.datasource} that binds to nothing stops startup, from whichever source
 * it comes, with its origin and the closest known name; {@code strict-keys: false} turns that into one
 * warning per name.
 */
@ExtendWith(OutputCaptureExtension.class)
class UnknownFailoverPropertyTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(FailoverDataSourceAutoConfiguration.class,
				DataSourceAutoConfiguration.class))
		.withPropertyValues("failover.datasource.nodes[0].url=jdbc:h2:mem:unknown-a",
				"failover.datasource.nodes[1].url=jdbc:h2:mem:unknown-b", "failover.datasource.hikari.minimum-idle=0");

	@Test
	void unknownNameInApplicationYml() {
		this.runner.withInitializer(configFile(new YamlPropertySourceLoader(), "unknown-properties/application.yml"))
			.run((context) -> {
				FailureAnalysis analysis = analysis(context, "failover.datasource.failback.dealy");
				assertThat(analysis.getDescription())
					.contains("Origin:   class path resource [unknown-properties/application.yml] - 4:14")
					.contains("The failover DataSource has no property failover.datasource.failback.dealy.");
				assertThat(analysis.getAction()).contains("Did you mean failover.datasource.failback.delay?")
					.contains("failover.datasource.strict-keys=false");
			});
	}

	@Test
	void unknownNameInApplicationProperties() {
		this.runner
			.withInitializer(
					configFile(new PropertiesPropertySourceLoader(), "unknown-properties/application.properties"))
			.run((context) -> {
				FailureAnalysis analysis = analysis(context, "failover.datasource.health.intervall");
				assertThat(analysis.getDescription())
					.contains("Origin:   class path resource [unknown-properties/application.properties] - 1:38");
				assertThat(analysis.getAction()).contains("Did you mean failover.datasource.health.interval?");
			});
	}

	@Test
	void unknownEnvironmentVariableInRelaxedForm() {
		this.runner.withInitializer(environmentVariables("FAILOVER_DATASOURCE_HELTH_INTERVAL=2s")).run((context) -> {
			FailureAnalysis analysis = analysis(context, "failover.datasource.helth.interval");
			assertThat(analysis.getDescription()).contains("FAILOVER_DATASOURCE_HELTH_INTERVAL");
			assertThat(analysis.getAction()).contains("Did you mean failover.datasource.health.interval?");
		});
	}

	@Test
	void unknownCommandLineArgument() {
		this.runner.withInitializer(commandLine("--failover.datasource.conection-timeout=5s")).run((context) -> {
			FailureAnalysis analysis = analysis(context, "failover.datasource.conection-timeout");
			assertThat(analysis.getDescription())
				.contains("\"failover.datasource.conection-timeout\" from property source \"commandLineArgs\"");
			assertThat(analysis.getAction()).contains("Did you mean failover.datasource.connection-timeout?");
		});
	}

	@ParameterizedTest
	@CsvSource({ "failback.dealy, failback.delay", "nodes[1].ulr, nodes[1].url", "node[1].url, nodes[1].url",
			"hikary.maximum-pool-size, hikari.maximum-pool-size", "startup.required-node, startup.require-node",
			"leak-detection.capture-stacktraces, leak-detection.capture-stack-trace",
			"leak-detection.treshold, leak-detection.threshold" })
	void misspeltNameGetsTheClosestKnownName(String misspelt, String meant) {
		String property = "failover.datasource." + misspelt;
		this.runner.withPropertyValues(property + "=1")
			.run((context) -> assertThat(analysis(context, property).getAction())
				.contains("Did you mean failover.datasource." + meant + "?"));
	}

	@Test
	void nameCloseToNothingGetsNoSuggestion() {
		this.runner.withPropertyValues("failover.datasource.frobnicate=1")
			.run((context) -> assertThat(analysis(context, "failover.datasource.frobnicate").getAction())
				.doesNotContain("Did you mean"));
	}

	@Test
	void singleValueWhereSettingsAreExpected() {
		AtomicReference<Environment> environment = new AtomicReference<>();
		this.runner.withInitializer((context) -> environment.set(context.getEnvironment()))
			.withPropertyValues("failover.datasource.health=true")
			.run((context) -> {
				FailureAnalysis analysis = analysis(context, "failover.datasource.health", environment.get());
				assertThat(analysis.getDescription()).contains("Value:    \"true\"")
					.contains("Origin:   \"failover.datasource.health\" from property source")
					.contains("It is a group of settings (failure-threshold, history-size, interval, ...), "
							+ "not a single value.");
				assertThat(analysis.getAction()).contains("Set the settings below failover.datasource.health, such as "
						+ "failover.datasource.health.failure-threshold");
			});
	}

	@Test
	void unknownNameInANodeOfItsOwn() {
		this.runner.withPropertyValues("failover.datasource.nodes[2].ulr=jdbc:h2:mem:unknown-c")
			.run((context) -> assertThat(analysis(context, "failover.datasource.nodes[2].ulr").getAction())
				.contains("Did you mean failover.datasource.nodes[2].url?"));
	}

	@Test
	void settingsBelowASingleValue() {
		this.runner.withPropertyValues("failover.datasource.enabled.x=1").run((context) -> {
			FailureAnalysis analysis = analysis(context, "failover.datasource.enabled.x");
			assertThat(analysis.getDescription())
				.contains("failover.datasource.enabled takes a single value, so failover.datasource.enabled.x below it "
						+ "is not a setting.");
			assertThat(analysis.getAction()).contains("Set failover.datasource.enabled itself");
		});
	}

	@Test
	void everyUnknownNameIsListedWithTheOtherProblems() {
		this.runner
			.withPropertyValues("failover.datasource.nodes[1].ulr=jdbc:h2:mem:unknown-c",
					"failover.datasource.failback.dealy=5s", "failover.datasource.health.interval=0s")
			.run((context) -> {
				FailureAnalysis analysis = analysis(context, "failover.datasource.nodes[1].ulr");
				assertThat(analysis.getDescription()).contains("Property: failover.datasource.failback.dealy")
					.contains("Property: failover.datasource.health.interval");
			});
	}

	@Test
	void knownNamesInEveryFormStart() {
		this.runner
			.withInitializer(environmentVariables("FAILOVER_DATASOURCE_HEALTH_FAILURETHRESHOLD=3",
					"FAILOVER_DATASOURCE_HIKARI_MAXIMUMPOOLSIZE=4"))
			.withInitializer(commandLine("--failover.datasource.failback.delay=2s"))
			.withPropertyValues("failover.datasource.leakDetection.captureStackTrace=false",
					"failover.datasource.nodes[0].hikari.data-source-properties.anything=1",
					"failover.datasource.hikari.dataSourceProperties[some.key]=2",
					"failover.datasource.failover-urls[0]=jdbc:h2:mem:ignored", "failover.datasource.read-only-routing=true",
					"failover.datasource.strict-keys=true")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void withoutStrictKeysEachUnknownNameIsOneWarning(CapturedOutput output) {
		this.runner
			.withPropertyValues("failover.datasource.strict-keys=false", "failover.datasource.failback.dealy=5s",
					"failover.datasource.enabled.x=1")
			.withInitializer(environmentVariables("FAILOVER_DATASOURCE_FAILBACK_DEALY=6s"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output).containsOnlyOnce("Ignoring failover.datasource.failback.dealy")
					.contains("Did you mean failover.datasource.failback.delay?")
					.containsOnlyOnce("Ignoring failover.datasource.enabled.x");
			});
	}

	private static ApplicationContextInitializer<ConfigurableApplicationContext> configFile(PropertySourceLoader loader,
			String path) {
		return (context) -> {
			try {
				loader.load(path, new ClassPathResource(path))
					.forEach(context.getEnvironment().getPropertySources()::addFirst);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		};
	}

	private static ApplicationContextInitializer<ConfigurableApplicationContext> commandLine(String... args) {
		return (context) -> context.getEnvironment()
			.getPropertySources()
			.addFirst(new SimpleCommandLinePropertySource(args));
	}

}
