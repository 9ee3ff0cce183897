package io.github.failoverds.leak;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * How a tracked connection comes back: two returns of one connection that interleave (two threads
 * closing it at once) free its slot once, so a connection that claimed the slot in between stays
 * tracked; and an aborted connection, which HikariCP counts as borrowed until it is closed, stays
 * tracked until then. Over HikariCP pools of H2 in-memory databases.
 */
class ConnectionReturnTest {

	/** Short, so that a connection still tracked is soon reported. */
	private static final Duration THRESHOLD = Duration.ofMillis(1);

	private static final Duration REPORTED = Duration.ofSeconds(5);

	private ConnectionTracker tracker;

	private HikariDataSource pool;

	@AfterEach
	void close() {
		this.tracker.close();
		this.pool.close();
	}

	@Test
	void interleavedReturnsOfOneConnectionFreeItsSlotOnce() throws SQLException {
		start(2, 1);
		TrackedConnection first = (TrackedConnection) this.tracker.track(this.pool.getConnection(), "first");
		int claimedByOneThread = first.claimReturn();
		int claimedByAnother = first.claimReturn();
		first.release(claimedByOneThread);
		// the only slot is free: the next borrow takes it
		Connection second = this.tracker.track(this.pool.getConnection(), "second");
		first.release(claimedByAnother);
		await().atMost(REPORTED)
			.untilAsserted(() -> assertThat(this.tracker.suspectedLeaks()).extracting(SuspectedLeak::node)
				.containsExactly("second"));
		second.close();
		assertThat(this.tracker.suspectedLeaks()).isEmpty();
	}

	@Test
	void anAbortedConnectionIsHeldAndReportedUntilItIsClosed() throws SQLException {
		start(1, 1);
		Connection aborted = this.tracker.track(this.pool.getConnection(), "aborted");
		aborted.abort(Runnable::run);
		HikariPoolMXBean figures = this.pool.getHikariPoolMXBean();
		assertThat(figures.getActiveConnections()).as("borrowed from the pool after abort()").isOne();
		await().atMost(REPORTED)
			.untilAsserted(() -> assertThat(this.tracker.suspectedLeaks()).extracting(SuspectedLeak::node)
				.containsExactly("aborted"));
		aborted.close();
		assertThat(figures.getActiveConnections()).isZero();
		assertThat(this.tracker.suspectedLeaks()).isEmpty();
		assertThat(this.tracker.detectedLeakCount()).isOne();
	}

	private void start(int poolSize, int trackerCapacity) {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl("jdbc:h2:mem:");
		config.setMaximumPoolSize(poolSize);
		this.pool = new HikariDataSource(config);
		this.tracker = new ConnectionTracker(THRESHOLD, false, trackerCapacity, Clock.systemUTC());
	}

}
