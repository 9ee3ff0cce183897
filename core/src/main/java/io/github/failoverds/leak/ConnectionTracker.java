package io.github.failoverds.leak;

import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.failoverds.support.DaemonThreads;

/**
 * Leak detection: tracks every borrowed connection and reports one held longer than a threshold as a
 * suspected leak.
 * <p>
 * A borrow costs one small wrapper object and one compare-and-set on a slot of a fixed array sized to
 * the pools' total capacity (plus the capture of the borrowing thread's stack when that is enabled); a
 * return is one atomic exchange on the connection's state, which only one of several returns at once
 * wins, and one release store that frees the slot. There is no lock, no logging and no clock call on
 * the borrow path: the borrow time is read from a coarse clock that the sweeper advances, so held times
 * are accurate to one sweep period (a quarter of the threshold, at most one second). Should more
 * connections be out than the array holds, the extra ones go to a concurrent set. A sweeper on a daemon
 * thread of its own ({@code failover-leak-detector}) flags the connections held past the threshold:
 * each is logged once at WARN with its node, thread, held time and borrow stack, counted, and listed by
 * {@link #suspectedLeaks()} until it is closed, which is logged at INFO (an aborted connection that is
 * not closed stays listed: HikariCP still counts it as borrowed).
 * <p>
 * With a threshold of zero the tracker is off: {@link #track(Connection, String)} returns the
 * connection itself and no thread is started.
 */
public final class ConnectionTracker implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(ConnectionTracker.class);

	private static final Duration LONGEST_SWEEP_PERIOD = Duration.ofSeconds(1);

	private static final Duration SHORTEST_SWEEP_PERIOD = Duration.ofMillis(10);

	private final long thresholdNanos;

	private final boolean captureStackTrace;

	private final Clock clock;

	/**
	 * One slot in every {@link #SLOT_STRIDE} array elements, the first stride left empty, so that no two
	 * slots share a cache line, and no slot shares one with the array's header (read by every access),
	 * and threads borrowing at once do not contend on one.
	 */
	private static final int SLOT_STRIDE = 16;

	private static final int SLOT_SHIFT = Integer.numberOfTrailingZeros(SLOT_STRIDE);

	private final AtomicReferenceArray<TrackedConnection> slots;

	private final int slotMask;

	private final Set<TrackedConnection> overflow = ConcurrentHashMap.newKeySet();

	private volatile long coarseNanos = System.nanoTime();

	private final LongAdder detected = new LongAdder();

	private final ScheduledExecutorService sweeper;

	/**
	 * Create a tracker and, unless the threshold is zero, start its sweeper.
	 * @param threshold how long a connection may be held before it is a suspected leak; zero turns
	 * tracking off
	 * @param captureStackTrace whether to record the borrowing thread's stack with each borrow
	 * @param capacity how many connections can be out at once (the sum of the pools' maximum sizes)
	 * @param clock stamps the borrow time shown in the reports
	 */
	public ConnectionTracker(Duration threshold, boolean captureStackTrace, int capacity, Clock clock) {
		this.thresholdNanos = threshold.toNanos();
		int slotCount = isEnabled() ? slotCount(capacity) : 0;
		this.slots = new AtomicReferenceArray<>(isEnabled() ? (slotCount + 1) * SLOT_STRIDE : 0);
		this.slotMask = slotCount - 1;
		this.captureStackTrace = captureStackTrace;
		this.clock = clock;
		this.sweeper = isEnabled() ? startSweeper(sweepPeriod(threshold)) : null;
	}

	/**
	 * Whether connections are tracked.
	 * @return {@code false} when the threshold is zero
	 */
	public boolean isEnabled() {
		return this.thresholdNanos > 0;
	}

	/**
	 * Start tracking a connection just borrowed by the calling thread.
	 * @param connection the pool's connection
	 * @param node the node it came from
	 * @return the connection to hand to the application: a tracking wrapper, or the connection itself
	 * when tracking is off
	 */
	public Connection track(Connection connection, String node) {
		if (this.sweeper == null) {
			return connection;
		}
		Thread thread = Thread.currentThread();
		TrackedConnection tracked = new TrackedConnection(connection, this, node, thread.getName(), this.coarseNanos,
				this.captureStackTrace ? new BorrowSite() : null);
		// the thread's id, not its identity hash: a thread whose monitor was ever waited on (Thread.join) has its
		// identity hash behind that monitor, a call into the VM; ids are consecutive, so threads spread over slots
		tracked.slot = claimSlot(tracked, (int) thread.getId());
		return tracked;
	}

	/**
	 * Put a connection in the first free slot from a per-thread starting point, or in the overflow set.
	 * @return the slot, or {@code -1} for the overflow set
	 */
	private int claimSlot(TrackedConnection connection, int hint) {
		for (int i = 0; i <= this.slotMask; i++) {
			int slot = (((hint + i) & this.slotMask) + 1) << SLOT_SHIFT;
			if (this.slots.getPlain(slot) == null && this.slots.compareAndSet(slot, null, connection)) {
				return slot;
			}
		}
		this.overflow.add(connection);
		return -1;
	}

	/**
	 * The smallest power of two that holds the capacity, so that a slot is found with a mask.
	 */
	private static int slotCount(int capacity) {
		return (capacity <= 1) ? 1 : Integer.highestOneBit(capacity - 1) << 1;
	}

	/**
	 * The connections held past the threshold and not returned yet.
	 * @return a snapshot, longest held first
	 */
	public List<SuspectedLeak> suspectedLeaks() {
		long nowNanos = System.nanoTime();
		Instant now = this.clock.instant();
		List<SuspectedLeak> leaks = new ArrayList<>();
		forEachBorrowed((connection) -> {
			if (connection.isSuspected()) {
				leaks.add(connection.report(nowNanos, now));
			}
		});
		leaks.sort((first, second) -> second.heldFor().compareTo(first.heldFor()));
		return leaks;
	}

	/**
	 * How many suspected leaks are out now.
	 * @return the number of connections held past the threshold and not returned yet
	 */
	public long suspectedLeakCount() {
		LongAdder suspected = new LongAdder();
		forEachBorrowed((connection) -> {
			if (connection.isSuspected()) {
				suspected.increment();
			}
		});
		return suspected.sum();
	}

	/**
	 * How many suspected leaks were detected since start, returned or not.
	 * @return the count
	 */
	public long detectedLeakCount() {
		return this.detected.sum();
	}

	/**
	 * Flag the connections held past the threshold; runs on the sweeper thread.
	 */
	void sweep() {
		long nowNanos = System.nanoTime();
		this.coarseNanos = nowNanos;
		forEachBorrowed((connection) -> {
			Duration heldFor = connection.heldFor(nowNanos);
			if (heldFor.toNanos() >= this.thresholdNanos && connection.markSuspected()) {
				this.detected.increment();
				logger.warn("Suspected connection leak: a connection from node '{}' has been held by thread '{}' for "
						+ "{} ms (threshold {} ms); it stays listed until it is returned{}", connection.node(),
						connection.thread(), heldFor.toMillis(), Duration.ofNanos(this.thresholdNanos).toMillis(),
						(connection.borrowSite() != null) ? "" : " (stack trace capture is off)",
						connection.borrowSite());
			}
		});
	}

	private void forEachBorrowed(Consumer<TrackedConnection> action) {
		for (int i = SLOT_STRIDE; i < this.slots.length(); i += SLOT_STRIDE) {
			TrackedConnection connection = this.slots.get(i);
			if (connection != null) {
				action.accept(connection);
			}
		}
		this.overflow.forEach(action);
	}

	/**
	 * A tracked connection was closed; called once per connection, so its slot still holds it.
	 * @param connection the connection
	 * @param wasSuspected whether it had been flagged as a suspected leak
	 */
	void returned(TrackedConnection connection, boolean wasSuspected) {
		if (connection.slot >= 0) {
			this.slots.setRelease(connection.slot, null);
		}
		else {
			this.overflow.remove(connection);
		}
		if (wasSuspected) {
			logger.info("Suspected connection leak returned: the connection from node '{}' borrowed by thread '{}' "
					+ "was held for {} ms", connection.node(), connection.thread(),
					connection.heldFor(System.nanoTime()).toMillis());
		}
	}

	/**
	 * Stop the sweeper. Connections still out are no longer watched.
	 */
	@Override
	public void close() {
		if (this.sweeper != null) {
			this.sweeper.shutdownNow();
		}
	}

	private ScheduledExecutorService startSweeper(Duration period) {
		ScheduledExecutorService executor = Executors
			.newSingleThreadScheduledExecutor(DaemonThreads.named("failover-leak-detector"));
		long periodNanos = period.toNanos();
		executor.scheduleWithFixedDelay(this::sweepAndCarryOn, periodNanos, periodNanos, TimeUnit.NANOSECONDS);
		return executor;
	}

	/**
	 * One sweep; a throwable is logged and never ends the schedule (a cancelled schedule would stop leak
	 * detection for good, silently).
	 */
	void sweepAndCarryOn() {
		try {
			sweep();
		}
		catch (Throwable ex) {
			logger.error("Leak detection sweep failed; sweeping goes on", ex);
		}
	}

	/**
	 * A quarter of the threshold, between 10 ms and 1 s: a leak is flagged at most that late.
	 */
	private static Duration sweepPeriod(Duration threshold) {
		Duration quarter = threshold.dividedBy(4);
		if (quarter.compareTo(SHORTEST_SWEEP_PERIOD) < 0) {
			return SHORTEST_SWEEP_PERIOD;
		}
		return (quarter.compareTo(LONGEST_SWEEP_PERIOD) > 0) ? LONGEST_SWEEP_PERIOD : quarter;
	}

}
