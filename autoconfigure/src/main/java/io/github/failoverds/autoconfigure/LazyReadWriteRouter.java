package io.github.failoverds.autoconfigure;

import javax.sql.DataSource;

import io.github.failoverds.routing.FailoverDataSource;

import org.springframework.jdbc.datasource.LazyConnectionDataSourceProxy;

/**
 * Read/write splitting with Spring's {@link LazyConnectionDataSourceProxy}: a connection is borrowed on
 * first use, from a replica when the connection was set read-only before (which is what a
 * {@code @Transactional(readOnly = true)} transaction does), otherwise from the writable node.
 */
class LazyReadWriteRouter implements FailoverDataSource.ReadWriteRouter {

	private final boolean defaultAutoCommit;

	LazyReadWriteRouter(boolean defaultAutoCommit) {
		this.defaultAutoCommit = defaultAutoCommit;
	}

	@Override
	public DataSource route(DataSource writer, DataSource reader) {
		LazyConnectionDataSourceProxy proxy = new LazyConnectionDataSourceProxy();
		proxy.setTargetDataSource(writer);
		proxy.setReadOnlyDataSource(reader);
		proxy.setDefaultAutoCommit(this.defaultAutoCommit);
		proxy.afterPropertiesSet();
		return proxy;
	}

}
