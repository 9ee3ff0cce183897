package io.github.failoverds.health;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.failoverds.support.DaemonThreads;

/**
 * The probe loop: probes every node on threads of its own, never on a request thread. Each node has a
 * scheduling thread and an I/O thread; the scheduling thread waits at most {@code timeout} for a check,
 * then aborts it and reports a failure, so a black-holed node cannot stall its loop. At most one check
 * per node is ever in flight: while a stuck check has not returned, each tick reports a failure without
 * starting another.
 * <p>
 * Ticks are spaced by a fixed delay from the end of the previous one, never run back to back to catch
 * up, so {@code recovery-threshold} healthy probes always take about that many intervals. Three things
 * make a node's next probe come sooner: a failed probe is confirmed at once (the next one starts as
 * soon as it has ended, until {@code failure-threshold} failures in a row are reached), so a node that
 * stops answering is DOWN within {@code interval + failure-threshold × timeout} rather than after that
 * many intervals more; {@link #probeSoon(String)} (news from a request thread, such as a write refused
 * as read-only); and {@linkplain #setUrgent(boolean) urgent mode}, used while no node is writable and
 * callers wait for one, in which every node is probed every {@link #URGENT_INTERVAL}, a read-only node
 * over a new connection each time (its address may lead to another server by now). A throwable from a
 * tick (a listener's {@code Error} included) is logged and never ends the schedule.
 */
public final class NodeHealthMonitor implements AutoCloseable {

	/** Probe period of every node while no node is writable (see {@link #setUrgent(boolean)}). */
	public static final Duration URGENT_INTERVAL = Duration.ofMillis(50);

	private static final Logger logger = LoggerFactory.getLogger(NodeHealthMonitor.class);

	private final Duration interval;

	private final Duration timeout;

	private final int failureThreshold;

	private final Clock clock;

	private final List<NodeLoop> loops = new ArrayList<>();

	private volatile boolean urgent;

	private volatile boolean started;

	/**
	 * Create a monitor; add nodes, then {@link #start()} it.
	 * @param interval probe period per node
	 * @param timeout limit of one probe
	 * @param failureThreshold failed probes in a row that make a node DOWN: the failures before the last
	 * one are followed by the next probe at once
	 * @param clock stamps the results
	 */
	public NodeHealthMonitor(Duration interval, Duration timeout, int failureThreshold, Clock clock) {
		this.interval = interval;
		this.timeout = timeout;
		this.failureThreshold = failureThreshold;
		this.clock = clock;
	}

	/**
	 * Add a node to monitor.
	 * @param name node name, used in thread names
	 * @param probe checks the node
	 * @param results receives every result, on the node's scheduling thread
	 */
	public void add(String name, NodeProbe probe, Consumer<ProbeResult> results) {
		this.loops.add(new NodeLoop(name, probe, results));
	}

	/**
	 * Probe every node once, in parallel, and wait for the results (at most about one timeout).
	 */
	public void probeAllOnce() {
		List<CompletableFuture<Void>> rounds = new ArrayList<>();
		for (NodeLoop loop : this.loops) {
			rounds.add(CompletableFuture.runAsync(loop::tick, loop.scheduler));
		}
		CompletableFuture.allOf(rounds.toArray(CompletableFuture[]::new)).join();
	}

	/**
	 * Start the periodic probes.
	 */
	public void start() {
		this.started = true;
		for (NodeLoop loop : this.loops) {
			loop.scheduleNext(currentInterval());
		}
	}

	/**
	 * Probe a node as soon as its check in flight, if any, is over, instead of at its next tick.
	 * @param name the node's name
	 */
	public void probeSoon(String name) {
		for (NodeLoop loop : this.loops) {
			if (loop.name.equals(name)) {
				loop.probeSoon();
			}
		}
	}

	/**
	 * Switch urgent mode: while on, every node is probed every {@link #URGENT_INTERVAL} (or the normal
	 * interval, if that is shorter), so that a node that becomes writable, such as a replica just
	 * promoted, is seen within that time. Switching it on probes every node soon.
	 * @param urgent whether callers are waiting for a writable node
	 */
	public void setUrgent(boolean urgent) {
		if (this.urgent == urgent) {
			return;
		}
		this.urgent = urgent;
		if (urgent) {
			this.loops.forEach(NodeLoop::probeSoon);
		}
	}

	private Duration currentInterval() {
		return (this.urgent && URGENT_INTERVAL.compareTo(this.interval) < 0) ? URGENT_INTERVAL : this.interval;
	}

	/**
	 * Stop every probe thread and close the probes' connections, waiting at most about one probe
	 * timeout for a check that is still running to give up.
	 */
	@Override
	public void close() {
		this.started = false;
		for (NodeLoop loop : this.loops) {
			loop.scheduler.shutdownNow();
			loop.io.shutdownNow();
			loop.probe.close();
		}
		long deadline = System.nanoTime() + this.timeout.toNanos();
		for (NodeLoop loop : this.loops) {
			awaitUntil(loop.scheduler, deadline);
			awaitUntil(loop.io, deadline);
		}
	}

	private static void awaitUntil(ExecutorService executor, long deadlineNanos) {
		try {
			executor.awaitTermination(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private final class NodeLoop {

		private final String name;

		private final NodeProbe probe;

		private final Consumer<ProbeResult> results;

		private final ScheduledThreadPoolExecutor scheduler;

		private final ExecutorService io;

		private Future<ProbeResult> inFlight;

		/** The next scheduled tick; only touched on the scheduling thread, or before the loop starts. */
		private ScheduledFuture<?> next;

		/** Failed probes in a row; only touched on the scheduling thread. */
		private int failuresInARow;

		NodeLoop(String name, NodeProbe probe, Consumer<ProbeResult> results) {
			this.name = name;
			this.probe = probe;
			this.results = results;
			this.scheduler = new ScheduledThreadPoolExecutor(1, DaemonThreads.named("failover-probe-" + name));
			this.scheduler.setRemoveOnCancelPolicy(true);
			this.io = Executors.newSingleThreadExecutor(DaemonThreads.named("failover-probe-io-" + name));
		}

		/**
		 * Run one tick, then schedule the next one a full interval after this one ended, or at once to
		 * confirm a failure.
		 */
		private void scheduledTick() {
			tick();
			scheduleNext(confirmingFailure() ? Duration.ZERO : currentInterval());
		}

		/**
		 * Whether the last probe failed and fewer than {@code failure-threshold} failed in a row: the next
		 * probe confirms (or clears) the failure without waiting an interval.
		 */
		private boolean confirmingFailure() {
			return this.failuresInARow > 0 && this.failuresInARow < NodeHealthMonitor.this.failureThreshold;
		}

		void scheduleNext(Duration delay) {
			if (!NodeHealthMonitor.this.started) {
				return;
			}
			try {
				this.next = this.scheduler.schedule(this::scheduledTick, delay.toNanos(), TimeUnit.NANOSECONDS);
			}
			catch (RejectedExecutionException ex) {
				// closed meanwhile
			}
		}

		/**
		 * Replace the next scheduled tick by one that runs as soon as the scheduling thread is free. Runs
		 * on the scheduling thread, like every change of {@link #next}.
		 */
		void probeSoon() {
			if (!NodeHealthMonitor.this.started) {
				return;
			}
			try {
				this.scheduler.execute(() -> {
					if (this.next != null && this.next.cancel(false)) {
						scheduledTick();
					}
				});
			}
			catch (RejectedExecutionException ex) {
				// closed meanwhile
			}
		}

		void tick() {
			try {
				ProbeResult result = probeOnce();
				if (result != null) {
					this.failuresInARow = result.healthy() ? 0 : this.failuresInARow + 1;
					this.results.accept(result);
					if (NodeHealthMonitor.this.urgent && result.role() == NodeRole.REPLICA) {
						// a single endpoint (a DNS name, a service) may have moved to a new primary since
						this.probe.reconnect();
					}
				}
			}
			catch (Throwable ex) {
				logger.error("Probe of database node '{}' failed unexpectedly; probing goes on", this.name, ex);
			}
		}

		/**
		 * One check within one timeout, counted from the tick's start, so that each failure in a row costs at
		 * most one timeout: the wait for the check an earlier tick aborted (it usually returns at once, its
		 * connection closed under it) comes out of it.
		 */
		private ProbeResult probeOnce() {
			long start = System.nanoTime();
			long deadline = start + NodeHealthMonitor.this.timeout.toNanos();
			try {
				if (!previousCheckEnded(deadline)) {
					return failed(start, "previous probe still running after " + NodeHealthMonitor.this.timeout.toMillis()
							+ " ms");
				}
				this.inFlight = this.io.submit(() -> this.probe.check(NodeHealthMonitor.this.clock));
				return this.inFlight.get(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
			}
			catch (TimeoutException ex) {
				this.probe.abort();
				return failed(start, "probe timed out after " + NodeHealthMonitor.this.timeout.toMillis() + " ms");
			}
			catch (ExecutionException ex) {
				return failed(start, "probe failed: " + ex.getCause().getClass().getSimpleName());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return null;
			}
		}

		/**
		 * Whether the check started by an earlier tick has returned, waiting for it until the deadline.
		 */
		private boolean previousCheckEnded(long deadline) throws InterruptedException {
			if (this.inFlight == null || this.inFlight.isDone()) {
				return true;
			}
			try {
				this.inFlight.get(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
			}
			catch (TimeoutException ex) {
				return false;
			}
			catch (ExecutionException ex) {
				// its outcome was reported when it timed out
			}
			return true;
		}

		private ProbeResult failed(long startNanos, String error) {
			return ProbeResult.failed(NodeHealthMonitor.this.clock.instant(),
					Duration.ofNanos(System.nanoTime() - startNanos), error);
		}

	}

}
