package io.github.failoverds.benchmarks.overhead;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverPropertyInfo;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * A JDBC driver for {@code jdbc:stub:} URLs whose connections do nothing, so that a benchmark measures the
 * pool and the routing alone (as HikariCP's own {@code ConnectionBench} does with its stub driver). A stub
 * connection is always valid, in auto-commit mode, and answers every other call with {@code null}, zero or
 * {@code false}; it cannot run statements.
 */
public final class StubDriver implements Driver {

	/** The URL every stub pool uses. */
	public static final String URL = "jdbc:stub:benchmark";

	private static final InvocationHandler CONNECTION = StubDriver::answer;

	@Override
	public Connection connect(String url, Properties info) {
		if (!acceptsURL(url)) {
			return null;
		}
		return (Connection) Proxy.newProxyInstance(StubDriver.class.getClassLoader(), new Class<?>[] { Connection.class },
				CONNECTION);
	}

	@Override
	public boolean acceptsURL(String url) {
		return url != null && url.startsWith("jdbc:stub:");
	}

	@Override
	public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
		return new DriverPropertyInfo[0];
	}

	@Override
	public int getMajorVersion() {
		return 1;
	}

	@Override
	public int getMinorVersion() {
		return 0;
	}

	@Override
	public boolean jdbcCompliant() {
		return false;
	}

	@Override
	public Logger getParentLogger() throws SQLFeatureNotSupportedException {
		throw new SQLFeatureNotSupportedException();
	}

	private static Object answer(Object connection, Method method, Object[] args) {
		switch (method.getName()) {
			case "isValid":
			case "getAutoCommit":
				return true;
			case "getTransactionIsolation":
				return Connection.TRANSACTION_READ_COMMITTED;
			case "hashCode":
				return System.identityHashCode(connection);
			case "equals":
				return connection == args[0];
			case "toString":
				return "StubConnection@" + Integer.toHexString(System.identityHashCode(connection));
			default:
				return defaultValue(method.getReturnType());
		}
	}

	private static Object defaultValue(Class<?> type) {
		if (type == boolean.class) {
			return false;
		}
		if (type == int.class) {
			return 0;
		}
		if (type == long.class) {
			return 0L;
		}
		return null;
	}

}
