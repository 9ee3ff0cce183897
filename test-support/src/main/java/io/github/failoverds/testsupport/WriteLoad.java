package io.github.failoverds.testsupport;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.awaitility.Awaitility;

/**
 * Writer threads that insert rows into table {@value #CREATE_TABLE} as fast as they can, one row per
 * autocommit write, each write returning the port of the server that acknowledged it. Every call is
 * recorded (start, end, acknowledging port or failure), so that tests can check latency bounds and that
 * no acknowledged commit was lost. Row ids are unique across all loads of the JVM.
 * <p>
 * Each writer works until {@link #stop(Duration)}; a write that hangs holds its thread, as it would hold
 * a request thread of an application.
 */
public final class WriteLoad implements AutoCloseable {

	/** The table every write goes to; create it on each server with {@link #createTable(DataSource)}. */
	public static final String CREATE_TABLE = "CREATE TABLE writes (id BIGINT PRIMARY KEY, writer INT NOT NULL)";

	/** One write: an insert that returns the port of the server that committed it. */
	public static final String INSERT = "INSERT INTO writes (id, writer) VALUES (?, ?) RETURNING inet_server_port()";

	private static final Duration DEFAULT_STOP_LIMIT = Duration.ofSeconds(30);

	private static final AtomicLong ids = new AtomicLong();

	private final Map<Long, Integer> acknowledged = new ConcurrentHashMap<>();

	private final Queue<Call> calls = new ConcurrentLinkedQueue<>();

	private final AtomicBoolean running = new AtomicBoolean(true);

	private final ExecutorService writers;

	private WriteLoad(int threads, ThreadFactory threadFactory, Write write) {
		this.writers = Executors.newFixedThreadPool(threads, threadFactory);
		for (int i = 0; i < threads; i++) {
			int writer = i;
			this.writers.execute(() -> {
				while (this.running.get()) {
					this.calls.add(call(write, ids.incrementAndGet(), writer));
				}
			});
		}
	}

	/**
	 * Start writer threads.
	 * @param threads how many writers
	 * @param write what each write does, e.g. {@link #jdbc(DataSource)}
	 * @return the running load
	 */
	public static WriteLoad start(int threads, Write write) {
		return start(threads, (runnable) -> {
			Thread thread = new Thread(runnable, "write-load");
			thread.setDaemon(true);
			return thread;
		}, write);
	}

	/**
	 * Start writers on threads of a factory, e.g. virtual threads ({@link VirtualThreads#factory(String)}).
	 * @param threads how many writers
	 * @param threadFactory makes each writer's thread
	 * @param write what each write does, e.g. {@link #jdbc(DataSource)}
	 * @return the running load
	 */
	public static WriteLoad start(int threads, ThreadFactory threadFactory, Write write) {
		return new WriteLoad(threads, threadFactory, write);
	}

	/**
	 * Writes in plain JDBC: borrow a connection, run {@link #INSERT}, return the connection.
	 * @param dataSource where each write borrows its connection
	 * @return the write
	 */
	public static Write jdbc(DataSource dataSource) {
		return (id, writer) -> {
			try (Connection connection = dataSource.getConnection();
					PreparedStatement statement = connection.prepareStatement(INSERT)) {
				statement.setLong(1, id);
				statement.setInt(2, writer);
				try (ResultSet resultSet = statement.executeQuery()) {
					resultSet.next();
					return resultSet.getInt(1);
				}
			}
		};
	}

	/**
	 * Create the {@code writes} table.
	 * @param dataSource a connection to one server
	 */
	public static void createTable(DataSource dataSource) {
		try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
			statement.execute(CREATE_TABLE);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Wait until the server on a port has acknowledged more writes.
	 * @param port the server's own port (as {@code inet_server_port()} reports it)
	 * @param count how many more than now
	 * @param atMost the longest wait
	 */
	public void awaitCommitsOn(int port, int count, Duration atMost) {
		long before = commitsOn(port);
		Awaitility.await(count + " more commits on port " + port)
			.atMost(atMost)
			.until(() -> commitsOn(port) >= before + count);
	}

	/**
	 * How many writes the server on a port has acknowledged so far.
	 * @param port the server's own port
	 * @return the count
	 */
	public long commitsOn(int port) {
		return this.acknowledged.values().stream().filter((p) -> p == port).count();
	}

	/**
	 * The failures of the calls finished so far.
	 * @return a copy of the failures
	 */
	public List<Exception> failures() {
		return this.calls.stream().map(Call::failure).filter(Objects::nonNull).toList();
	}

	/**
	 * The calls finished so far.
	 * @return a copy, in the order they finished
	 */
	public List<Call> calls() {
		return List.copyOf(this.calls);
	}

	/**
	 * The longest call finished so far.
	 * @return its duration, zero if none
	 */
	public Duration slowestCall() {
		return this.calls.stream().map(Call::duration).max(Duration::compareTo).orElse(Duration.ZERO);
	}

	/**
	 * The ids that a server acknowledged but that are not in its table: lost commits.
	 * @param server the server, queried directly
	 * @return the missing ids, empty when nothing was lost
	 */
	public Set<Long> missingCommitsOn(EmbeddedPostgresNode server) {
		Set<Long> missing = new HashSet<>();
		this.acknowledged.forEach((id, port) -> {
			if (port == server.port()) {
				missing.add(id);
			}
		});
		return missingOf(missing, server.directDataSource());
	}

	/**
	 * The ids that any server acknowledged but that are not in this server's table: the commits lost by
	 * a failover to it, when the others replicated to it.
	 * @param server the server, queried directly
	 * @return the missing ids, empty when nothing was lost
	 */
	public Set<Long> missingAcknowledgedCommitsOn(EmbeddedPostgresNode server) {
		return missingOf(new HashSet<>(this.acknowledged.keySet()), server.directDataSource());
	}

	/**
	 * The ids that any server acknowledged but that are not in the table the data source reaches.
	 * @param server a data source of the server to check (not through a failover data source)
	 * @return the missing ids, empty when nothing was lost
	 */
	public Set<Long> missingAcknowledgedCommitsIn(DataSource server) {
		return missingOf(new HashSet<>(this.acknowledged.keySet()), server);
	}

	private static Set<Long> missingOf(Set<Long> missing, DataSource server) {
		try (Connection connection = server.getConnection();
				Statement statement = connection.createStatement();
				ResultSet present = statement.executeQuery("SELECT id FROM writes")) {
			while (present.next()) {
				missing.remove(present.getLong(1));
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
		return missing;
	}

	/**
	 * Stop every writer, letting writes under way finish.
	 * @param limit the longest wait for the writers
	 * @throws IllegalStateException if a writer is still busy after the limit
	 */
	public void stop(Duration limit) {
		this.running.set(false);
		this.writers.shutdown();
		try {
			if (!this.writers.awaitTermination(limit.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new IllegalStateException("Writers still busy " + limit.toMillis() + " ms after the load stopped");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Stop the writers, waiting at most 30 s; harmless after {@link #stop(Duration)}.
	 */
	@Override
	public void close() {
		stop(DEFAULT_STOP_LIMIT);
	}

	private Call call(Write write, long id, int writer) {
		long start = System.nanoTime();
		try {
			int port = write.insert(id, writer);
			this.acknowledged.put(id, port);
			return new Call(start, System.nanoTime(), port, null);
		}
		catch (Exception ex) {
			return new Call(start, System.nanoTime(), 0, ex);
		}
	}

	/**
	 * One write of a writer.
	 */
	@FunctionalInterface
	public interface Write {

		/**
		 * Insert a row and report who committed it.
		 * @param id the row id, unique in the JVM
		 * @param writer the writer's number
		 * @return the port of the server that acknowledged the commit
		 * @throws Exception when the write failed
		 */
		int insert(long id, int writer) throws Exception;

	}

	/**
	 * One finished call.
	 *
	 * @param startNanos when it started ({@link System#nanoTime()})
	 * @param endNanos when it ended
	 * @param port the port of the server that acknowledged it, {@code 0} when it failed
	 * @param failure why it failed, {@code null} when acknowledged
	 */
	public record Call(long startNanos, long endNanos, int port, Exception failure) {

		/**
		 * How long the call took.
		 * @return the duration
		 */
		public Duration duration() {
			return Duration.ofNanos(this.endNanos - this.startNanos);
		}

	}

}
