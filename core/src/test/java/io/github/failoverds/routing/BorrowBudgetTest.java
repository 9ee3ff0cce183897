package io.github.failoverds.routing;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;

import io.github.failoverds.testsupport.EmbeddedPostgresNode;
import io.github.failoverds.testsupport.FaultProxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * No {@code getConnection()} takes longer than its {@code connection-timeout}, not even when HikariCP
 * validates a connection to a silent node on the borrowing thread, nor when read/write splitting tries
 * replicas first: the budget is counted from the call's start and every slice ends before it, counting
 * the validation that may come at its end.
 */
@TestInstance(Lifecycle.PER_CLASS)
class BorrowBudgetTest {

	private static final Duration BUDGET = Duration.ofSeconds(4);

	/** Returning the failure and being scheduled again on a busy 2-core machine. */
	private static final Duration TOLERANCE = Duration.ofMillis(100);

	private List<EmbeddedPostgresNode> servers;

	private final List<FaultProxy> proxies = new ArrayList<>();

	private FailoverDataSource dataSource;

	@BeforeAll
	void startServers() {
		this.servers = EmbeddedPostgresNode.startAll("primary", "replica");
		this.servers.forEach((server) -> this.proxies.add(FaultProxy.start("127.0.0.1", server.port())));
	}

	@AfterAll
	void stopServers() {
		this.proxies.forEach(FaultProxy::close);
		this.servers.forEach(EmbeddedPostgresNode::close);
	}

	@AfterEach
	void close() {
		this.proxies.forEach(FaultProxy::pass);
		this.dataSource.close();
	}

	@Test
	void aBorrowFromABlackHoledNodeWhoseIdleConnectionsAreValidatedEndsWithinTheBudget() throws Exception {
		this.dataSource = builder().node("primary", node(0)).build();
		warmUpThenLetConnectionsIdle();
		this.proxies.get(0).blackHole();
		long start = System.nanoTime();
		assertThatExceptionOfType(SQLException.class).isThrownBy(() -> this.dataSource.getConnection().close());
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThanOrEqualTo(BUDGET.plus(TOLERANCE));
	}

	@Test
	void aReadThatTriesABlackHoledReplicaFirstEndsWithinTheBudget() throws Exception {
		AtomicReference<DataSource> reader = new AtomicReference<>();
		this.dataSource = builder().node("primary", node(0))
			.node("replica", node(1))
			.roleCheck("SELECT inet_server_port() = " + this.servers.get(1).port())
			.readWriteRouter((writer, replicas) -> {
				reader.set(replicas);
				return writer;
			})
			.build();
		warmUpThenLetConnectionsIdle();
		List<Connection> held = new ArrayList<>();
		try {
			// the writable node is busy: the fallback has to wait for it
			for (int i = 0; i < 2; i++) {
				held.add(this.dataSource.getConnection());
			}
			this.proxies.get(1).blackHole();
			long start = System.nanoTime();
			assertThatExceptionOfType(SQLException.class).isThrownBy(() -> reader.get().getConnection().close());
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThanOrEqualTo(BUDGET.plus(TOLERANCE));
		}
		finally {
			for (Connection connection : held) {
				connection.close();
			}
		}
	}

	/**
	 * Open the pools' connections, then let them idle past HikariCP's half-second bypass window, so the
	 * next borrow validates one on the calling thread.
	 */
	private void warmUpThenLetConnectionsIdle() throws SQLException {
		try (Connection connection = this.dataSource.getConnection()) {
			assertThat(connection.isValid(1)).isTrue();
		}
		long idleSince = System.nanoTime();
		org.awaitility.Awaitility.await().until(() -> System.nanoTime() - idleSince > 700_000_000L);
	}

	private FailoverDataSourceBuilder builder() {
		return FailoverDataSource.builder()
			.connectionTimeout(BUDGET)
			.awaitWritable(Duration.ZERO)
			.health(Duration.ofSeconds(10), Duration.ofSeconds(1), 2, 2, 10);
	}

	private HikariConfig node(int index) {
		HikariConfig config = this.servers.get(index).poolConfig(2);
		config.setJdbcUrl(this.proxies.get(index).jdbcUrl("postgres"));
		config.setMinimumIdle(2);
		return config;
	}

}
