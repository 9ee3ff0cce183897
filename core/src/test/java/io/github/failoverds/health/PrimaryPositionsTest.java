package io.github.failoverds.health;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A replica's lag measured against the primary's WAL positions: zero once it has replayed the primary's
 * newest known position, however long ago that was written; otherwise the time since the primary passed
 * the replica's position.
 */
class PrimaryPositionsTest {

	private static final Instant START = Instant.parse("2026-12-04T10:00:00Z");

	private final PrimaryPositions positions = new PrimaryPositions();

	@Test
	void lagIsUnknownWhileNoPositionOfThePrimaryIsKnown() {
		assertThat(this.positions.lagOf(100, START)).isNull();
	}

	@Test
	void aReplicaThatReplayedThePrimarysPositionHasNoLagOnAnIdlePrimary() {
		this.positions.record(1_000, START);
		this.positions.record(1_000, START.plusSeconds(600));
		assertThat(this.positions.lagOf(1_000, START.plusSeconds(601)))
			.isEqualTo(new ReplicationLag(Duration.ZERO, 0, 1_000));
	}

	@Test
	void lagIsTheTimeSinceThePrimaryPassedTheReplayPosition() {
		this.positions.record(1_000, START);
		this.positions.record(2_000, START.plusSeconds(1));
		this.positions.record(3_000, START.plusSeconds(2));
		ReplicationLag lag = this.positions.lagOf(1_500, START.plusSeconds(5));
		assertThat(lag.time()).isEqualTo(Duration.ofMillis(4_500));
		assertThat(lag.bytes()).isEqualTo(1_500);
		assertThat(lag.replayPosition()).isEqualTo(1_500);
	}

	@Test
	void anIdlePeriodBeforeTheNextWriteDoesNotCountAsLag() {
		this.positions.record(1_000, START);
		this.positions.record(1_000, START.plusSeconds(60));
		this.positions.record(1_100, START.plusSeconds(61));
		assertThat(this.positions.lagOf(1_000, START.plusSeconds(61)).time()).isEqualTo(Duration.ofSeconds(1));
	}

	@Test
	void aPositionOlderThanEverySampleGivesTheTimeSinceTheOldest() {
		this.positions.record(1_000, START);
		this.positions.record(2_000, START.plusSeconds(1));
		assertThat(this.positions.lagOf(10, START.plusSeconds(3)).time()).isEqualTo(Duration.ofSeconds(3));
	}

	@Test
	void aLowerPositionOfANewPrimaryStartsANewHistory() {
		this.positions.record(5_000, START);
		this.positions.record(3_000, START.plusSeconds(1));
		assertThat(this.positions.lagOf(3_000, START.plusSeconds(2)).time()).isZero();
	}

}
