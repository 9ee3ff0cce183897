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
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The probe loop: probes every node every {@code interval} on threads of its own, never on a request
 * thread. Each node has a scheduling thread and an I/O thread; the scheduling thread waits at most
 * {@code timeout} for a check, then aborts it and reports a failure, so a black-holed node cannot
 * stall its loop. At most one check per node is ever in flight: while a stuck check has not returned,
 * each tick reports a failure without starting another.
 */
public final class NodeHealthMonitor implements AutoCloseable {

	private final Duration interval;

	private final Duration timeout;

	private final Clock clock;

	private final List<NodeLoop> loops = new ArrayList<>();

	/**
	 * Create a monitor; add nodes, then {@link #start()} it.
	 * @param interval probe period per node
	 * @param timeout limit of one probe
	 * @param clock stamps the results
	 */
	public NodeHealthMonitor(Duration interval, Duration timeout, Clock clock) {
		this.interval = interval;
		this.timeout = timeout;
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
		long period = this.interval.toNanos();
		for (NodeLoop loop : this.loops) {
			loop.scheduler.scheduleAtFixedRate(loop::tick, period, period, TimeUnit.NANOSECONDS);
		}
	}

	/**
	 * Stop every probe thread and close the probes' connections, waiting at most about one probe
	 * timeout for a check that is still running to give up.
	 */
	@Override
	public void close() {
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

	private static ThreadFactory daemon(String name) {
		return (runnable) -> {
			Thread thread = new Thread(runnable, name);
			thread.setDaemon(true);
			return thread;
		};
	}

	private final class NodeLoop {

		private final NodeProbe probe;

		private final Consumer<ProbeResult> results;

		private final ScheduledExecutorService scheduler;

		private final ExecutorService io;

		private Future<ProbeResult> inFlight;

		NodeLoop(String name, NodeProbe probe, Consumer<ProbeResult> results) {
			this.probe = probe;
			this.results = results;
			this.scheduler = Executors.newSingleThreadScheduledExecutor(daemon("failover-probe-" + name));
			this.io = Executors.newSingleThreadExecutor(daemon("failover-probe-io-" + name));
		}

		void tick() {
			ProbeResult result = probeOnce();
			if (result != null) {
				this.results.accept(result);
			}
		}

		private ProbeResult probeOnce() {
			long start = System.nanoTime();
			if (this.inFlight != null && !this.inFlight.isDone()) {
				return failed(start, "previous probe still running after " + NodeHealthMonitor.this.timeout.toMillis()
						+ " ms");
			}
			this.inFlight = this.io.submit(() -> this.probe.check(NodeHealthMonitor.this.clock));
			try {
				return this.inFlight.get(NodeHealthMonitor.this.timeout.toNanos(), TimeUnit.NANOSECONDS);
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

		private ProbeResult failed(long startNanos, String error) {
			return ProbeResult.failed(NodeHealthMonitor.this.clock.instant(),
					Duration.ofNanos(System.nanoTime() - startNanos), error);
		}

	}

}
