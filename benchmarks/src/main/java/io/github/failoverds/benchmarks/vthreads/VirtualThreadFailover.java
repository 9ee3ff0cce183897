package io.github.failoverds.benchmarks.vthreads;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import jdk.jfr.consumer.RecordedEvent;
import org.awaitility.Awaitility;

import io.github.failoverds.routing.DatabaseNode;
import io.github.failoverds.routing.FailoverDataSource;
import io.github.failoverds.testsupport.EmbeddedPostgresNode;
import io.github.failoverds.testsupport.PinnedCarrierRecording;
import io.github.failoverds.testsupport.VirtualThreads;
import io.github.failoverds.testsupport.WriteLoad;

/**
 * Part (b) of the scenario {@value VirtualThreadScenario#ID}: {@value VirtualThreadScenario#THREADS} virtual
 * threads write (borrow, autocommit {@code INSERT}, return) through a {@link FailoverDataSource} with pools of
 * {@value VirtualThreadScenario#POOL_SIZE} while the primary is SIGKILLed, then, once it is restarted and UP again,
 * the standby, all under a Flight Recorder recording of {@code jdk.VirtualThreadPinned} with threshold 0. The
 * first crash is the first time the JVM takes the error path (its classes are loaded then), the second a warm one.
 * Prints, per crash, the pinned events and the time to the first commit on the other server; then whether every
 * thread finished and the acknowledged commits lost (checked with both servers running).
 *
 * @param primary the preferred server, crashed first
 * @param standby the other server, crashed second
 * @param out where the results go
 */
record VirtualThreadFailover(EmbeddedPostgresNode primary, EmbeddedPostgresNode standby, PrintStream out) {

	/** How long the load runs before the first crash, and after each first commit on the surviving server. */
	private static final Duration STEADY = Duration.ofSeconds(5);

	private static final Duration LIMIT = Duration.ofSeconds(30);

	/**
	 * Run the load through both crashes and print the results.
	 * @throws InterruptedException if interrupted while the load runs
	 */
	void run() throws InterruptedException {
		WriteLoad.createTable(this.primary.directDataSource());
		WriteLoad.createTable(this.standby.directDataSource());
		this.out.printf(Locale.ROOT, "%n-- SIGKILL under %d virtual writers (INSERT, autocommit): the primary, then, "
				+ "once it is back, the standby%n", VirtualThreadScenario.THREADS);
		List<Crash> crashes = new ArrayList<>();
		List<RecordedEvent> pinned;
		boolean finished;
		Instant loadStart = Instant.now();
		WriteLoad load;
		try (FailoverDataSource dataSource = VirtualThreadScenario
			.failoverDataSource(List.of(this.primary, this.standby));
				PinnedCarrierRecording recording = PinnedCarrierRecording.start()) {
			load = WriteLoad.start(VirtualThreadScenario.THREADS, VirtualThreads.factory("writer-"),
					WriteLoad.jdbc(dataSource));
			Thread.sleep(STEADY.toMillis());
			crashes.add(crash(this.primary, this.standby, load));
			this.primary.restart();
			Awaitility.await("primary UP again")
				.atMost(LIMIT)
				.until(() -> node(dataSource, this.primary).health().isUp());
			crashes.add(crash(this.standby, this.primary, load));
			finished = stop(load);
			pinned = recording.stop();
		}
		this.standby.restart();
		long lost = load.missingCommitsOn(this.primary).size() + load.missingCommitsOn(this.standby).size();
		List<Instant> bounds = List.of(loadStart, crashes.get(0).at(), crashes.get(1).at(), Instant.MAX);
		String[] phases = { "before the first crash (load start)", "first crash (cold) until the second",
				"second crash (warm) until the writers stopped" };
		for (int i = 0; i < phases.length; i++) {
			Instant from = bounds.get(i);
			Instant to = bounds.get(i + 1);
			long count = pinned.stream()
				.filter((event) -> !event.getStartTime().isBefore(from) && event.getStartTime().isBefore(to))
				.count();
			this.out.printf(Locale.ROOT, "pinned-carrier events (jdk.VirtualThreadPinned, threshold 0), %s: %d%n",
					phases[i], count);
		}
		for (int i = 0; i < crashes.size(); i++) {
			this.out.printf(Locale.ROOT, "crash %d (%s): first commit on %s %d ms after the kill%n", i + 1,
					crashes.get(i).killed(), crashes.get(i).survivor(), crashes.get(i).firstCommit().toMillis());
		}
		this.out.printf(Locale.ROOT, "all threads finished within %d s after the stop: %s%n", LIMIT.toSeconds(),
				finished ? "yes" : "NO");
		this.out.printf(Locale.ROOT, "acknowledged commits: %d on the primary, %d on the standby; lost: %d; failed "
				+ "writes: %d%n", load.commitsOn(this.primary.port()), load.commitsOn(this.standby.port()), lost,
				load.failures().size());
		if (!pinned.isEmpty()) {
			this.out.println(PinnedCarrierRecording.describe(pinned));
		}
	}

	/** SIGKILL one server and wait for the first commit on the other, then let the load run on it. */
	private static Crash crash(EmbeddedPostgresNode killed, EmbeddedPostgresNode survivor, WriteLoad load)
			throws InterruptedException {
		Instant at = Instant.now();
		long atNanos = System.nanoTime();
		killed.kill();
		load.awaitCommitsOn(survivor.port(), 1, LIMIT);
		long firstCommit = load.calls()
			.stream()
			.filter((call) -> call.port() == survivor.port() && call.endNanos() > atNanos)
			.mapToLong((call) -> call.endNanos() - atNanos)
			.min()
			.orElseThrow();
		Thread.sleep(STEADY.toMillis());
		return new Crash(killed.name(), survivor.name(), at, Duration.ofNanos(firstCommit));
	}

	private static DatabaseNode node(FailoverDataSource dataSource, EmbeddedPostgresNode server) {
		return dataSource.getNodes()
			.stream()
			.filter((node) -> node.name().equals(server.name()))
			.findFirst()
			.orElseThrow();
	}

	private static boolean stop(WriteLoad load) {
		try {
			load.stop(LIMIT);
			return true;
		}
		catch (IllegalStateException ex) {
			System.err.println(VirtualThreads.threadDump());
			return false;
		}
	}

	/** One crash: which server, the other, when, and how long until the other committed a write. */
	private record Crash(String killed, String survivor, Instant at, Duration firstCommit) {
	}

}
