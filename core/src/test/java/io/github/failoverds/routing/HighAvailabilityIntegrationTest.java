package io.github.failoverds.routing;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.github.failoverds.health.NodeRole;
import io.github.failoverds.testsupport.EmbeddedPostgresNode;
import io.github.failoverds.testsupport.FaultProxy;
import io.github.failoverds.testsupport.PostgresReplicationCluster;
import io.github.failoverds.testsupport.WriteLoad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * How the data source rides through what an HA manager does, on real PostgreSQL streaming replication
 * (synchronous, so that an acknowledged commit survives a failover), each node behind a {@link FaultProxy}:
 * a promotion that follows a partition or a crash within moments is a failover, never a split brain;
 * while no node is writable, borrows wait for one instead of failing; a node that turns read-only under
 * its pooled connections is left at once; a single endpoint that an HA manager moves to the new primary
 * is followed.
 */
class HighAvailabilityIntegrationTest {

	private static final Duration INTERVAL = Duration.ofMillis(500);

	private static final Duration TIMEOUT = Duration.ofMillis(500);

	private static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(20);

	private static final Duration AWAIT_WRITABLE = Duration.ofSeconds(15);

	private static final Duration WAIT = Duration.ofSeconds(20);

	private static final int WRITERS = 4;

	private final Queue<String> roleChanges = new ConcurrentLinkedQueue<>();

	private final ScheduledExecutorService haManager = Executors.newSingleThreadScheduledExecutor();

	private PostgresReplicationCluster cluster;

	private FaultProxy primaryProxy;

	private FaultProxy standbyProxy;

	private FailoverDataSource dataSource;

	private WriteLoad load;

	private EmbeddedPostgresNode other;

	@BeforeEach
	void startCluster() {
		this.cluster = PostgresReplicationCluster.start("primary", "standby-1");
		this.cluster.replicateSynchronously(this.cluster.standby());
		WriteLoad.createTable(primary().directDataSource());
		this.primaryProxy = FaultProxy.start("127.0.0.1", primary().port());
		this.standbyProxy = FaultProxy.start("127.0.0.1", standby().port());
	}

	@AfterEach
	void stop() {
		this.haManager.shutdownNow();
		this.primaryProxy.pass();
		this.standbyProxy.pass();
		if (this.load != null) {
			this.load.close();
		}
		if (this.dataSource != null) {
			this.dataSource.close();
		}
		this.primaryProxy.close();
		this.standbyProxy.close();
		this.cluster.close();
		if (this.other != null) {
			this.other.close();
		}
	}

	@Test
	void aPromotionJustAfterAPartitionOfThePrimaryIsAFailoverNotASplitBrain() {
		start(node("primary", this.primaryProxy), node("standby-1", this.standbyProxy));
		this.load.awaitCommitsOn(primary().port(), 20, WAIT);
		this.primaryProxy.blackHole();
		this.haManager.schedule(() -> this.cluster.promote(standby()), 200, TimeUnit.MILLISECONDS);
		this.load.awaitCommitsOn(standby().port(), 50, WAIT);
		assertThat(this.dataSource.getActiveNode().name()).isEqualTo("standby-1");
		assertThat(this.dataSource.getPolicy().splitBrainNodes()).isEmpty();
		// writes caught by the partition wait for a synchronous standby that is gone: end them
		primary().kill();
	}

	@Test
	void writesWaitForTheStandbysPromotionAfterACrashAndNoAcknowledgedCommitIsLost() {
		start(node("primary", this.primaryProxy), node("standby-1", this.standbyProxy));
		this.load.awaitCommitsOn(primary().port(), 20, WAIT);
		primary().kill();
		long crash = System.nanoTime();
		this.haManager.schedule(() -> this.cluster.promote(standby()), 2, TimeUnit.SECONDS);
		await().atMost(WAIT).until(() -> this.dataSource.getWaitingBorrows() > 0);
		this.load.awaitCommitsOn(standby().port(), 50, WAIT);
		this.load.stop(WAIT);
		assertThat(this.dataSource.getPolicy().splitBrainNodes()).isEmpty();
		assertThat(this.load.calls())
			.filteredOn((call) -> call.failure() != null && call.startNanos() > crash)
			.as("failed writes that started after the crash")
			.isEmpty();
		assertThat(this.load.failures()).as("writes in flight at the crash").hasSizeLessThanOrEqualTo(WRITERS);
		assertThat(this.load.missingAcknowledgedCommitsOn(standby())).isEmpty();
	}

	@Test
	void aNodeThatTurnsReadOnlyUnderItsPooledConnectionsIsLeftAtOnce() throws SQLException {
		this.other = EmbeddedPostgresNode.start("other-primary");
		WriteLoad.createTable(this.other.directDataSource());
		HikariConfig otherNode = this.other.poolConfig(10);
		otherNode.setPoolName("other-primary");
		start(node("primary", this.primaryProxy), otherNode);
		this.load.awaitCommitsOn(primary().port(), 20, WAIT);
		execute(primary(), "ALTER SYSTEM SET default_transaction_read_only = on");
		execute(primary(), "SELECT pg_reload_conf()");
		this.load.awaitCommitsOn(this.other.port(), 50, WAIT);
		await().atMost(WAIT).until(() -> this.roleChanges.contains("primary:PRIMARY->REPLICA"));
		assertThat(this.dataSource.getNodes().get(0).poolStats().getActiveConnections()).isZero();
		assertThat(this.load.failures()).as("writes refused as read-only before the role check")
			.allSatisfy((failure) -> assertThat(ReadOnlyErrors.isReadOnlyError(failure)).isTrue());
	}

	@Test
	void aSingleEndpointThatTheHaManagerMovesToThePromotedNodeIsFollowed() {
		start(node("database", this.primaryProxy));
		this.load.awaitCommitsOn(primary().port(), 20, WAIT);
		primary().kill();
		long crash = System.nanoTime();
		this.cluster.promote(standby());
		this.primaryProxy.retarget("127.0.0.1", standby().port());
		this.load.awaitCommitsOn(standby().port(), 50, WAIT);
		this.load.stop(WAIT);
		assertThat(this.load.calls()).filteredOn((call) -> call.failure() != null && call.startNanos() > crash)
			.as("failed writes that started after the crash")
			.isEmpty();
		assertThat(this.load.missingAcknowledgedCommitsOn(standby())).isEmpty();
	}

	private void start(HikariConfig... nodes) {
		FailoverDataSourceBuilder builder = FailoverDataSource.builder()
			.connectionTimeout(CONNECTION_TIMEOUT)
			.awaitWritable(AWAIT_WRITABLE)
			.health(INTERVAL, TIMEOUT, 2, 2, 20)
			.failback(true, Duration.ofSeconds(1))
			.listener(new FailoverListener() {

				@Override
				public void onRoleChange(DatabaseNode node, NodeRole previous, NodeRole current) {
					HighAvailabilityIntegrationTest.this.roleChanges.add(node.name() + ":" + previous + "->" + current);
				}

			});
		for (HikariConfig node : nodes) {
			builder.node(node.getPoolName(), node);
		}
		this.dataSource = builder.build();
		this.load = WriteLoad.start(WRITERS, WriteLoad.jdbc(this.dataSource));
	}

	private HikariConfig node(String name, FaultProxy proxy) {
		HikariConfig config = primary().poolConfig(10);
		config.setJdbcUrl(proxy.jdbcUrl("postgres"));
		config.setPoolName(name);
		return config;
	}

	private static void execute(EmbeddedPostgresNode server, String sql) throws SQLException {
		try (Connection connection = server.directDataSource().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	private EmbeddedPostgresNode primary() {
		return this.cluster.primary();
	}

	private EmbeddedPostgresNode standby() {
		return this.cluster.standby();
	}

}
