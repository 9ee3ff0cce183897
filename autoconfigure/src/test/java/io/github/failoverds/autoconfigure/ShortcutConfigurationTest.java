package io.github.failoverds.autoconfigure;

import java.util.List;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;

import io.github.failoverds.routing.DatabaseNode;
import io.github.failoverds.routing.FailoverDataSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shortcut ways of configuring the nodes, and which one wins when several are present. Nodes are
 * in-memory H2 databases, or PostgreSQL URLs on a closed port when a URI form is under test (those
 * nodes are never reached: startup.require-node is off for them).
 */
class ShortcutConfigurationTest {

	/** A PostgreSQL address where nothing listens: the probe fails at once. */
	private static final String CLOSED = "127.0.0.1:1";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(FailoverDataSourceAutoConfiguration.class,
				DataSourceAutoConfiguration.class));

	/** Most tests keep pools empty: nothing to fill, nothing to log. */
	private final ApplicationContextRunner runner = this.contextRunner
		.withPropertyValues("failover.datasource.hikari.minimum-idle=0");

	@Test
	void springDatasourcePropertiesFormThePrimaryAndFailoverUrlsTheStandbys() {
		this.runner
			.withPropertyValues("spring.datasource.url=jdbc:h2:mem:spring-primary", "spring.datasource.username=sa",
					"spring.datasource.password=s3cret",
					"failover.datasource.failover-urls=jdbc:h2:mem:spring-standby-a,jdbc:h2:mem:spring-standby-b")
			.run((context) -> {
				List<DatabaseNode> nodes = nodes(context);
				assertThat(nodes).extracting(DatabaseNode::name).containsExactly("primary", "standby-1", "standby-2");
				assertThat(nodes).extracting((node) -> node.pool().getJdbcUrl())
					.containsExactly("jdbc:h2:mem:spring-primary", "jdbc:h2:mem:spring-standby-a",
							"jdbc:h2:mem:spring-standby-b");
				assertThat(nodes).allSatisfy((node) -> {
					assertThat(node.pool().getUsername()).isEqualTo("sa");
					assertThat(node.pool().getPassword()).isEqualTo("s3cret");
				});
			});
	}

	@Test
	void springDatasourceHikariSettingsAreThePoolDefaults() {
		this.runner
			.withPropertyValues("spring.datasource.url=jdbc:h2:mem:spring-hikari",
					"spring.datasource.hikari.maximum-pool-size=4", "spring.datasource.hikari.connection-timeout=4000",
					"failover.datasource.hikari.connection-timeout=5000",
					"failover.datasource.failover-urls[0]=jdbc:h2:mem:spring-hikari-standby")
			.run((context) -> assertThat(nodes(context)).allSatisfy((node) -> {
				assertThat(node.pool().getMaximumPoolSize()).isEqualTo(4);
				assertThat(node.pool().getConnectionTimeout()).isEqualTo(5000);
			}));
	}

	@Test
	void databaseUrlVariablesFormThePrimaryAndTheStandbys() {
		this.runner
			.withInitializer(environmentVariables("DATABASE_URL=postgresql://app:p%40ss@" + CLOSED + "/app?sslmode=disable",
					"DATABASE_FAILOVER_URLS=postgres://" + CLOSED + "/app, jdbc:h2:mem:env-standby,"))
			.withPropertyValues("failover.datasource.startup.require-node=false")
			.run((context) -> {
				List<DatabaseNode> nodes = nodes(context);
				assertThat(nodes).extracting(DatabaseNode::name).containsExactly("primary", "standby-1", "standby-2");
				assertThat(nodes).extracting((node) -> node.pool().getJdbcUrl())
					.containsExactly("jdbc:postgresql://" + CLOSED + "/app?sslmode=disable",
							"jdbc:postgresql://" + CLOSED + "/app", "jdbc:h2:mem:env-standby");
				assertThat(nodes).allSatisfy((node) -> {
					assertThat(node.pool().getUsername()).isEqualTo("app");
					assertThat(node.pool().getPassword()).isEqualTo("p@ss");
				});
			});
	}

	@Test
	void databaseUrlWithoutCredentialsUsesSpringDatasourceCredentials() {
		this.runner.withInitializer(environmentVariables("DATABASE_URL=jdbc:h2:mem:env-plain"))
			.withPropertyValues("spring.datasource.username=sa", "spring.datasource.password=s3cret")
			.run((context) -> {
				HikariDataSource primary = nodes(context).get(0).pool();
				assertThat(primary.getUsername()).isEqualTo("sa");
				assertThat(primary.getPassword()).isEqualTo("s3cret");
			});
	}

	@Test
	void poolSizeVariablesSetMinimumIdleAndMaximumPoolSize() {
		this.contextRunner
			.withInitializer(environmentVariables("DATABASE_URL=jdbc:h2:mem:pool-variables", "DB_POOL_SIZE=3",
					"DB_MAX_OVERFLOW=7"))
			.run((context) -> {
				HikariDataSource pool = nodes(context).get(0).pool();
				assertThat(pool.getMinimumIdle()).isEqualTo(3);
				assertThat(pool.getMaximumPoolSize()).isEqualTo(10);
			});
	}

	@Test
	void poolSizeWithoutOverflowIsAlsoTheMaximum() {
		this.contextRunner.withInitializer(environmentVariables("DATABASE_URL=jdbc:h2:mem:pool-size", "DB_POOL_SIZE=4"))
			.run((context) -> {
				HikariDataSource pool = nodes(context).get(0).pool();
				assertThat(pool.getMinimumIdle()).isEqualTo(4);
				assertThat(pool.getMaximumPoolSize()).isEqualTo(4);
			});
	}

	@Test
	void aStandbyUriWithItsOwnCredentialsKeepsThem() {
		this.runner
			.withPropertyValues("spring.datasource.url=jdbc:h2:mem:own-credentials", "spring.datasource.username=sa",
					"failover.datasource.failover-urls[0]=postgresql://reader:r%3Ad@" + CLOSED + "/app",
					"failover.datasource.startup.require-node=false")
			.run((context) -> {
				HikariDataSource standby = nodes(context).get(1).pool();
				assertThat(standby.getJdbcUrl()).isEqualTo("jdbc:postgresql://" + CLOSED + "/app");
				assertThat(standby.getUsername()).isEqualTo("reader");
				assertThat(standby.getPassword()).isEqualTo("r:d");
			});
	}

	@Test
	void aNodeUrlMayBeAUriWhoseCredentialsWinOverTheNodesOwn() {
		this.runner
			.withPropertyValues("failover.datasource.nodes[0].url=jdbc:h2:mem:uri-primary",
					"failover.datasource.nodes[1].url=postgres://maria:m%2Fp@" + CLOSED + "/shop",
					"failover.datasource.nodes[1].username=ignored", "failover.datasource.nodes[1].password=ignored")
			.run((context) -> {
				HikariDataSource standby = nodes(context).get(1).pool();
				assertThat(standby.getJdbcUrl()).isEqualTo("jdbc:postgresql://" + CLOSED + "/shop");
				assertThat(standby.getUsername()).isEqualTo("maria");
				assertThat(standby.getPassword()).isEqualTo("m/p");
			});
	}

	@Test
	void connectionDetailsGiveThePrimary() {
		this.runner.withBean(JdbcConnectionDetails.class, () -> connectionDetails("jdbc:h2:mem:details", "tc", "tc-pw"))
			.withPropertyValues("failover.datasource.failover-urls=jdbc:h2:mem:details-standby")
			.run((context) -> {
				List<DatabaseNode> nodes = nodes(context);
				assertThat(nodes).extracting((node) -> node.pool().getJdbcUrl())
					.containsExactly("jdbc:h2:mem:details", "jdbc:h2:mem:details-standby");
				assertThat(nodes).allSatisfy((node) -> assertThat(node.pool().getUsername()).isEqualTo("tc"));
			});
	}

	@Test
	void explicitNodesWinOverEveryShortcut() {
		this.runner.withBean(JdbcConnectionDetails.class, () -> connectionDetails("jdbc:h2:mem:lost-details", "tc", "tc"))
			.withInitializer(environmentVariables("DATABASE_URL=jdbc:h2:mem:lost-env",
					"DATABASE_FAILOVER_URLS=jdbc:h2:mem:lost-env-standby", "DB_POOL_SIZE=5"))
			.withPropertyValues("spring.datasource.url=jdbc:h2:mem:lost-spring",
					"spring.datasource.hikari.maximum-pool-size=3", "failover.datasource.failover-urls=jdbc:h2:mem:lost",
					"failover.datasource.nodes[0].url=jdbc:h2:mem:explicit")
			.run((context) -> {
				List<DatabaseNode> nodes = nodes(context);
				assertThat(nodes).extracting((node) -> node.pool().getJdbcUrl()).containsExactly("jdbc:h2:mem:explicit");
				assertThat(nodes.get(0).pool().getMaximumPoolSize()).isEqualTo(10);
			});
	}

	@Test
	void connectionDetailsWinOverDatabaseUrlWhichWinsOverSpringDatasourceUrl() {
		ApplicationContextRunner withBoth = this.runner
			.withInitializer(environmentVariables("DATABASE_URL=jdbc:h2:mem:from-env"))
			.withPropertyValues("spring.datasource.url=jdbc:h2:mem:from-spring");
		withBoth.run((context) -> assertThat(primaryUrl(context)).isEqualTo("jdbc:h2:mem:from-env"));
		withBoth.withBean(JdbcConnectionDetails.class, () -> connectionDetails("jdbc:h2:mem:from-details", "sa", ""))
			.run((context) -> assertThat(primaryUrl(context)).isEqualTo("jdbc:h2:mem:from-details"));
	}

	@Test
	void failoverUrlsWinOverTheFailoverUrlsVariable() {
		this.runner.withInitializer(environmentVariables("DATABASE_FAILOVER_URLS=jdbc:h2:mem:standby-from-env"))
			.withPropertyValues("spring.datasource.url=jdbc:h2:mem:standby-precedence",
					"failover.datasource.failover-urls=jdbc:h2:mem:standby-from-property")
			.run((context) -> assertThat(nodes(context).get(1).pool().getJdbcUrl())
				.isEqualTo("jdbc:h2:mem:standby-from-property"));
	}

	@Test
	void sharedHikariSettingsWinOverPoolSizeVariablesWhichWinOverSpringHikariSettings() {
		this.runner.withInitializer(environmentVariables("DB_POOL_SIZE=2", "DB_MAX_OVERFLOW=3"))
			.withPropertyValues("spring.datasource.url=jdbc:h2:mem:pool-precedence",
					"spring.datasource.hikari.maximum-pool-size=20", "spring.datasource.hikari.idle-timeout=20000",
					"failover.datasource.hikari.maximum-pool-size=8")
			.run((context) -> {
				HikariDataSource pool = nodes(context).get(0).pool();
				assertThat(pool.getMaximumPoolSize()).isEqualTo(8);
				assertThat(pool.getMinimumIdle()).isEqualTo(0);
				assertThat(pool.getIdleTimeout()).isEqualTo(20000);
			});
	}

	@Test
	void failoverPropertiesBindFromEnvironmentVariables() {
		this.runner
			.withInitializer(environmentVariables("FAILOVER_DATASOURCE_NODES_0_URL=jdbc:h2:mem:relaxed-a",
					"FAILOVER_DATASOURCE_NODES_1_URL=jdbc:h2:mem:relaxed-b", "FAILOVER_DATASOURCE_NODES_1_NAME=west",
					"FAILOVER_DATASOURCE_HIKARI_MAXIMUMPOOLSIZE=6"))
			.run((context) -> {
				List<DatabaseNode> nodes = nodes(context);
				assertThat(nodes).extracting(DatabaseNode::name).containsExactly("primary", "west");
				assertThat(nodes).allSatisfy((node) -> assertThat(node.pool().getMaximumPoolSize()).isEqualTo(6));
			});
	}

	@Test
	void shortcutPropertiesBindFromEnvironmentVariables() {
		this.runner
			.withInitializer(environmentVariables("SPRING_DATASOURCE_URL=jdbc:h2:mem:relaxed-spring",
					"SPRING_DATASOURCE_USERNAME=sa",
					"FAILOVER_DATASOURCE_FAILOVERURLS=jdbc:h2:mem:relaxed-standby-a,jdbc:h2:mem:relaxed-standby-b"))
			.run((context) -> {
				List<DatabaseNode> nodes = nodes(context);
				assertThat(nodes).extracting((node) -> node.pool().getJdbcUrl())
					.containsExactly("jdbc:h2:mem:relaxed-spring", "jdbc:h2:mem:relaxed-standby-a",
							"jdbc:h2:mem:relaxed-standby-b");
				assertThat(nodes).allSatisfy((node) -> assertThat(node.pool().getUsername()).isEqualTo("sa"));
			});
	}

	private static List<DatabaseNode> nodes(AssertableApplicationContext context) {
		assertThat(context).hasNotFailed();
		return context.getBean(FailoverDataSource.class).getNodes();
	}

	private static String primaryUrl(AssertableApplicationContext context) {
		return nodes(context).get(0).pool().getJdbcUrl();
	}

	/**
	 * Environment variables as the operating system would give them (relaxed binding included).
	 */
	static ApplicationContextInitializer<ConfigurableApplicationContext> environmentVariables(String... pairs) {
		return (context) -> TestPropertyValues.of(pairs)
			.applyTo(context.getEnvironment(), TestPropertyValues.Type.SYSTEM_ENVIRONMENT);
	}

	static JdbcConnectionDetails connectionDetails(String url, String username, String password) {
		return new JdbcConnectionDetails() {

			@Override
			public String getJdbcUrl() {
				return url;
			}

			@Override
			public String getUsername() {
				return username;
			}

			@Override
			public String getPassword() {
				return password;
			}

		};
	}

}
