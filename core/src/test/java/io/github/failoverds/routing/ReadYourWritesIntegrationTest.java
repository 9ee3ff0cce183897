package io.github.failoverds.routing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import javax.sql.DataSource;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import io.github.failoverds.testsupport.PostgresReplicationCluster;
import io.github.failoverds.testsupport.WriteLoad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Read-your-writes on real PostgreSQL streaming replication whose standby applies every commit 2 s late
 * ({@code recovery_min_apply_delay}): a read right after a write sees the row in 100 of 100 tries, where
 * the same reads without read-your-writes are stale; a read may wait for the standby within
 * {@code max-wait}; a token carries the guarantee to another thread. Writes are auto-commit, through the
 * write side that read/write splitting uses; reads through the read-only side.
 */
class ReadYourWritesIntegrationTest {

	private static final Duration APPLY_DELAY = Duration.ofSeconds(2);

	private static final int TRIES = 100;

	private static final AtomicLong ids = new AtomicLong();

	@AutoClose
	private static final PostgresReplicationCluster cluster = PostgresReplicationCluster
		.startWithLaggingStandby(APPLY_DELAY);

	@Test
	void aReadAfterAWriteSeesTheRowInEveryTry() throws SQLException {
		try (Split split = dataSource(true, Duration.ofMillis(200))) {
			awaitStandbyTakesReads(split);
			long seen = IntStream.range(0, TRIES).filter((i) -> writeThenCount(split) == 1).count();
			assertThat(seen).isEqualTo(TRIES);
		}
	}

	@Test
	void withoutReadYourWritesTheSameReadsAreStale() throws SQLException {
		try (Split split = dataSource(false, Duration.ofMillis(200))) {
			awaitStandbyTakesReads(split);
			long stale = IntStream.range(0, TRIES).filter((i) -> writeThenCount(split) == 0).count();
			assertThat(stale).isPositive();
		}
	}

	@Test
	void aReadWaitsForTheStandbyWithinMaxWait() throws SQLException {
		try (Split split = dataSource(true, APPLY_DELAY.multipliedBy(3))) {
			awaitStandbyTakesReads(split);
			long id = write(split);
			long start = System.nanoTime();
			try (Connection connection = split.reads().getConnection()) {
				assertThat(Duration.ofNanos(System.nanoTime() - start)).as("waited for the apply delay")
					.isGreaterThan(APPLY_DELAY.dividedBy(2));
				assertThat(port(connection)).isEqualTo(cluster.standby().port());
				assertThat(count(connection, id)).isOne();
			}
		}
	}

	@Test
	void aTokenCarriesTheWriteToAnotherThread() throws SQLException {
		try (Split split = dataSource(true, Duration.ofMillis(200))) {
			awaitStandbyTakesReads(split);
			ReadYourWrites readYourWrites = split.all().getReadYourWrites();
			assertThat(readYourWrites.token()).as("before any write").isNull();
			long id = write(split);
			String token = readYourWrites.token();
			assertThat(token).matches("[0-9A-F]+/[0-9A-F]+");
			assertThat(CompletableFuture.supplyAsync(() -> {
				try (ReadYourWrites.Scope scope = readYourWrites.after(token)) {
					return readCount(split, id);
				}
			}).join()).as("with the token").isOne();
			assertThat(CompletableFuture.supplyAsync(() -> readCount(split, id)).join()).as("without it")
				.isZero();
		}
	}

	private static Split dataSource(boolean readYourWrites, Duration maxWait) {
		CapturingRouter router = new CapturingRouter();
		FailoverDataSource dataSource = FailoverDataSource.builder()
			.node("primary", cluster.primary().poolConfig(2))
			.node("standby-1", cluster.standby().poolConfig(2))
			.health(Duration.ofMillis(200), Duration.ofMillis(500), 2, 2, 10)
			.connectionTimeout(Duration.ofSeconds(5))
			.readWriteRouter(router)
			.readYourWrites(readYourWrites, maxWait)
			.build();
		return new Split(dataSource, router.reader());
	}

	private static void awaitStandbyTakesReads(Split split) {
		await("standby-1 takes reads").atMost(Duration.ofSeconds(10)).until(() -> {
			try (Connection connection = split.reads().getConnection()) {
				return port(connection) == cluster.standby().port();
			}
		});
	}

	private static int writeThenCount(Split split) {
		return readCount(split, write(split));
	}

	private static long write(Split split) {
		long id = ids.incrementAndGet();
		try (Connection connection = split.all().getConnection();
				PreparedStatement statement = connection.prepareStatement(WriteLoad.INSERT)) {
			statement.setLong(1, id);
			statement.setInt(2, 0);
			statement.executeQuery().close();
			return id;
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static int readCount(Split split, long id) {
		try (Connection connection = split.reads().getConnection()) {
			return count(connection, id);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static int count(Connection connection, long id) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement("SELECT count(*) FROM writes WHERE id = ?")) {
			statement.setLong(1, id);
			try (ResultSet resultSet = statement.executeQuery()) {
				resultSet.next();
				return resultSet.getInt(1);
			}
		}
	}

	private static int port(Connection connection) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement("SELECT inet_server_port()");
				ResultSet resultSet = statement.executeQuery()) {
			resultSet.next();
			return resultSet.getInt(1);
		}
	}

	/**
	 * A failover data source with read/write splitting: {@code all} for writes, {@code reads} for
	 * read-only work.
	 *
	 * @param all the data source
	 * @param reads its read-only side
	 */
	private record Split(FailoverDataSource all, DataSource reads) implements AutoCloseable {

		@Override
		public void close() {
			this.all.close();
		}

	}

}
