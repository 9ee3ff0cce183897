package io.github.failoverds.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.github.failoverds.routing.DatabaseNode;
import io.github.failoverds.routing.FailoverDataSource;
import io.github.failoverds.testsupport.EmbeddedPostgresNode;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

import static io.github.failoverds.autoconfigure.ShortcutConfigurationTest.environmentVariables;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code DATABASE_URL} and {@code DATABASE_FAILOVER_URLS} as URIs with a percent-encoded password
 * containing {@code @}, against two real PostgreSQL servers that check the password.
 */
class DatabaseUrlRoundTripTest {

	private static final String USER = "app";

	private static final String PASSWORD = "p@ss:w/rd%1";

	private static final String ENCODED_PASSWORD = "p%40ss%3Aw%2Frd%251";

	private static List<EmbeddedPostgresNode> servers;

	@BeforeAll
	static void startServersThatRequireAPassword() throws Exception {
		servers = EmbeddedPostgresNode.startAll("url-primary", "url-standby");
		for (EmbeddedPostgresNode server : servers) {
			requirePassword(server);
		}
	}

	@AfterAll
	static void stopServers() {
		servers.forEach(EmbeddedPostgresNode::close);
	}

	@Test
	void serversRejectAWrongPassword() {
		assertThatExceptionOfType(SQLException.class)
			.isThrownBy(() -> DriverManager.getConnection(servers.get(0).jdbcUrl(), USER, "p").close());
	}

	@Test
	void connectsToEveryNodeWithTheDecodedPassword() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(FailoverDataSourceAutoConfiguration.class,
					DataSourceAutoConfiguration.class, JdbcTemplateAutoConfiguration.class))
			.withInitializer(environmentVariables("DATABASE_URL=" + uri("postgresql", servers.get(0)),
					"DATABASE_FAILOVER_URLS=" + uri("postgres", servers.get(1)), "DB_POOL_SIZE=1"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(JdbcTemplate.class).queryForObject("SELECT current_user", String.class))
					.isEqualTo(USER);
				List<DatabaseNode> nodes = context.getBean(FailoverDataSource.class).getNodes();
				assertThat(nodes).extracting(DatabaseNode::name).containsExactly("primary", "standby-1");
				for (DatabaseNode node : nodes) {
					try (Connection connection = node.pool().getConnection()) {
						assertThat(connection.isValid(1)).isTrue();
					}
				}
			});
	}

	private static String uri(String scheme, EmbeddedPostgresNode server) {
		return scheme + "://" + USER + ":" + ENCODED_PASSWORD + "@127.0.0.1:" + server.port() + "/postgres";
	}

	/** Create the user and make the server check its password (the test servers trust everyone else). */
	private static void requirePassword(EmbeddedPostgresNode server) throws SQLException, IOException {
		Path hba = server.dataDirectory().resolve("pg_hba.conf");
		Files.writeString(hba, "host all " + USER + " 127.0.0.1/32 scram-sha-256\n" + Files.readString(hba));
		try (Connection connection = server.directDataSource().getConnection()) {
			connection.createStatement()
				.execute("CREATE ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD.replace("'", "''") + "'");
			connection.createStatement().execute("SELECT pg_reload_conf()");
		}
	}

}
