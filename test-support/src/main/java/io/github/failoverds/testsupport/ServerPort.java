package io.github.failoverds.testsupport;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

/**
 * Which PostgreSQL server answers: {@code inet_server_port()}, the port a test compares with
 * {@link EmbeddedPostgresNode#port()}.
 */
public final class ServerPort {

	private ServerPort() {
	}

	/**
	 * The port of the server a new connection of the data source goes to.
	 * @param dataSource the data source
	 * @return the server's port
	 * @throws SQLException when no connection can be had
	 */
	public static int of(DataSource dataSource) throws SQLException {
		try (Connection connection = dataSource.getConnection();
				Statement statement = connection.createStatement();
				ResultSet resultSet = statement.executeQuery("SELECT inet_server_port()")) {
			resultSet.next();
			return resultSet.getInt(1);
		}
	}

}
