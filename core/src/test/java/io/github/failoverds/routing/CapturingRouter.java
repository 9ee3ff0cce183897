package io.github.failoverds.routing;

import javax.sql.DataSource;

/**
 * Read/write splitting for tests without Spring: {@code getConnection()} borrows from the write side,
 * and the read-only side is kept for the test to borrow from, as Spring's
 * {@code LazyConnectionDataSourceProxy} would for read-only work.
 */
final class CapturingRouter implements FailoverDataSource.ReadWriteRouter {

	private DataSource reader;

	@Override
	public DataSource route(DataSource writer, DataSource reader) {
		this.reader = reader;
		return writer;
	}

	/**
	 * The read-only side.
	 * @return the data source that read-only work borrows from
	 */
	DataSource reader() {
		return this.reader;
	}

}
