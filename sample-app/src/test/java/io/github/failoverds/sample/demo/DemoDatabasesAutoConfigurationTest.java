package io.github.failoverds.sample.demo;

import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.ContextConsumer;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo default steps aside, starting no database and adding no control, whenever the application
 * configures its database in a way the failover starter accepts. (That it starts with nothing configured
 * is what the tests of the running sample show.)
 */
class DemoDatabasesAutoConfigurationTest {

	private static final String URL = "jdbc:postgresql://db.example.com:5432/app";

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DemoDatabasesAutoConfiguration.class));

	@Test
	void stepsAsideForFailoverDatasourceNodes() {
		this.runner.withPropertyValues("failover.datasource.nodes[0].url=" + URL).run(noDemo());
	}

	@Test
	void stepsAsideForFailoverDatasourceNodesInEnvironmentVariables() {
		this.runner.withInitializer((context) -> context.getEnvironment()
			.getPropertySources()
			.addFirst(environmentVariables(Map.of("FAILOVER_DATASOURCE_NODES_0_URL", URL))))
			.run(noDemo());
	}

	@Test
	void stepsAsideForSpringDatasourceUrl() {
		this.runner.withPropertyValues("spring.datasource.url=" + URL).run(noDemo());
	}

	@Test
	void stepsAsideForFailoverUrls() {
		this.runner.withPropertyValues("failover.datasource.failover-urls[0]=" + URL).run(noDemo());
	}

	@Test
	void stepsAsideForTheDatabaseUrlEnvironmentVariable() {
		this.runner.withInitializer((context) -> context.getEnvironment()
			.getPropertySources()
			.addFirst(environmentVariables(Map.of("DATABASE_URL", "postgresql://app:secret@db.example.com/app"))))
			.run(noDemo());
	}

	@Test
	void stepsAsideForAJdbcConnectionDetailsBean() {
		this.runner.withBean(JdbcConnectionDetails.class, () -> new JdbcConnectionDetails() {

			@Override
			public String getJdbcUrl() {
				return URL;
			}

			@Override
			public String getUsername() {
				return "app";
			}

			@Override
			public String getPassword() {
				return "secret";
			}

		}).run(noDemo());
	}

	@Test
	void stepsAsideForTheApplicationsOwnDataSource() {
		this.runner.withBean(DataSource.class, PGSimpleDataSource::new).run(noDemo());
	}

	@Test
	void stepsAsideWhenTheFailoverDataSourceIsDisabled() {
		this.runner.withPropertyValues("failover.datasource.enabled=false").run(noDemo());
	}

	private static SystemEnvironmentPropertySource environmentVariables(Map<String, Object> variables) {
		return new SystemEnvironmentPropertySource("test-systemEnvironment", variables);
	}

	private static ContextConsumer<AssertableWebApplicationContext> noDemo() {
		return (context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(DemoCluster.class);
			assertThat(context).doesNotHaveBean(DemoDatabasesPostProcessor.class);
			assertThat(context).doesNotHaveBean(DemoClusterManager.class);
			assertThat(context).doesNotHaveBean("demoControls");
			assertThat(context.getEnvironment().getPropertySources().contains("demoDatabases")).isFalse();
		};
	}

}
