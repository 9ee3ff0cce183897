package io.github.failoverds.routing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import com.zaxxer.hikari.HikariConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.github.failoverds.health.ReplicationLag;
import io.github.failoverds.testsupport.FaultProxy;
import io.github.failoverds.testsupport.PostgresReplicationCluster;
import io.github.failoverds.testsupport.WriteLoad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The replication lag that the probes measure on real PostgreSQL streaming replication, and a lag limit of
 * 1 s: a replica whose replay is paused falls behind and gets no reads, and takes reads again once it has
 * caught up; a replica whose probe fails gets no reads although it is still UP. The standby is reached
 * through a fault proxy; {@code inet_server_port()} tells which server answered a read.
 */
class ReplicaLagIntegrationTest {

	private static final Duration MAX_LAG = Duration.ofSeconds(1);

	private static final Duration WAIT = Duration.ofSeconds(15);

	private static final AtomicLong ids = new AtomicLong();

	private static PostgresReplicationCluster cluster;

	private static FaultProxy standbyProxy;

	private FailoverDataSource dataSource;

	private final CapturingRouter router = new CapturingRouter();

	@BeforeAll
	static void startCluster() {
		cluster = PostgresReplicationCluster.startWithWriteTable("primary", "standby-1");
		standbyProxy = FaultProxy.start("127.0.0.1", cluster.standby().port());
	}

	@AfterAll
	static void stopCluster() {
		standbyProxy.close();
		cluster.close();
	}

	@BeforeEach
	void startDataSource() {
		HikariConfig standby = cluster.standby().poolConfig(2);
		standby.setJdbcUrl(standbyProxy.jdbcUrl("postgres"));
		this.dataSource = FailoverDataSource.builder()
			.node("primary", cluster.primary().poolConfig(2))
			.node("standby-1", standby)
			.health(Duration.ofMillis(200), Duration.ofMillis(500), 20, 2, 10)
			.connectionTimeout(Duration.ofSeconds(5))
			.maxReplicaLag(MAX_LAG)
			.readWriteRouter(this.router)
			.build();
	}

	@AfterEach
	void stopDataSource() {
		standbyProxy.pass();
		cluster.resumeReplay(cluster.standby());
		this.dataSource.close();
	}

	@Test
	void aReplicaThatFallsBehindGetsNoReadsUntilItHasCaughtUp() throws SQLException {
		DatabaseNode standby = this.dataSource.getNodes().get(1);
		await("standby-1 caught up on an idle primary").atMost(WAIT).until(() -> isZero(lag(standby)));
		assertThat(readPort()).isEqualTo(cluster.standby().port());

		cluster.pauseReplay(cluster.standby());
		insertRow();
		await("standby-1 behind by more than " + MAX_LAG).atMost(WAIT)
			.until(() -> lag(standby) != null && lag(standby).time().compareTo(MAX_LAG) > 0);
		assertThat(lag(standby).bytes()).isPositive();
		assertThat(readPort()).as("reads go to the primary").isEqualTo(cluster.primary().port());

		cluster.resumeReplay(cluster.standby());
		await("standby-1 takes reads again").atMost(WAIT).until(() -> readPort() == cluster.standby().port());
		assertThat(lag(standby).time()).isLessThan(MAX_LAG);
	}

	@Test
	void aReplicaWhoseProbeFailsGetsNoReads() throws SQLException {
		DatabaseNode standby = this.dataSource.getNodes().get(1);
		await("standby-1 takes reads").atMost(WAIT).until(() -> readPort() == cluster.standby().port());
		standbyProxy.blackHole();
		await("standby-1's lag unknown").atMost(WAIT).until(() -> lag(standby) == null);
		assertThat(standby.health().isUp()).as("still UP: fewer failed probes than the failure threshold").isTrue();
		assertThat(readPort()).isEqualTo(cluster.primary().port());
	}

	private ReplicationLag lag(DatabaseNode node) {
		return this.dataSource.getReplicaSelector().lag(node);
	}

	private static boolean isZero(ReplicationLag lag) {
		return lag != null && lag.time().isZero() && lag.bytes() == 0;
	}

	private int readPort() throws SQLException {
		try (Connection connection = this.router.reader().getConnection();
				PreparedStatement statement = connection.prepareStatement("SELECT inet_server_port()");
				ResultSet resultSet = statement.executeQuery()) {
			resultSet.next();
			return resultSet.getInt(1);
		}
	}

	private void insertRow() throws SQLException {
		try (Connection connection = this.dataSource.getConnection();
				PreparedStatement statement = connection.prepareStatement(WriteLoad.INSERT)) {
			statement.setLong(1, ids.incrementAndGet());
			statement.setInt(2, 0);
			statement.executeQuery().close();
		}
	}

}
