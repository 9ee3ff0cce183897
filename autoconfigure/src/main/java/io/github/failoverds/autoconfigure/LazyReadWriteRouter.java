package io.github.failoverds.autoconfigure;

import javax.sql.DataSource;

import com.zaxxer.hikari.util.UtilityElf;

import io.github.failoverds.routing.FailoverDataSource;

import org.springframework.jdbc.datasource.LazyConnectionDataSourceProxy;

/**
 * Read/write splitting with Spring's {@link LazyConnectionDataSourceProxy}: a connection is borrowed on
 * first use, from a replica when the connection was set read-only before (which is what a
 * {@code @Transactional(readOnly = true)} transaction does), otherwise from the writable node.
 * <p>
 * The proxy is told the pools' defaults (auto-commit; isolation when the pools set one) instead of
 * borrowing a connection from the writable node to learn them, which it would otherwise do on every
 * call until one borrow succeeds: reads would then wait on a dead primary before reaching a replica.
 * With no isolation configured, every isolation a transaction asks for is applied to its connection.
 */
class LazyReadWriteRouter implements FailoverDataSource.ReadWriteRouter {

	private final boolean defaultAutoCommit;

	private final Integer defaultIsolation;

	/**
	 * Create the router.
	 * @param defaultAutoCommit the pools' auto-commit
	 * @param isolationName the pools' {@code transaction-isolation} (a {@code TRANSACTION_*} name or level), or
	 * {@code null} for the driver's default
	 */
	LazyReadWriteRouter(boolean defaultAutoCommit, String isolationName) {
		this.defaultAutoCommit = defaultAutoCommit;
		this.defaultIsolation = (isolationName != null) ? UtilityElf.getTransactionIsolation(isolationName) : null;
	}

	@Override
	public DataSource route(DataSource writer, DataSource reader) {
		LazyConnectionDataSourceProxy proxy = new KnownDefaultsProxy();
		proxy.setTargetDataSource(writer);
		proxy.setReadOnlyDataSource(reader);
		proxy.setDefaultAutoCommit(this.defaultAutoCommit);
		if (this.defaultIsolation != null) {
			proxy.setDefaultTransactionIsolation(this.defaultIsolation);
		}
		proxy.afterPropertiesSet();
		return proxy;
	}

	/**
	 * A lazy proxy that never borrows a connection just to learn defaults.
	 */
	private static final class KnownDefaultsProxy extends LazyConnectionDataSourceProxy {

		@Override
		public void checkDefaultConnectionProperties() {
			// the defaults are configured; a borrow here would wait on the writable node
		}

	}

}
