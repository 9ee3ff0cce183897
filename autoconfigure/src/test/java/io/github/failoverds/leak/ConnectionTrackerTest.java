package io.github.failoverds.leak;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

/**
 * Leak detection on its own, over mock connections.
 */
@ExtendWith(OutputCaptureExtension.class)
class ConnectionTrackerTest {

	private static final Duration THRESHOLD = Duration.ofMillis(200);

	private ConnectionTracker tracker;

	@AfterEach
	void closeTracker() {
		if (this.tracker != null) {
			this.tracker.close();
		}
	}

	@Test
	void aConnectionHeldPastTheThresholdIsReportedUntilItIsReturned(CapturedOutput output) throws Exception {
		this.tracker = new ConnectionTracker(THRESHOLD, true, 4, Clock.systemUTC());
		Connection pooled = mock(Connection.class);
		AtomicReference<Connection> borrowed = new AtomicReference<>();
		Thread holder = new Thread(() -> borrowed.set(borrowAndHold(pooled)), "leaky-worker");
		holder.start();
		holder.join();

		await().atMost(Duration.ofSeconds(10)).until(() -> this.tracker.suspectedLeakCount() == 1);
		assertThat(this.tracker.detectedLeakCount()).isEqualTo(1);
		assertThat(this.tracker.suspectedLeaks()).singleElement().satisfies((leak) -> {
			assertThat(leak.node()).isEqualTo("primary");
			assertThat(leak.thread()).isEqualTo("leaky-worker");
			assertThat(leak.heldFor()).isGreaterThanOrEqualTo(THRESHOLD);
			assertThat(leak.stackTrace()).contains("borrowAndHold");
		});
		assertThat(output).containsOnlyOnce("Suspected connection leak: a connection from node 'primary'")
			.contains("leaky-worker")
			.contains("borrowAndHold");

		borrowed.get().close();
		assertThat(this.tracker.suspectedLeaks()).isEmpty();
		assertThat(this.tracker.suspectedLeakCount()).isZero();
		assertThat(this.tracker.detectedLeakCount()).isEqualTo(1);
		assertThat(output).containsOnlyOnce("Suspected connection leak returned");
		verify(pooled).close();
	}

	@Test
	void aConnectionReturnedInTimeIsNeverReported(CapturedOutput output) throws Exception {
		this.tracker = new ConnectionTracker(THRESHOLD, true, 4, Clock.systemUTC());
		Connection pooled = mock(Connection.class);
		this.tracker.track(pooled, "primary").close();
		Connection held = this.tracker.track(mock(Connection.class), "primary");
		// the sweeper flags the connection, then logs it: wait for the log line, not only the flag
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.tracker.suspectedLeakCount() == 1 && output.toString().contains("Suspected connection leak:"));
		held.close();
		assertThat(this.tracker.detectedLeakCount()).isEqualTo(1);
		assertThat(output).containsOnlyOnce("Suspected connection leak:");
	}

	@Test
	void connectionsBeyondTheCapacityAreTrackedToo() throws Exception {
		this.tracker = new ConnectionTracker(THRESHOLD, false, 1, Clock.systemUTC());
		Connection first = this.tracker.track(mock(Connection.class), "primary");
		Connection second = this.tracker.track(mock(Connection.class), "standby-1");
		await().atMost(Duration.ofSeconds(10)).until(() -> this.tracker.suspectedLeakCount() == 2);
		assertThat(this.tracker.suspectedLeaks()).extracting(SuspectedLeak::node)
			.containsExactlyInAnyOrder("primary", "standby-1");
		second.close();
		assertThat(this.tracker.suspectedLeaks()).extracting(SuspectedLeak::node).containsExactly("primary");
		first.close();
		assertThat(this.tracker.suspectedLeakCount()).isZero();
		assertThat(this.tracker.detectedLeakCount()).isEqualTo(2);
	}

	@Test
	void closingTwiceReturnsOnceAndClosesThePooledConnectionEachTime() throws Exception {
		this.tracker = new ConnectionTracker(THRESHOLD, false, 4, Clock.systemUTC());
		Connection pooled = mock(Connection.class);
		Connection tracked = this.tracker.track(pooled, "primary");
		await().atMost(Duration.ofSeconds(10)).until(() -> this.tracker.suspectedLeakCount() == 1);
		assertThat(this.tracker.suspectedLeaks()).singleElement()
			.satisfies((leak) -> assertThat(leak.stackTrace()).isNull());
		tracked.close();
		tracked.close();
		assertThat(this.tracker.suspectedLeakCount()).isZero();
		verify(pooled, times(2)).close();
	}

	@Test
	void abortReturnsTheConnection() throws Exception {
		this.tracker = new ConnectionTracker(Duration.ofMinutes(5), true, 4, Clock.systemUTC());
		Connection tracked = this.tracker.track(mock(Connection.class), "primary");
		tracked.abort(Runnable::run);
		tracked.close();
		this.tracker.sweep();
		assertThat(this.tracker.suspectedLeakCount()).isZero();
		assertThat(this.tracker.detectedLeakCount()).isZero();
	}

	@Test
	void unwrapAndIsWrapperForGoToThePooledConnection() throws SQLException {
		this.tracker = new ConnectionTracker(Duration.ofMinutes(5), true, 4, Clock.systemUTC());
		Connection pooled = mock(Connection.class);
		Connection driverConnection = mock(Connection.class);
		given(pooled.unwrap(Connection.class)).willReturn(driverConnection);
		given(pooled.isWrapperFor(Connection.class)).willReturn(true);
		Connection tracked = this.tracker.track(pooled, "primary");
		assertThat(tracked).isNotSameAs(pooled);
		assertThat(tracked.unwrap(Connection.class)).isSameAs(driverConnection);
		assertThat(tracked.isWrapperFor(Connection.class)).isTrue();
	}

	@Test
	void aZeroThresholdTracksNothing() {
		this.tracker = new ConnectionTracker(Duration.ZERO, true, 4, Clock.systemUTC());
		Connection pooled = mock(Connection.class);
		assertThat(this.tracker.isEnabled()).isFalse();
		assertThat(this.tracker.track(pooled, "primary")).isSameAs(pooled);
		assertThat(this.tracker.suspectedLeaks()).isEmpty();
	}

	@Test
	void closeStopsTheSweeperThread() {
		Set<Thread> before = sweeperThreads();
		this.tracker = new ConnectionTracker(THRESHOLD, true, 4, Clock.systemUTC());
		Set<Thread> started = sweeperThreads();
		started.removeAll(before);
		assertThat(started).singleElement().satisfies((thread) -> assertThat(thread.isDaemon()).isTrue());
		this.tracker.close();
		await().atMost(Duration.ofSeconds(10)).until(() -> started.stream().noneMatch(Thread::isAlive));
	}

	private static Set<Thread> sweeperThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.getName().equals("failover-leak-detector"))
			.collect(Collectors.toSet());
	}

	private Connection borrowAndHold(Connection pooled) {
		return this.tracker.track(pooled, "primary");
	}

}
