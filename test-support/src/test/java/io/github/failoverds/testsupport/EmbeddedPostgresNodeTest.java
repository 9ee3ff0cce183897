package io.github.failoverds.testsupport;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests of {@link EmbeddedPostgresNode} against real PostgreSQL processes.
 */
class EmbeddedPostgresNodeTest {

	@Test
	void killedNodeRestartsOnTheSamePortWithItsCommittedRows() throws Exception {
		try (EmbeddedPostgresNode node = EmbeddedPostgresNode.start("primary")) {
			DataSource dataSource = node.directDataSource();
			update(dataSource, "CREATE TABLE item (id int PRIMARY KEY)");
			update(dataSource, "INSERT INTO item VALUES (1)");
			Connection survivor = dataSource.getConnection();
			int port = node.port();

			node.kill();

			assertThat(node.isRunning()).isFalse();
			assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> connectTcp(port));
			assertThatExceptionOfType(SQLException.class).isThrownBy(dataSource::getConnection)
				.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo("08001"));
			assertThatExceptionOfType(SQLException.class).isThrownBy(() -> query(survivor, "SELECT 1"))
				.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo("08006"));
			survivor.close();

			node.restart();

			assertThat(node.isRunning()).isTrue();
			assertThat(node.port()).isEqualTo(port);
			assertThat(query(dataSource, "SELECT count(*) FROM item")).isEqualTo("1");
		}
	}

	@Test
	void serverAcknowledgesCommitsSynchronouslyAndAcceptsManyConnections() throws Exception {
		try (EmbeddedPostgresNode node = EmbeddedPostgresNode.start("primary")) {
			assertThat(query(node.directDataSource(), "SHOW synchronous_commit")).isEqualTo("on");
			assertThat(Integer.parseInt(query(node.directDataSource(), "SHOW max_connections")))
				.isGreaterThanOrEqualTo(200);
			assertThat(node.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:" + node.port() + "/postgres");
			assertThat(node.username()).isEqualTo("postgres");
		}
	}

	@Test
	void stopKillRestartAndCloseWorkInAnyOrder() throws Exception {
		EmbeddedPostgresNode node = EmbeddedPostgresNode.start("primary");
		try (node) {
			update(node.directDataSource(), "CREATE TABLE item (id int)");

			node.stop();
			assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> connectTcp(node.port()));
			node.kill();
			node.restart();
			node.restart();
			update(node.directDataSource(), "INSERT INTO item VALUES (1)");
			node.kill();
			node.stop();
			node.kill();
			node.restart();

			assertThat(query(node.directDataSource(), "SELECT count(*) FROM item")).isEqualTo("1");
			node.kill();
		}
		assertThat(node.dataDirectory()).doesNotExist();
		node.close();
	}

	@Test
	void startAllStartsIndependentNodesAndCloseDeletesTheirData() throws Exception {
		List<EmbeddedPostgresNode> nodes = EmbeddedPostgresNode.startAll("primary", "standby-1");
		try {
			assertThat(nodes).extracting(EmbeddedPostgresNode::name).containsExactly("primary", "standby-1");
			assertThat(nodes.get(0).port()).isNotEqualTo(nodes.get(1).port());
			assertThat(nodes.get(0).dataDirectory()).isNotEqualTo(nodes.get(1).dataDirectory());

			nodes.get(0).kill();

			assertThat(query(nodes.get(1).directDataSource(), "SELECT 1")).isEqualTo("1");
		}
		finally {
			nodes.forEach(EmbeddedPostgresNode::close);
		}
		assertThat(nodes).allSatisfy((node) -> assertThat(node.dataDirectory()).doesNotExist());
	}

	private static void connectTcp(int port) throws IOException {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
		}
	}

	private static void update(DataSource dataSource, String sql) throws SQLException {
		try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	private static String query(DataSource dataSource, String sql) throws SQLException {
		try (Connection connection = dataSource.getConnection()) {
			return query(connection, sql);
		}
	}

	private static String query(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
			result.next();
			return result.getString(1);
		}
	}

}
