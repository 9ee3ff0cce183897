package io.github.failoverds.routing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

import com.zaxxer.hikari.HikariConfig;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.failoverds.actuate.FailoverHealthIndicator;
import io.github.failoverds.actuate.NodeState;
import io.github.failoverds.health.NodeRole;
import io.github.failoverds.routing.ActiveNodeChange.Reason;
import io.github.failoverds.testsupport.EmbeddedPostgresNode;
import io.github.failoverds.testsupport.PostgresReplicationCluster;
import io.github.failoverds.testsupport.WriteLoad;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static io.github.failoverds.testsupport.PostgresReplicationCluster.queryForString;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Role awareness on real PostgreSQL streaming replication (a primary and a hot standby): roles come from
 * {@code pg_is_in_recovery()}, writes go only to the writable node, a crashed primary leaves no writable
 * node and borrows fail fast, writes follow a promoted standby, and an old primary that comes back
 * writable (a split brain) never takes writes.
 */
@ExtendWith(OutputCaptureExtension.class)
class RoleAwareFailoverIntegrationTest {

	private static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(10);

	private static final Duration INTERVAL = Duration.ofMillis(200);

	private static final Duration FAILBACK_DELAY = Duration.ofSeconds(1);

	/** A bound for what the probe does within a few intervals, with slack for a busy 2-core machine. */
	private static final Duration PROBE_WAIT = Duration.ofSeconds(5);

	private static final String COUNT = "SELECT count(*) FROM writes";

	private final AtomicLong ids = new AtomicLong();

	private final RecordingListener events = new RecordingListener();

	private PostgresReplicationCluster cluster;

	private FailoverDataSource dataSource;

	@BeforeEach
	void startClusterAndDataSource() {
		this.cluster = PostgresReplicationCluster.start("primary", "standby-1");
		WriteLoad.createTable(this.cluster.primary().directDataSource());
		FailoverDataSourceBuilder builder = FailoverDataSource.builder()
			.connectionTimeout(CONNECTION_TIMEOUT)
			// fail fast while no node is writable, as await-writable: 0 does (HighAvailabilityIntegrationTest waits)
			.awaitWritable(Duration.ZERO)
			.health(INTERVAL, Duration.ofSeconds(1), 2, 2, 20)
			.failback(true, FAILBACK_DELAY)
			.roleCheck("auto")
			.listener(this.events);
		for (EmbeddedPostgresNode server : List.of(primary(), standby())) {
			builder.node(server.name(), poolConfig(server));
		}
		this.dataSource = builder.build();
	}

	@AfterEach
	void stop() {
		if (this.dataSource != null) {
			this.dataSource.close();
		}
		this.cluster.close();
	}

	@Test
	void detectsRolesAndWritesOnlyToThePrimary() throws SQLException {
		assertThat(node("primary").health().role()).isEqualTo(NodeRole.PRIMARY);
		assertThat(node("standby-1").health().role()).isEqualTo(NodeRole.REPLICA);
		assertThat(this.dataSource.getActiveNode().name()).isEqualTo("primary");
		assertThat(roleInHealthDetails("primary")).isEqualTo("PRIMARY");
		assertThat(roleInHealthDetails("standby-1")).isEqualTo("REPLICA");
		for (int i = 0; i < 20; i++) {
			assertThat(write()).isEqualTo(primary().port());
		}
		assertThat(queryForString(primary(), COUNT)).isEqualTo("20");
		this.cluster.awaitReplayed(standby());
		assertThat(queryForString(standby(), COUNT)).as("rows replicated to the standby").isEqualTo("20");
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> queryForString(standby(), "INSERT INTO writes VALUES (-1, 0) RETURNING id"))
			.withStackTraceContaining("read-only transaction");
	}

	@Test
	void writesFailFastWithoutAPrimaryFollowThePromotedStandbyAndNeverGoToTheOldPrimary(CapturedOutput output)
			throws SQLException {
		for (int i = 0; i < 20; i++) {
			write();
		}
		long lastIdBeforeCrash = this.ids.get();
		this.cluster.awaitReplayed(standby());

		primary().kill();
		assertWritesFailFastWithNoWritableNode("primary is DOWN", "standby-1 is UP (role REPLICA)");

		this.cluster.promote(standby());
		awaitWritesOn(standby());
		assertThat(countThroughDataSource("SELECT count(*) FROM writes WHERE id <= " + lastIdBeforeCrash))
			.as("rows replicated before the crash, read on the promoted standby")
			.isEqualTo(lastIdBeforeCrash);
		// listeners are called on the notification thread, just after the decision
		await().atMost(PROBE_WAIT).untilAsserted(() -> {
			assertThat(this.events.roleChanges).contains("standby-1: REPLICA -> PRIMARY");
			assertThat(this.events.activeNodeChanges).singleElement().satisfies((event) -> {
				assertThat(event.to()).isEqualTo("standby-1");
				assertThat(event.reason()).isEqualTo(Reason.FAILOVER);
			});
		});

		primary().restart();
		assertOldPrimaryIsASplitBrainThatTakesNoWrites(output, lastIdBeforeCrash);

		// the promoted node crashes too: the old primary is still on the wrong side of the split brain
		standby().kill();
		assertWritesFailFastWithNoWritableNode("primary is UP (role PRIMARY, kept off writes after a split brain)",
				"standby-1 is DOWN");
		standby().restart();
		awaitWritesOn(standby());
		assertNoRowOnTheOldPrimaryAfter(lastIdBeforeCrash);
	}

	private void assertWritesFailFastWithNoWritableNode(String... nodeStates) {
		SQLException failure = await("writes to fail for want of a writable node").atMost(CONNECTION_TIMEOUT)
			.until(this::writeFailure, (ex) -> ex.getMessage().startsWith("No writable node"));
		assertThat(failure.getSQLState()).startsWith("08");
		assertThat(failure.getMessage()).contains(nodeStates);
		long start = System.nanoTime();
		assertThatExceptionOfType(SQLException.class).isThrownBy(this.dataSource::getConnection)
			.withMessageStartingWith("No writable node");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(CONNECTION_TIMEOUT);
		assertThat(health().getStatus()).isEqualTo(Status.DOWN);
	}

	private void assertOldPrimaryIsASplitBrainThatTakesNoWrites(CapturedOutput output, long lastIdBeforeCrash) {
		await("split brain detected").atMost(PROBE_WAIT)
			.until(() -> this.dataSource.getPolicy().splitBrainNodes(), List.of("primary")::equals);
		assertThat(node("primary").health().role()).isEqualTo(NodeRole.PRIMARY);
		await().atMost(PROBE_WAIT)
			.untilAsserted(() -> assertThat(this.events.splitBrains).containsExactly("standby-1 with [primary]"));
		assertThat(output.getOut().lines().filter((line) -> line.contains("Split brain")))
			.singleElement(InstanceOfAssertFactories.STRING)
			.contains("WARN", "'standby-1'", "primary");
		assertThat(health().getDetails()).containsEntry("active", "standby-1")
			.containsEntry("splitBrain", List.of("primary"));
		// the old primary stays UP and writable for longer than the fail-back delay: writes must stay put
		await("writes staying on the promoted standby").during(FAILBACK_DELAY.multipliedBy(3))
			.atMost(FAILBACK_DELAY.multipliedBy(3).plus(PROBE_WAIT))
			.until(this::write, (port) -> port == standby().port());
		assertThat(node("primary").health().upFor(Instant.now())).isGreaterThan(FAILBACK_DELAY);
		assertNoRowOnTheOldPrimaryAfter(lastIdBeforeCrash);
		assertThat(this.dataSource.getActiveNode().name()).isEqualTo("standby-1");
	}

	private void assertNoRowOnTheOldPrimaryAfter(long lastIdBeforeCrash) {
		assertThat(queryForString(primary(), "SELECT count(*) FROM writes WHERE id > " + lastIdBeforeCrash))
			.as("rows written to the old primary after the crash")
			.isEqualTo("0");
	}

	private void awaitWritesOn(EmbeddedPostgresNode server) {
		await("writes on " + server.name()).atMost(PROBE_WAIT)
			.ignoreExceptionsInstanceOf(SQLException.class)
			.until(this::write, (port) -> port == server.port());
	}

	private int write() throws SQLException {
		try (Connection connection = this.dataSource.getConnection();
				PreparedStatement statement = connection.prepareStatement(WriteLoad.INSERT)) {
			statement.setLong(1, this.ids.incrementAndGet());
			statement.setInt(2, 0);
			try (ResultSet resultSet = statement.executeQuery()) {
				resultSet.next();
				return resultSet.getInt(1);
			}
		}
	}

	/** A write that must fail: with the primary dead and the standby read-only, none can succeed. */
	private SQLException writeFailure() {
		try {
			int port = write();
			throw new AssertionError("a write succeeded on port " + port + " with no writable node");
		}
		catch (SQLException ex) {
			return ex;
		}
	}

	private long countThroughDataSource(String sql) throws SQLException {
		try (Connection connection = this.dataSource.getConnection();
				PreparedStatement statement = connection.prepareStatement(sql);
				ResultSet resultSet = statement.executeQuery()) {
			resultSet.next();
			return resultSet.getLong(1);
		}
	}

	private Health health() {
		return new FailoverHealthIndicator(this.dataSource).health();
	}

	private String roleInHealthDetails(String node) {
		return ((NodeState) ((Map<?, ?>) health().getDetails().get("nodes")).get(node)).role();
	}

	private DatabaseNode node(String name) {
		return this.dataSource.getNodes().stream().filter((node) -> node.name().equals(name)).findFirst().orElseThrow();
	}

	private EmbeddedPostgresNode primary() {
		return this.cluster.primary();
	}

	private EmbeddedPostgresNode standby() {
		return this.cluster.standby();
	}

	private static HikariConfig poolConfig(EmbeddedPostgresNode server) {
		HikariConfig config = server.poolConfig(4);
		config.setMinimumIdle(1);
		return config;
	}

	/**
	 * Records role changes, split brains and changes of the active node.
	 */
	private static final class RecordingListener implements FailoverListener {

		private final Queue<String> roleChanges = new ConcurrentLinkedQueue<>();

		private final Queue<String> splitBrains = new ConcurrentLinkedQueue<>();

		private final Queue<ActiveNodeChange> activeNodeChanges = new ConcurrentLinkedQueue<>();

		@Override
		public void onRoleChange(DatabaseNode node, NodeRole previous, NodeRole current) {
			this.roleChanges.add(node.name() + ": " + previous + " -> " + current);
		}

		@Override
		public void onSplitBrain(DatabaseNode active, List<DatabaseNode> others) {
			this.splitBrains.add(active.name() + " with " + others.stream().map(DatabaseNode::name).toList());
		}

		@Override
		public void onActiveNodeChange(ActiveNodeChange event) {
			this.activeNodeChanges.add(event);
		}

	}

}
