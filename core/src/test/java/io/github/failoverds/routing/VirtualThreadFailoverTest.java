package io.github.failoverds.routing;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.failoverds.testsupport.PinnedCarrierRecording;
import io.github.failoverds.testsupport.VirtualThreads;
import io.github.failoverds.testsupport.WriteLoad;

import static io.github.failoverds.routing.ProxiedCluster.MARGIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * 200 virtual threads writing through pools of 10 while the primary is SIGKILLed: writes continue on the
 * standby, every thread finishes (no deadlock), no acknowledged commit is lost, and, once the JVM has loaded the
 * classes of the error path, no virtual thread is pinned to its carrier ({@code jdk.VirtualThreadPinned},
 * recorded with threshold 0).
 * <p>
 * Needs Java 21 or later; the build runs it on the Java 25 JDK where there is one (profile {@code java25} of this
 * module), and skips it on older JVMs.
 */
@EnabledForJreRange(min = JRE.JAVA_21, disabledReason = "virtual threads need Java 21 or later")
class VirtualThreadFailoverTest extends FaultInjectionTestSupport {

	private static final Logger LOGGER = LoggerFactory.getLogger(VirtualThreadFailoverTest.class);

	private static final int THREADS = 200;

	private static final int POOL_SIZE = 10;

	/** Longest wait for the writers to finish once the load stops; only a hung writer (a deadlock) reaches it. */
	private static final Duration STOP_LIMIT = Duration.ofSeconds(20);

	/**
	 * Two crashes of the primary, with a fail-back between them. In the first, the JVM loads and initialises the
	 * classes of the error path (pgjdbc's messages, the logger's exception rendering) while the writers fail, and
	 * a virtual thread that waits for that is pinned: Java 25 still pins during class loading and initialisation
	 * (JEP 491 unpinned {@code synchronized} only). Those events are logged, not asserted. The second crash takes
	 * the same path in a warm JVM, and there no virtual thread may be pinned at all.
	 */
	@Test
	void virtualThreadsWriteThroughCrashesOfThePrimaryWithoutPinningACarrier() {
		assumeTrue(VirtualThreads.available(), VirtualThreads::unavailableReason);
		start((config) -> config.setMaximumPoolSize(POOL_SIZE));
		WriteLoad load = startLoad(THREADS, VirtualThreads.factory("writer-"));
		List<RecordedEvent> coldPins;
		try (PinnedCarrierRecording recording = PinnedCarrierRecording.start()) {
			load.awaitCommitsOn(primaryPort(), 200, LOAD_START);
			crashPrimaryAndAwaitWritesOnStandby(load);
			coldPins = recording.stop();
		}
		LOGGER.info("Virtual threads pinned in the first failover on Java {} (class loading and initialisation):\n{}",
				Runtime.version(), PinnedCarrierRecording.describe(coldPins));
		this.cluster.server(0).restart();
		await().atMost(ProxiedCluster.failbackBound().plus(MARGIN)).until(() -> "primary".equals(activeNodeName()));
		load.awaitCommitsOn(primaryPort(), 200, LOAD_START);
		List<RecordedEvent> warmPins;
		try (PinnedCarrierRecording recording = PinnedCarrierRecording.start()) {
			crashPrimaryAndAwaitWritesOnStandby(load);
			stopWithinLimit(load);
			warmPins = recording.stop();
		}
		this.cluster.server(0).restart();
		this.cluster.assertNoAcknowledgedCommitLost(load);
		assertOnlyTransientFailures(load);
		assertThat(warmPins).as("virtual threads pinned to their carrier in the second failover on Java %s:%n%s",
				Runtime.version(), PinnedCarrierRecording.describe(warmPins))
			.isEmpty();
	}

	/**
	 * The pinning check can fail: a virtual thread that parks while it initialises a class cannot leave its carrier,
	 * even on Java 24 and later (JEP 491 unpinned only {@code synchronized}), and the recording sees it.
	 */
	@Test
	void recordingSeesAVirtualThreadPinnedByAClassInitializer() throws InterruptedException {
		assumeTrue(VirtualThreads.available(), VirtualThreads::unavailableReason);
		List<RecordedEvent> pinned;
		try (PinnedCarrierRecording recording = PinnedCarrierRecording.start()) {
			Thread thread = VirtualThreads.factory("pinned-").newThread(ParksInItsInitializer::touch);
			thread.start();
			thread.join();
			pinned = recording.stop();
		}
		assertThat(pinned).as("pinned events on Java %s", Runtime.version())
			.anySatisfy((event) -> assertThat(event.getString("pinnedReason")).contains("<clinit>"));
	}

	private void crashPrimaryAndAwaitWritesOnStandby(WriteLoad load) {
		this.cluster.server(0).kill();
		await().atMost(ProxiedCluster.failoverBound().plus(MARGIN)).until(() -> "standby-1".equals(activeNodeName()));
		load.awaitCommitsOn(standbyPort(), 200, LOAD_START);
	}

	private static void stopWithinLimit(WriteLoad load) {
		try {
			load.stop(STOP_LIMIT);
		}
		catch (IllegalStateException ex) {
			fail("Virtual threads did not finish on Java " + Runtime.version() + " (" + ex.getMessage() + "):\n"
					+ VirtualThreads.threadDump(), ex);
		}
	}

	/** Parks its initialising thread for a millisecond. */
	private static final class ParksInItsInitializer {

		static {
			LockSupport.parkNanos(1_000_000L);
		}

		static void touch() {
		}

	}

}
