package io.github.failoverds.routing;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.failoverds.support.DaemonThreads;

/**
 * Delivers what the failover decision announces (log lines and listener callbacks) in the order it was
 * decided, on a thread of its own, after the decision's lock is released: a slow or failing listener
 * never delays a borrow, a probe or a health check, and never runs under a lock that request threads
 * take.
 * <p>
 * The decision {@linkplain #enqueue(Runnable) enqueues} under its lock, which fixes the order, and
 * {@linkplain #flush() flushes} after releasing it; the delivery thread runs the queue. A listener that
 * throws, even an {@link Error}, is logged and neither stops the others nor the delivery thread.
 */
final class FailoverNotifier implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(FailoverNotifier.class);

	private final List<FailoverListener> listeners;

	private final Executor delivery;

	private final Queue<Runnable> pending = new ConcurrentLinkedQueue<>();

	/**
	 * Create a notifier that delivers on a daemon thread of its own.
	 * @param listeners the listeners, called in this order
	 * @return the notifier
	 */
	static FailoverNotifier onOwnThread(List<FailoverListener> listeners) {
		return new FailoverNotifier(listeners,
				Executors.newSingleThreadExecutor(DaemonThreads.named("failover-notifications")));
	}

	/**
	 * Create a notifier.
	 * @param listeners the listeners, called in this order
	 * @param delivery where notifications run (one thread at a time, or the caller for unit tests)
	 */
	FailoverNotifier(List<FailoverListener> listeners, Executor delivery) {
		this.listeners = List.copyOf(listeners);
		this.delivery = delivery;
	}

	/**
	 * Queue a notification to every listener.
	 * @param notification the call to make on each listener
	 */
	void publish(Consumer<FailoverListener> notification) {
		enqueue(() -> {
			for (FailoverListener listener : this.listeners) {
				try {
					notification.accept(listener);
				}
				catch (Throwable ex) {
					logger.warn("Failover listener {} failed", listener.getClass().getName(), ex);
				}
			}
		});
	}

	/**
	 * Queue an action (a log line).
	 * @param action what to run
	 */
	void enqueue(Runnable action) {
		this.pending.add(action);
	}

	/**
	 * Deliver what is queued; call after the lock under which it was queued is released.
	 */
	void flush() {
		if (this.pending.isEmpty()) {
			return;
		}
		try {
			this.delivery.execute(this::drain);
		}
		catch (RejectedExecutionException ex) {
			// closed: nobody is listening any more
		}
	}

	private synchronized void drain() {
		Runnable next;
		while ((next = this.pending.poll()) != null) {
			try {
				next.run();
			}
			catch (Throwable ex) {
				logger.warn("Failover notification failed", ex);
			}
		}
	}

	/**
	 * Wait until everything queued so far has been delivered (what is queued meanwhile may not be).
	 * @param timeout the longest wait
	 * @return {@code true} if it was delivered in time
	 * @throws InterruptedException when the waiting thread is interrupted
	 */
	boolean awaitDelivered(Duration timeout) throws InterruptedException {
		CountDownLatch delivered = new CountDownLatch(1);
		enqueue(delivered::countDown);
		flush();
		return delivered.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
	}

	/**
	 * Deliver what is queued, waiting at most one second, then stop the delivery thread.
	 */
	@Override
	public void close() {
		if (this.delivery instanceof ExecutorService executor) {
			executor.shutdown();
			try {
				executor.awaitTermination(1, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

}
