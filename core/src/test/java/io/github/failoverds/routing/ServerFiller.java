package io.github.failoverds.routing;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.List;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Fills a database server with connections of its own until the server refuses one for having too many,
 * as other clients of a shared server would; {@link #close()} frees them.
 */
final class ServerFiller implements AutoCloseable {

	private final List<Connection> connections = new ArrayList<>();

	/**
	 * Open connections until the server refuses one.
	 * @param opener opens one connection to the server
	 * @param atMost how many to open before giving up: more than the server's limit
	 * @return the refusal
	 * @throws SQLException when a connection cannot be closed after the server took {@code atMost}
	 */
	SQLException fill(ConnectionOpener opener, int atMost) throws SQLException {
		for (int i = 0; i < atMost; i++) {
			try {
				this.connections.add(opener.open());
			}
			catch (SQLException ex) {
				return ex;
			}
		}
		close();
		throw new AssertionError("The server took " + atMost + " connections without refusing one");
	}

	/**
	 * Borrow from a new pool that holds no connection yet and has room for one, so that the borrow needs
	 * a new connection; on a full server it times out.
	 * @param config the pool's configuration; its pool size and timeouts are set here
	 * @return HikariCP's timeout
	 */
	static SQLTransientConnectionException poolTimeout(HikariConfig config) {
		config.setMinimumIdle(0);
		config.setMaximumPoolSize(1);
		config.setConnectionTimeout(250);
		config.setInitializationFailTimeout(-1);
		try (HikariDataSource pool = new HikariDataSource(config)) {
			return catchThrowableOfType(SQLTransientConnectionException.class, pool::getConnection);
		}
	}

	/**
	 * Close every connection opened by {@link #fill(ConnectionOpener, int)}.
	 * @throws SQLException when one cannot be closed
	 */
	@Override
	public void close() throws SQLException {
		for (Connection connection : this.connections) {
			connection.close();
		}
		this.connections.clear();
	}

	/** Opens one new connection to the server. */
	@FunctionalInterface
	interface ConnectionOpener {

		Connection open() throws SQLException;

	}

}
