package io.github.failoverds.benchmarks.probe;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import io.github.failoverds.health.NodeProbe;
import io.github.failoverds.health.PrimaryPositions;
import io.github.failoverds.health.ProbeResult;
import io.github.failoverds.health.ReplicationCheck;
import io.github.failoverds.health.RoleCheck;
import io.github.failoverds.support.SecretMasker;
import io.github.failoverds.testsupport.EmbeddedPostgresNode;

/**
 * The cost of one background health check of a live PostgreSQL node, as the starter's probe thread
 * runs it: one round trip on the probe's own connection, with the role check ({@code auto}:
 * {@code pg_is_in_recovery()} and the WAL position that the replication lag is measured from) or without
 * it ({@code none}: a validity check). SPEC.md's target is under
 * 10 ms per check. Run with {@code java -cp benchmarks.jar org.openjdk.jmh.Main ProbeCost}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 10, time = 1)
public class ProbeCostBenchmark {

	/** The role check setting, as in {@code failover.datasource.role-check}. */
	@Param({ RoleCheck.AUTO, RoleCheck.NONE })
	public String roleCheck;

	private final Clock clock = Clock.systemUTC();

	private EmbeddedPostgresNode server;

	private NodeProbe probe;

	/** Start the node and a probe on it, and check that the probe finds it healthy. */
	@Setup(Level.Trial)
	public void open() {
		this.server = EmbeddedPostgresNode.start("probed");
		this.probe = new NodeProbe(this.server.directDataSource(),
				ReplicationCheck.of(this.roleCheck, this.server.jdbcUrl(), new PrimaryPositions()), Duration.ofSeconds(1),
				new SecretMasker(this.server.password()));
		ProbeResult first = this.probe.check(this.clock);
		if (!first.healthy()) {
			throw new IllegalStateException("The probed node is not healthy: " + first.error());
		}
	}

	/** Close the probe and stop the node. */
	@TearDown(Level.Trial)
	public void close() {
		this.probe.close();
		this.server.close();
	}

	/**
	 * One check.
	 * @return its result
	 */
	@Benchmark
	public ProbeResult check() {
		return this.probe.check(this.clock);
	}

}
