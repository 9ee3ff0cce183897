package io.github.failoverds.routing;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A writer connection that tells {@link ReadYourWrites} where its writes ended in the primary's WAL: when
 * it is closed (returned to the pool) after statements were created on it, it reads the primary's insert
 * position, which covers every commit made on it, also with {@code synchronous_commit = off}. Spring
 * closes the connection right after a transaction's commit and after each auto-commit call outside a
 * transaction, so that is one round trip per unit of work, outside any transaction (a transaction left
 * open is rolled back by the pool on return, as without the recorder). Every other call goes straight to
 * the connection.
 * <p>
 * A read made on the same thread while the writer connection is still held (after a manual
 * {@code commit()}, before {@code close()}) is not covered. A failed position query is logged at DEBUG and
 * leaves the thread's position as it was: the writes themselves succeeded.
 */
final class WritePositionRecorder implements InvocationHandler {

	/**
	 * The insert position, or the start of its page when it points just past a page header (24 bytes, 40
	 * on a segment's first page): there the last record ended at the page boundary, which is where a
	 * replica's replay position stops.
	 */
	static final String POSITION = "SELECT p - CASE WHEN p % b IN (24, 40) THEN p % b ELSE 0 END "
			+ "FROM (SELECT (pg_current_wal_insert_lsn() - '0/0'::pg_lsn)::bigint AS p, "
			+ "current_setting('wal_block_size')::bigint AS b) AS insert_position";

	private static final Logger logger = LoggerFactory.getLogger(WritePositionRecorder.class);

	private final Connection target;

	private final ReadYourWrites readYourWrites;

	/** Statements were created on the connection. */
	private boolean pending;

	private WritePositionRecorder(Connection target, ReadYourWrites readYourWrites) {
		this.target = target;
		this.readYourWrites = readYourWrites;
	}

	static Connection wrap(Connection target, ReadYourWrites readYourWrites) {
		return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] { Connection.class },
				new WritePositionRecorder(target, readYourWrites));
	}

	@Override
	public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
		switch (method.getName()) {
			case "equals":
				return proxy == args[0];
			case "hashCode":
				return System.identityHashCode(proxy);
			case "toString":
				return "ReadYourWrites[" + this.target + "]";
			case "createStatement", "prepareStatement", "prepareCall":
				this.pending = true;
				break;
			case "close":
				if (this.pending && !this.target.isClosed()) {
					record();
				}
				break;
			default:
				break;
		}
		return call(method, args);
	}

	private Object call(Method method, Object[] args) throws Throwable {
		try {
			return method.invoke(this.target, args);
		}
		catch (InvocationTargetException ex) {
			throw ex.getCause();
		}
	}

	private void record() {
		this.pending = false;
		try (Statement statement = this.target.createStatement();
				ResultSet resultSet = statement.executeQuery(POSITION)) {
			if (resultSet.next()) {
				this.readYourWrites.wrote(resultSet.getLong(1));
			}
		}
		catch (SQLException ex) {
			logger.debug("Could not read the WAL position of a write for read-your-writes", ex);
		}
	}

}
