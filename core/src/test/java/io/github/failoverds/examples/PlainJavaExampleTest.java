package io.github.failoverds.examples;

import java.time.Duration;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import io.github.failoverds.routing.FailoverDataSource;
import io.github.failoverds.testsupport.EmbeddedPostgresNode;
import io.github.failoverds.testsupport.EmbeddedPostgresNodes;
import io.github.failoverds.testsupport.ServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's plain Java example on two real PostgreSQL servers: it serves from the primary, fails over
 * to the standby when the primary is killed, and closes cleanly.
 */
class PlainJavaExampleTest {

	@AutoClose
	private static final EmbeddedPostgresNodes servers = EmbeddedPostgresNodes.start("primary", "standby-1");

	@Test
	void servesFromThePrimaryAndFailsOverToTheStandby() throws Exception {
		EmbeddedPostgresNode primary = servers.get(0);
		try (FailoverDataSource dataSource = PlainJavaExample.create(primary.jdbcUrl(), servers.get(1).jdbcUrl(),
				primary.username(), primary.password())) {
			assertThat(ServerPort.of(dataSource)).isEqualTo(primary.port());
			primary.kill();
			await().atMost(Duration.ofSeconds(20))
				.ignoreExceptions()
				.until(() -> ServerPort.of(dataSource) == servers.get(1).port());
		}
	}

}
