package io.github.failoverds.benchmarks.failover;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

/**
 * A steady, open-loop write load: a request every {@value #PERIOD_MILLIS} ms, each on a thread of its own,
 * whatever the earlier requests are doing (as independent web requests would), so that a stuck request
 * never holds back the next one and every stall is measured from the moment its request was issued.
 * A request borrows a connection, inserts one row in autocommit mode, reads back the port of the server
 * that committed it, and returns the connection; a failure is recorded with its stage (borrow or statement)
 * and SQLState.
 */
final class WriteLoad {

	static final long PERIOD_MILLIS = 10;

	private static final String INSERT = "INSERT INTO writes (id) VALUES (?) RETURNING inet_server_port()";

	/** Row ids are unique across trials, so that every trial's commits can be checked on the same tables. */
	private static final AtomicLong ids = new AtomicLong();

	private final DataSource dataSource;

	private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(daemon("load-ticker"));

	private final ExecutorService requests = Executors.newCachedThreadPool(daemon("load-request"));

	private final Queue<Request> done = new ConcurrentLinkedQueue<>();

	private WriteLoad(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	/**
	 * Start issuing requests.
	 * @param dataSource where the requests borrow their connections
	 * @return the running load
	 */
	static WriteLoad start(DataSource dataSource) {
		WriteLoad load = new WriteLoad(dataSource);
		load.ticker.scheduleAtFixedRate(load::issue, 0, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
		return load;
	}

	/**
	 * Stop issuing requests and wait for those under way.
	 * @param limit the longest wait
	 * @return every request of the load
	 * @throws InterruptedException if interrupted while waiting
	 * @throws IllegalStateException if requests are still under way after the limit
	 */
	List<Request> stop(Duration limit) throws InterruptedException {
		this.ticker.shutdownNow();
		this.ticker.awaitTermination(limit.toMillis(), TimeUnit.MILLISECONDS);
		this.requests.shutdown();
		if (!this.requests.awaitTermination(limit.toMillis(), TimeUnit.MILLISECONDS)) {
			throw new IllegalStateException("Requests still under way " + limit.toSeconds() + " s after the load stopped");
		}
		return List.copyOf(this.done);
	}

	private void issue() {
		long start = System.nanoTime();
		this.requests.execute(() -> this.done.add(insert(ids.incrementAndGet(), start)));
	}

	private Request insert(long id, long start) {
		Connection connection;
		try {
			connection = this.dataSource.getConnection();
		}
		catch (SQLException | RuntimeException ex) {
			return Request.failed(id, start, System.nanoTime(), Request.Outcome.BORROW_FAILED, sqlState(ex));
		}
		try (connection; PreparedStatement statement = connection.prepareStatement(INSERT)) {
			statement.setLong(1, id);
			try (ResultSet resultSet = statement.executeQuery()) {
				resultSet.next();
				return Request.committed(id, start, System.nanoTime(), resultSet.getInt(1));
			}
		}
		catch (SQLException | RuntimeException ex) {
			return Request.failed(id, start, System.nanoTime(), Request.Outcome.STATEMENT_FAILED, sqlState(ex));
		}
	}

	private static String sqlState(Exception failure) {
		return (failure instanceof SQLException sql) ? sql.getSQLState() : null;
	}

	private static ThreadFactory daemon(String name) {
		return (runnable) -> {
			Thread thread = new Thread(runnable, name);
			thread.setDaemon(true);
			return thread;
		};
	}

}
