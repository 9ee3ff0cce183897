package io.github.failoverds.autoconfigure;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.github.failoverds.routing.FailoverDataSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.env.MockEnvironment;

import static io.github.failoverds.autoconfigure.ShortcutConfigurationTest.connectionDetails;
import static io.github.failoverds.autoconfigure.ShortcutConfigurationTest.environmentVariables;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * With no node configured and an embedded database on the class path, the starter steps aside for Spring
 * Boot's embedded DataSource; any way of configuring a node brings it back.
 */
@ExtendWith(OutputCaptureExtension.class)
class EmbeddedDatabaseBackOffTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(FailoverDataSourceAutoConfiguration.class,
				FailoverExceptionTranslationAutoConfiguration.class, DataSourceAutoConfiguration.class,
				JdbcTemplateAutoConfiguration.class))
		.withPropertyValues("failover.datasource.hikari.minimum-idle=0");

	@Test
	void noNodeAndAnEmbeddedDatabaseGiveBootsEmbeddedDataSource(CapturedOutput output) {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed().doesNotHaveBean(FailoverDataSource.class);
			assertThat(context).doesNotHaveBean(FailoverSqlExceptionTranslator.class);
			assertThat(context).getBean(DataSource.class)
				.isInstanceOfSatisfying(HikariDataSource.class,
						(dataSource) -> assertThat(dataSource.getJdbcUrl()).startsWith("jdbc:h2:mem:"));
			assertThat(context.getBean(JdbcTemplate.class).queryForObject("SELECT 1", Integer.class)).isOne();
		});
		assertThat(output).containsOnlyOnce("the failover DataSource steps aside for Spring Boot's embedded DataSource")
			.contains("embedded database (H2)")
			.contains("Configure failover.datasource.nodes, spring.datasource.url or DATABASE_URL");
	}

	@ParameterizedTest
	@ValueSource(strings = { "spring.datasource.url=jdbc:h2:mem:backoff-spring",
			"failover.datasource.nodes[0].url=jdbc:h2:mem:backoff-nodes" })
	void aNodePropertyBringsTheStarterBack(String property) {
		this.runner.withPropertyValues(property)
			.run((context) -> assertThat(context).hasSingleBean(FailoverDataSource.class)
				.hasSingleBean(FailoverSqlExceptionTranslator.class)
				.doesNotHaveBean(EmbeddedDatabaseNotice.class));
	}

	@ParameterizedTest
	@ValueSource(strings = { "DATABASE_URL=jdbc:h2:mem:backoff-variable",
			"FAILOVER_DATASOURCE_NODES_0_URL=jdbc:h2:mem:backoff-relaxed" })
	void aNodeVariableBringsTheStarterBack(String variable) {
		this.runner.withInitializer(environmentVariables(variable))
			.run((context) -> assertThat(context).hasSingleBean(FailoverDataSource.class));
	}

	@Test
	void aConnectionDetailsBeanBringsTheStarterBack() {
		this.runner.withBean(JdbcConnectionDetails.class, () -> connectionDetails("jdbc:h2:mem:backoff-details", "sa", ""))
			.run((context) -> assertThat(context).hasSingleBean(FailoverDataSource.class));
	}

	@Test
	void standbysWithoutPrimaryAreAMistakeNotAnEmbeddedDatabase() {
		this.runner.withPropertyValues("failover.datasource.failover-urls=jdbc:h2:mem:backoff-orphan")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(InvalidFailoverPropertyException.class));
	}

	@Test
	void noNodeAndNoEmbeddedDatabaseStillFailWithTheAnalysis() {
		this.runner.withClassLoader(new FilteredClassLoader("org.h2"))
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(InvalidFailoverPropertyException.class)
				.hasMessageContaining("No database node is configured"));
	}

	@Test
	void anApplicationDataSourceNeedsNoNotice() {
		this.runner.withBean("userDataSource", DataSource.class, HikariDataSource::new)
			.run((context) -> assertThat(context).doesNotHaveBean(EmbeddedDatabaseNotice.class));
	}

	@Test
	void aNodeConfiguredOnlyAtRunTimeOfAnAheadOfTimeBuildIsReportedAsIgnored(CapturedOutput output) {
		new EmbeddedDatabaseNotice(new MockEnvironment().withProperty("DATABASE_URL", "postgresql://db1/app"),
				getClass().getClassLoader());
		assertThat(output).contains("WARN")
			.contains("DATABASE_URL configures a database node, but this application was processed ahead of time")
			.doesNotContain("db1");
	}

}
