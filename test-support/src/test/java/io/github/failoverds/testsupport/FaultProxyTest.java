package io.github.failoverds.testsupport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests of {@link FaultProxy} in front of a real PostgreSQL server.
 */
class FaultProxyTest {

	/** Long enough never to fire in a test that expects a prompt error, short enough to fail a hung test. */
	private static final String PATIENT = "connectTimeout=20&socketTimeout=20";

	private static final String IMPATIENT = "connectTimeout=1&socketTimeout=1";

	private static EmbeddedPostgresNode node;

	private FaultProxy proxy;

	private final List<Connection> connections = new ArrayList<>();

	@BeforeAll
	static void startNode() {
		node = EmbeddedPostgresNode.start("primary");
	}

	@AfterAll
	static void closeNode() {
		node.close();
	}

	@BeforeEach
	void startProxy() {
		this.proxy = FaultProxy.start("127.0.0.1", node.port());
	}

	@AfterEach
	void closeProxy() throws SQLException {
		for (Connection connection : this.connections) {
			connection.close();
		}
		this.proxy.close();
	}

	@Test
	void passForwardsWithOneThreadForAllConnections() throws SQLException {
		assertThat(this.proxy.jdbcUrl("postgres")).isEqualTo("jdbc:postgresql://127.0.0.1:" + this.proxy.port() + "/postgres");
		for (int i = 0; i < 10; i++) {
			assertThat(selectOne(connect(PATIENT))).isEqualTo(1);
		}

		assertThat(this.proxy.activeConnections()).isEqualTo(10);
		assertThat(proxyThreads()).isEqualTo(1);

		for (Connection connection : this.connections) {
			connection.close();
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> this.proxy.activeConnections() == 0);
	}

	@Test
	void blackHoleStallsExistingAndNewConnectionsUntilPassHealsIt() throws SQLException {
		Connection existing = connect(IMPATIENT);

		this.proxy.blackHole();

		assertThatExceptionOfType(SQLException.class).isThrownBy(() -> selectOne(existing))
			.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo("08006"))
			.withRootCauseInstanceOf(SocketTimeoutException.class);
		assertThatExceptionOfType(SQLException.class).isThrownBy(() -> connect(IMPATIENT))
			.withRootCauseInstanceOf(SocketTimeoutException.class);

		this.proxy.pass();

		assertThat(selectOne(connect(PATIENT))).isEqualTo(1);
	}

	@Test
	void queryStalledInBlackHoleCompletesWhenThePartitionHeals() throws SQLException {
		Connection existing = connect(PATIENT);
		this.proxy.blackHole();

		CompletableFuture<Integer> query = CompletableFuture.supplyAsync(() -> selectOneUnchecked(existing));
		await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> !query.isDone());
		this.proxy.pass();

		assertThat(query).succeedsWithin(Duration.ofSeconds(10)).isEqualTo(1);
	}

	@Test
	void resetAllBreaksExistingConnectionsAtOnce() throws SQLException {
		Connection existing = connect(PATIENT);

		this.proxy.resetAll();

		long start = System.nanoTime();
		assertThatExceptionOfType(SQLException.class).isThrownBy(() -> selectOne(existing))
			.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo("08006"))
			.withRootCauseInstanceOf(SocketException.class);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
		assertThat(this.proxy.activeConnections()).isZero();
		assertThat(selectOne(connect(PATIENT))).isEqualTo(1);
	}

	@Test
	void latencyDelaysEachDirection() throws SQLException {
		Connection existing = connect(PATIENT);

		this.proxy.latency(Duration.ofMillis(200));

		long start = System.nanoTime();
		assertThat(selectOne(existing)).isEqualTo(1);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
	}

	@Test
	void refuseResetsNewConnectionsAtOnceButKeepsExistingOnes() throws SQLException {
		Connection existing = connect(PATIENT);

		this.proxy.refuse();

		long start = System.nanoTime();
		assertThatExceptionOfType(SQLException.class).isThrownBy(() -> connect(PATIENT))
			.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo("08001"));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
		assertThat(selectOne(existing)).isEqualTo(1);

		this.proxy.pass();

		assertThat(selectOne(connect(PATIENT))).isEqualTo(1);
	}

	@Test
	void unreachableTargetResetsClients() throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			closedPort = socket.getLocalPort();
		}
		try (FaultProxy deadEnd = FaultProxy.start("127.0.0.1", closedPort)) {
			assertThatExceptionOfType(SQLException.class)
				.isThrownBy(() -> DriverManager.getConnection(deadEnd.jdbcUrl("postgres") + "?" + PATIENT,
						node.username(), node.password()))
				.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo("08001"));
			assertThat(deadEnd.activeConnections()).isZero();
		}
	}

	@Test
	void closeStopsTheThreadAndDropsConnections() throws SQLException {
		Connection existing = connect(PATIENT);

		this.proxy.close();

		assertThat(proxyThreads()).isZero();
		assertThatExceptionOfType(SQLException.class).isThrownBy(() -> selectOne(existing))
			.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo("08006"));
		assertThatExceptionOfType(SQLException.class).isThrownBy(() -> connect(PATIENT));
	}

	private Connection connect(String parameters) throws SQLException {
		Connection connection = DriverManager.getConnection(this.proxy.jdbcUrl("postgres") + "?" + parameters,
				node.username(), node.password());
		this.connections.add(connection);
		return connection;
	}

	private long proxyThreads() {
		String name = "fault-proxy-" + this.proxy.port() + "-";
		return Thread.getAllStackTraces().keySet().stream().filter((thread) -> thread.getName().startsWith(name)).count();
	}

	private static int selectOne(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery("SELECT 1")) {
			result.next();
			return result.getInt(1);
		}
	}

	private static int selectOneUnchecked(Connection connection) {
		try {
			return selectOne(connection);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
