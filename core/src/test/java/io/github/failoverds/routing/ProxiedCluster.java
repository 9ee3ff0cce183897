package io.github.failoverds.routing;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import com.zaxxer.hikari.HikariConfig;

import io.github.failoverds.testsupport.EmbeddedPostgresNode;
import io.github.failoverds.testsupport.FaultProxy;
import io.github.failoverds.testsupport.WriteLoad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Real PostgreSQL servers, each behind its own {@link FaultProxy}, each with the {@code writes} table of
 * {@link WriteLoad}, and the short settings that fault-injection tests of {@link FailoverDataSource} use.
 * Started once per test class; {@link #heal()} restores every proxy between tests.
 */
final class ProxiedCluster implements AutoCloseable {

	static final Duration INTERVAL = Duration.ofMillis(200);

	static final Duration TIMEOUT = Duration.ofMillis(500);

	static final int FAILURE_THRESHOLD = 2;

	static final int RECOVERY_THRESHOLD = 2;

	static final Duration FAILBACK_DELAY = Duration.ofSeconds(1);

	static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(3);

	/** Slack for scheduling on a busy 2-core machine, added to every bound derived from the settings. */
	static final Duration MARGIN = Duration.ofSeconds(2);

	/**
	 * How far past its {@code connection-timeout} a {@code getConnection()} may return: the time to hand
	 * back the failure and be scheduled again. The budget itself is never overrun by a borrow.
	 */
	static final Duration TOLERANCE = Duration.ofMillis(100);

	private final List<EmbeddedPostgresNode> servers;

	private final List<FaultProxy> proxies = new ArrayList<>();

	private ProxiedCluster(List<EmbeddedPostgresNode> servers) {
		this.servers = servers;
		for (EmbeddedPostgresNode server : servers) {
			WriteLoad.createTable(server.directDataSource());
			this.proxies.add(FaultProxy.start("127.0.0.1", server.port()));
		}
	}

	/**
	 * Start one server and proxy per name.
	 * @param names the node names, in priority order
	 * @return the running cluster
	 */
	static ProxiedCluster start(String... names) {
		return new ProxiedCluster(EmbeddedPostgresNode.startAll(names));
	}

	/**
	 * How long a node that stops answering may stay UP: up to one interval until the next probe, then
	 * {@code failure-threshold} probes in a row that each fail after at most one timeout (a probe
	 * waits for its check, and at most one check per node is in flight).
	 * @return the bound, without margin
	 */
	static Duration detectionBound() {
		return INTERVAL.plus(TIMEOUT.multipliedBy(FAILURE_THRESHOLD));
	}

	/**
	 * How long after a node stops answering a new borrow lands on the next node: detection, plus one
	 * borrow slice that may have started just before.
	 * @return the bound, without margin
	 */
	static Duration failoverBound() {
		return detectionBound().plusMillis(FailoverDataSource.SLICE_MILLIS);
	}

	/**
	 * How long after a fault ends a DOWN node may take to be UP again: a probe caught in a connect when
	 * the fault ends may need its connect and read timeouts (each one {@code timeout} rounded up to a
	 * second), then {@code recovery-threshold} healthy probes follow one interval apart.
	 * @return the bound, without margin
	 */
	static Duration recoveryBound() {
		long probeSocketSeconds = (TIMEOUT.toMillis() + 999) / 1000;
		return Duration.ofSeconds(2 * probeSocketSeconds).plus(INTERVAL.multipliedBy(RECOVERY_THRESHOLD));
	}

	/**
	 * How long after a fault of the preferred node ends new connections may take to go back to it:
	 * recovery, then the fail-back delay, then one interval until the next decision.
	 * @return the bound, without margin
	 */
	static Duration failbackBound() {
		return recoveryBound().plus(FAILBACK_DELAY).plus(INTERVAL);
	}

	EmbeddedPostgresNode server(int index) {
		return this.servers.get(index);
	}

	FaultProxy proxy(int index) {
		return this.proxies.get(index);
	}

	/**
	 * A data source over every node, through its proxy, with the short settings of this class.
	 * @param poolCustomizer changes each node's pool configuration before it starts
	 * @param listener told of every change
	 * @param settings changes the data source's settings before it starts
	 * @return the started data source
	 */
	FailoverDataSource dataSource(Consumer<HikariConfig> poolCustomizer, FailoverListener listener,
			Consumer<FailoverDataSourceBuilder> settings) {
		FailoverDataSourceBuilder builder = FailoverDataSource.builder()
			.connectionTimeout(CONNECTION_TIMEOUT)
			.health(INTERVAL, TIMEOUT, FAILURE_THRESHOLD, RECOVERY_THRESHOLD, 100)
			.failback(true, FAILBACK_DELAY)
			.listener(listener);
		settings.accept(builder);
		for (int i = 0; i < this.servers.size(); i++) {
			HikariConfig config = new HikariConfig();
			config.setJdbcUrl(proxy(i).jdbcUrl("postgres"));
			config.setUsername(server(i).username());
			config.setPassword(server(i).password());
			config.setMaximumPoolSize(8);
			config.setMinimumIdle(2);
			poolCustomizer.accept(config);
			builder.node(server(i).name(), config);
		}
		return builder.build();
	}

	/**
	 * The port of the server a connection is on, without a round trip: read from the connection's URL,
	 * which names the proxy in front of that server.
	 * @param connection a connection of a data source made by this cluster
	 * @return the server's own port
	 * @throws SQLException if the connection is closed
	 */
	int serverPortOf(Connection connection) throws SQLException {
		String url = connection.getMetaData().getURL();
		for (int i = 0; i < this.proxies.size(); i++) {
			if (url.startsWith(proxy(i).jdbcUrl(""))) {
				return server(i).port();
			}
		}
		throw new IllegalStateException("No proxy of this cluster in " + url);
	}

	/**
	 * Check that every commit a server acknowledged to the load is in its table.
	 * @param load the load
	 */
	void assertNoAcknowledgedCommitLost(WriteLoad load) {
		for (EmbeddedPostgresNode server : this.servers) {
			assertThat(load.missingCommitsOn(server)).as("acknowledged commits missing on %s", server.name()).isEmpty();
		}
	}

	/**
	 * Wait until no connection goes through any proxy, once every data source over this cluster is
	 * closed: a probe's connection attempt under way at close may take up to its connect and read
	 * timeouts to end.
	 */
	void awaitNoConnectionLeft() {
		await().atMost(recoveryBound().plus(MARGIN))
			.untilAsserted(() -> assertThat(this.proxies).allSatisfy(
					(proxy) -> assertThat(proxy.activeConnections()).as("connections through %s", proxy).isZero()));
	}

	/**
	 * Let traffic pass through every proxy again, without latency.
	 */
	void heal() {
		this.proxies.forEach(FaultProxy::pass);
	}

	@Override
	public void close() {
		this.proxies.forEach(FaultProxy::close);
		this.servers.forEach(EmbeddedPostgresNode::close);
	}

}
