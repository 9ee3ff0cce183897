package io.github.failoverds.examples;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.github.failoverds.routing.FailoverDataSource;
import io.github.failoverds.testsupport.EmbeddedPostgresNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's plain Java example on two real PostgreSQL servers: it serves from the primary, fails over
 * to the standby when the primary is killed, and closes cleanly.
 */
class PlainJavaExampleTest {

	private static List<EmbeddedPostgresNode> servers;

	@BeforeAll
	static void startServers() {
		servers = EmbeddedPostgresNode.startAll("primary", "standby-1");
	}

	@AfterAll
	static void stopServers() {
		servers.forEach(EmbeddedPostgresNode::close);
	}

	@Test
	void servesFromThePrimaryAndFailsOverToTheStandby() throws Exception {
		EmbeddedPostgresNode primary = servers.get(0);
		try (FailoverDataSource dataSource = PlainJavaExample.create(primary.jdbcUrl(), servers.get(1).jdbcUrl(),
				primary.username(), primary.password())) {
			assertThat(serverPort(dataSource)).isEqualTo(primary.port());
			primary.kill();
			await().atMost(Duration.ofSeconds(20))
				.ignoreExceptions()
				.until(() -> serverPort(dataSource) == servers.get(1).port());
		}
	}

	private static int serverPort(FailoverDataSource dataSource) throws Exception {
		try (Connection connection = dataSource.getConnection();
				Statement statement = connection.createStatement();
				ResultSet resultSet = statement.executeQuery("SELECT inet_server_port()")) {
			resultSet.next();
			return resultSet.getInt(1);
		}
	}

}
