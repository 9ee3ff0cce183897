package io.github.failoverds.routing;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.failoverds.health.NodeHealth;
import io.github.failoverds.health.NodeRole;
import io.github.failoverds.health.ProbeResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Unit tests of {@link DatabaseNode}'s pool care.
 */
class DatabaseNodeTest {

	private final DatabaseNode node = TestNodes.h2("refill", 0, new NodeHealth(2, 2, 10));

	@AfterEach
	void closePool() {
		this.node.pool().close();
	}

	@Test
	void nodeThatIsNotDownIsLeftAlone() {
		this.node.prepareForTraffic(healthy(), 1000);
		assertThat(this.node.poolStats().getTotalConnections()).isZero();
	}

	@Test
	void refillOpensOneConnectionInAnEmptyPoolAndReturnsIt() {
		assertThat(this.node.poolStats().getTotalConnections()).isZero();
		this.node.health().markDown("refused");
		this.node.prepareForTraffic(healthy(), 1000);
		assertThat(this.node.poolStats().getTotalConnections()).isEqualTo(1);
		assertThat(this.node.poolStats().getActiveConnections()).isZero();
	}

	@Test
	void refillOfAClosedPoolGivesUpQuietly() {
		this.node.pool().close();
		this.node.health().markDown("refused");
		this.node.prepareForTraffic(healthy(), 1000);
		assertThat(this.node.poolStats().getTotalConnections()).isZero();
	}

	private static ProbeResult healthy() {
		return ProbeResult.healthy(Instant.now(), Duration.ZERO, NodeRole.UNKNOWN);
	}

}
