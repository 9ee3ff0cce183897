package io.github.failoverds.routing;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.failoverds.health.RoleCheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The data source's life cycle on in-memory H2 nodes: closing it, and handing it to a read/write router
 * while it is being built.
 */
class FailoverDataSourceLifecycleTest {

	private static final Duration LONG_BUDGET = Duration.ofSeconds(30);

	private FailoverDataSource dataSource;

	@AfterEach
	void close() {
		if (this.dataSource != null) {
			this.dataSource.close();
		}
	}

	@Test
	void aBorrowAfterCloseFailsAtOnceWithAClearMessage() throws Exception {
		this.dataSource = builder("closed").build();
		this.dataSource.close();
		SQLException failure = CompletableFuture.supplyAsync(this::borrowFailure).get(5, TimeUnit.SECONDS);
		assertThat((Throwable) failure).hasMessageContaining("closed");
	}

	@Test
	void aBorrowWaitingForAWritableNodeFailsAtOnceWhenTheDataSourceIsClosed() throws Exception {
		HikariConfig nowhere = new HikariConfig();
		nowhere.setJdbcUrl("jdbc:postgresql://127.0.0.1:1/nothing-listens-here");
		this.dataSource = FailoverDataSource.builder()
			.node("primary", nowhere)
			.requireNode(false)
			.connectionTimeout(LONG_BUDGET)
			.awaitWritable(LONG_BUDGET)
			.build();
		assertThat(this.dataSource.getActiveNode()).isNull();
		CompletableFuture<SQLException> waiting = CompletableFuture.supplyAsync(this::borrowFailure);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.dataSource.getWaitingBorrows() == 1);
		this.dataSource.close();
		assertThat((Throwable) waiting.get(5, TimeUnit.SECONDS)).hasMessageContaining("closed");
		assertThat(this.dataSource.getWaitingBorrows()).isZero();
	}

	@Test
	void aRouterMayBorrowWhileTheDataSourceIsBeingBuilt() throws SQLException {
		AtomicReference<Boolean> borrowed = new AtomicReference<>();
		this.dataSource = builder("router").readWriteRouter((writer, reader) -> {
			try (Connection connection = reader.getConnection()) {
				borrowed.set(connection.isValid(1));
			}
			catch (SQLException ex) {
				throw new IllegalStateException(ex);
			}
			return writer;
		}).build();
		assertThat(borrowed.get()).isTrue();
	}

	@Test
	void aReplicaConnectionHasTheAutoCommitOfTheFirstNodesPool() throws SQLException {
		AtomicReference<DataSource> readerOf = new AtomicReference<>();
		HikariConfig replica = h2("autocommit-replica");
		replica.setAutoCommit(false);
		this.dataSource = FailoverDataSource.builder()
			.node("primary", h2("autocommit-primary"))
			.node("replica", replica)
			.roleCheck("SELECT LOWER(DATABASE()) = 'autocommit-replica'")
			.readWriteRouter((writer, reader) -> {
				readerOf.set(reader);
				return writer;
			})
			.build();
		assertThat(this.dataSource.getNodes().get(1).health().role().isWritable()).isFalse();
		try (Connection connection = readerOf.get().getConnection()) {
			assertThat(connection.getAutoCommit()).isTrue();
		}
	}

	@Test
	void aReadOnlyConnectionFromTheWritableNodeIsSetReadOnly() throws SQLException {
		AtomicReference<DataSource> readerOf = new AtomicReference<>();
		this.dataSource = builder("fallback").readWriteRouter((writer, reader) -> {
			readerOf.set(reader);
			return writer;
		}).build();
		try (Connection connection = readerOf.get().getConnection()) {
			assertThat(connection.isReadOnly()).as("no replica: the writable node serves, read-only").isTrue();
		}
	}

	private SQLException borrowFailure() {
		try {
			this.dataSource.getConnection().close();
			return null;
		}
		catch (SQLException ex) {
			return ex;
		}
	}

	private FailoverDataSourceBuilder builder(String database) {
		return FailoverDataSource.builder()
			.node("primary", h2(database))
			.roleCheck(RoleCheck.NONE)
			.connectionTimeout(LONG_BUDGET)
			.awaitWritable(LONG_BUDGET);
	}

	private static HikariConfig h2(String database) {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl("jdbc:h2:mem:" + database + ";DB_CLOSE_DELAY=-1");
		config.setMaximumPoolSize(2);
		return config;
	}

}
