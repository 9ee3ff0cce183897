package io.github.failoverds.routing;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Lets borrows wait, blocked, for a writable node while there is none (a primary crashed and its replica
 * is not promoted yet, or every node is DOWN), and wakes them the moment the failover decision has one.
 * No polling: a waiting borrow parks on a latch that the decision opens when it chooses an active node,
 * and replaces by a closed one when it loses it. Waiting threads are counted for health and metrics.
 */
final class WritableNodeSignal {

	private final AtomicInteger waiting = new AtomicInteger();

	private volatile CountDownLatch writable = new CountDownLatch(0);

	private volatile boolean shutDown;

	/**
	 * The decision lost its active node: later waits block. Called before the active node is cleared.
	 */
	void block() {
		if (this.writable.getCount() == 0) {
			this.writable = new CountDownLatch(1);
		}
	}

	/**
	 * The decision has an active node again: wake every waiting borrow. Called after it is set.
	 */
	void release() {
		this.writable.countDown();
	}

	/**
	 * The data source is closing: wake every waiting borrow, and let none wait from now on.
	 */
	void shutDown() {
		this.shutDown = true;
		this.writable.countDown();
	}

	/**
	 * Wait until the supplier returns a node, at most until the deadline.
	 * @param active the active node, {@code null} while there is none
	 * @param deadlineNanos the {@link System#nanoTime()} to give up at
	 * @return the active node, or {@code null} when the deadline passed first or the data source is closing
	 * @throws InterruptedException when the waiting thread is interrupted
	 */
	DatabaseNode await(Supplier<DatabaseNode> active, long deadlineNanos) throws InterruptedException {
		this.waiting.incrementAndGet();
		try {
			while (true) {
				CountDownLatch latch = this.writable;
				DatabaseNode node = active.get();
				long remaining = deadlineNanos - System.nanoTime();
				if (node != null || remaining <= 0 || this.shutDown) {
					return node;
				}
				latch.await(remaining, TimeUnit.NANOSECONDS);
			}
		}
		finally {
			this.waiting.decrementAndGet();
		}
	}

	/**
	 * How many borrows wait for a writable node now.
	 * @return the count
	 */
	int waiting() {
		return this.waiting.get();
	}

}
