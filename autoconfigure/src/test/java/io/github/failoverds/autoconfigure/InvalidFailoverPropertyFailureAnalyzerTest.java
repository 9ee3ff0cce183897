package io.github.failoverds.autoconfigure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * A real application start reports the analysis: the analyzer is registered, and for a value that
 * cannot be bound under {@code failover.datasource} it is chosen before Spring Boot's generic analysis.
 */
@ExtendWith(OutputCaptureExtension.class)
class InvalidFailoverPropertyFailureAnalyzerTest {

	@Test
	void reportsTheProblemsFoundByTheStarter(CapturedOutput output) {
		assertThatException().isThrownBy(() -> start("failover.datasource.nodes[0].url=jdbc:h2:mem:report",
				"failover.datasource.nodes[1].name=bad name"));
		assertThat(output).contains("The failover DataSource is configured wrongly:")
			.contains("Property: failover.datasource.nodes[1].url")
			.contains("Property: failover.datasource.nodes[1].name")
			.contains("Value:    \"bad name\"")
			.contains("Set failover.datasource.nodes[1].url to the node's JDBC URL");
	}

	@Test
	void explainsAValueThatCannotBeBoundBeforeSpringBootDoes(CapturedOutput output) {
		assertThatException().isThrownBy(() -> start("failover.datasource.nodes[0].url=jdbc:h2:mem:report-bind",
				"failover.datasource.hikari.maximum-pool-size=0"));
		assertThat(output).contains("The failover DataSource is configured wrongly:")
			.contains("Property: failover.datasource.hikari.maximum-pool-size")
			.contains("Value:    \"0\"")
			.contains("Origin:   \"failover.datasource.hikari.maximum-pool-size\" from property source")
			.contains("Set failover.datasource.hikari.maximum-pool-size to a number of connections of 1 or more.")
			.doesNotContain("Update your application's configuration");
	}

	@Test
	void showsTheValueAndOriginOfASingleValueGivenToAGroupOfSettings(CapturedOutput output) {
		assertThatException().isThrownBy(() -> start("failover.datasource.nodes[0].url=jdbc:h2:mem:report-group",
				"failover.datasource.health=true"));
		assertThat(output).contains("Property: failover.datasource.health")
			.contains("Value:    \"true\"")
			.contains("Origin:   \"failover.datasource.health\" from property source \"defaultProperties\"")
			.contains("It is a group of settings");
	}

	private static void start(String... properties) {
		new SpringApplicationBuilder(Application.class).web(WebApplicationType.NONE).properties(properties).run();
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(FailoverDataSourceAutoConfiguration.class)
	static class Application {

	}

}
