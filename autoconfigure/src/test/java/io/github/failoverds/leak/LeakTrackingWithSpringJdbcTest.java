package io.github.failoverds.leak;

import java.sql.Connection;
import java.time.Duration;

import com.zaxxer.hikari.HikariConfig;
import org.h2.jdbc.JdbcConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.github.failoverds.routing.FailoverDataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The tracking wrapper between HikariCP and Spring's JDBC support, over in-memory H2 nodes.
 */
class LeakTrackingWithSpringJdbcTest {

	private FailoverDataSource dataSource;

	@AfterEach
	void closeDataSource() {
		if (this.dataSource != null) {
			this.dataSource.close();
		}
	}

	@Test
	void transactionBoundConnectionsAreTrackedAndReturnedThroughDataSourceUtils() {
		this.dataSource = dataSource("transactions", Duration.ofMillis(100));
		ConnectionTracker tracker = this.dataSource.getConnectionTracker();
		JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
		TransactionTemplate transactions = new TransactionTemplate(new JdbcTransactionManager(this.dataSource));
		jdbc.execute("CREATE TABLE items (id INT PRIMARY KEY)");
		transactions.executeWithoutResult((status) -> {
			jdbc.update("INSERT INTO items VALUES (1)");
			Connection bound = DataSourceUtils.getConnection(this.dataSource);
			assertThat(DataSourceUtils.isConnectionTransactional(bound, this.dataSource)).isTrue();
			await().atMost(Duration.ofSeconds(10)).until(() -> tracker.suspectedLeakCount() == 1);
			assertThat(tracker.suspectedLeaks()).singleElement()
				.satisfies((leak) -> assertThat(leak.stackTrace())
					.contains("transactionBoundConnectionsAreTrackedAndReturnedThroughDataSourceUtils"));
			DataSourceUtils.releaseConnection(bound, this.dataSource);
			assertThat(tracker.suspectedLeakCount()).isEqualTo(1);
		});
		assertThat(tracker.suspectedLeakCount()).isZero();
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM items", Integer.class)).isEqualTo(1);
	}

	@Test
	void unwrapReachesTheDriverConnection() throws Exception {
		this.dataSource = dataSource("unwrap", Duration.ofMinutes(5));
		try (Connection connection = this.dataSource.getConnection()) {
			assertThat(connection.getClass()).isEqualTo(TrackedConnection.class);
			assertThat(connection.isWrapperFor(JdbcConnection.class)).isTrue();
			assertThat(connection.unwrap(JdbcConnection.class)).isInstanceOf(JdbcConnection.class);
		}
	}

	@Test
	void aZeroThresholdHandsOutHikariConnectionsUnwrapped() throws Exception {
		this.dataSource = dataSource("untracked", Duration.ZERO);
		try (Connection connection = this.dataSource.getConnection()) {
			assertThat(connection.getClass().getName()).isEqualTo("com.zaxxer.hikari.pool.HikariProxyConnection");
		}
		assertThat(this.dataSource.getConnectionTracker().isEnabled()).isFalse();
	}

	private static FailoverDataSource dataSource(String name, Duration leakThreshold) {
		return FailoverDataSource.builder()
			.node("primary", h2(name + "-a"))
			.node("standby-1", h2(name + "-b"))
			.leakDetection(leakThreshold, true)
			.build();
	}

	private static HikariConfig h2(String database) {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl("jdbc:h2:mem:" + database + ";DB_CLOSE_DELAY=-1");
		config.setMaximumPoolSize(4);
		config.setMinimumIdle(0);
		return config;
	}

}
