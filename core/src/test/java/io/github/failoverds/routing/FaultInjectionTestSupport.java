package io.github.failoverds.routing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;

import com.zaxxer.hikari.HikariConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;

import io.github.failoverds.testsupport.WriteLoad;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Base of the fault-injection tests: a primary and a standby, each a real PostgreSQL server behind a
 * {@link io.github.failoverds.testsupport.FaultProxy}, started once per test class; a fresh
 * {@link FailoverDataSource} (with an {@link EventRecorder}) and optionally a {@link WriteLoad} per test.
 * After each test every proxy is healed first, so that writes caught in a fault finish, then the load
 * is stopped and the data source closed: no connection may be left borrowed, nor open once it is closed.
 */
@TestInstance(Lifecycle.PER_CLASS)
abstract class FaultInjectionTestSupport {

	/** Keep HikariCP's and the starter's settings as {@link ProxiedCluster} sets them. */
	static final Consumer<HikariConfig> CLUSTER_SETTINGS = (config) -> {
	};

	/** How long a load may take to reach its first commits on a healthy node. */
	static final Duration LOAD_START = Duration.ofSeconds(20);

	ProxiedCluster cluster;

	EventRecorder events;

	FailoverDataSource dataSource;

	private WriteLoad load;

	@BeforeAll
	void startCluster() {
		this.cluster = ProxiedCluster.start("primary", "standby-1");
	}

	@AfterAll
	void stopCluster() {
		this.cluster.close();
	}

	@AfterEach
	void closeDataSource() {
		this.cluster.heal();
		if (this.load != null) {
			this.load.close();
			this.load = null;
		}
		if (this.dataSource != null) {
			for (DatabaseNode node : this.dataSource.getNodes()) {
				assertThat(node.poolStats().getActiveConnections()).as("connections out of %s", node.name()).isZero();
			}
			this.dataSource.close();
			this.dataSource = null;
			this.cluster.awaitNoConnectionLeft();
		}
	}

	/**
	 * Start the data source of the test.
	 * @param poolCustomizer changes each node's pool configuration
	 */
	void start(Consumer<HikariConfig> poolCustomizer) {
		start(poolCustomizer, (builder) -> {
		});
	}

	/**
	 * Start the data source of the test with settings of its own.
	 * @param poolCustomizer changes each node's pool configuration
	 * @param settings changes the data source's settings (the health settings, say)
	 */
	void start(Consumer<HikariConfig> poolCustomizer, Consumer<FailoverDataSourceBuilder> settings) {
		this.events = new EventRecorder();
		this.dataSource = this.cluster.dataSource(poolCustomizer, this.events, settings);
	}

	/**
	 * Start writers through the data source; they are stopped after the test.
	 * @param threads how many writers
	 * @return the load
	 */
	WriteLoad startLoad(int threads) {
		this.load = WriteLoad.start(threads, WriteLoad.jdbc(this.dataSource));
		return this.load;
	}

	/**
	 * Start writers through the data source on threads of a factory; they are stopped after the test.
	 * @param threads how many writers
	 * @param threadFactory makes each writer's thread, e.g. a virtual one
	 * @return the load
	 */
	WriteLoad startLoad(int threads, ThreadFactory threadFactory) {
		this.load = WriteLoad.start(threads, threadFactory, WriteLoad.jdbc(this.dataSource));
		return this.load;
	}

	/**
	 * Check that a load saw only the failures the README documents for faults: a borrow that got no
	 * connection in time ({@link SQLTransientConnectionException}), or work on a connection that broke
	 * (a connection-class SQLState).
	 * @param load the stopped load
	 */
	static void assertOnlyTransientFailures(WriteLoad load) {
		assertThat(load.failures()).allSatisfy((failure) -> assertThat(
				failure instanceof SQLTransientConnectionException || ConnectionFailures.isConnectionFailure(failure))
			.as("transient failure: %s", failure)
			.isTrue());
	}

	int primaryPort() {
		return this.cluster.server(0).port();
	}

	int standbyPort() {
		return this.cluster.server(1).port();
	}

	String activeNodeName() {
		DatabaseNode active = this.dataSource.getActiveNode();
		return (active != null) ? active.name() : null;
	}

	/**
	 * One new request, as a fresh web request would make it: borrow a connection and, when it is on the
	 * server, use it. A connection to another server is returned unused: on a silent node its first
	 * statement would hang.
	 * @param port the server's own port
	 * @return whether the request ran on that server
	 * @throws SQLException when the borrow or the statement fails
	 */
	boolean newRequestRunsOn(int port) throws SQLException {
		try (Connection connection = this.dataSource.getConnection()) {
			if (this.cluster.serverPortOf(connection) != port) {
				return false;
			}
			try (Statement statement = connection.createStatement();
					ResultSet resultSet = statement.executeQuery("SELECT inet_server_port()")) {
				resultSet.next();
				return resultSet.getInt(1) == port;
			}
		}
	}

}
