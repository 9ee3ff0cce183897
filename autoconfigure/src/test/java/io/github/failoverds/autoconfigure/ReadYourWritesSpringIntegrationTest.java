package io.github.failoverds.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import io.github.failoverds.actuate.FailoverEndpoint;
import io.github.failoverds.actuate.FailoverHealthIndicator;
import io.github.failoverds.actuate.NodeState;
import io.github.failoverds.actuate.ReplicationLagMeters;
import io.github.failoverds.routing.FailoverDataSource;
import io.github.failoverds.testsupport.PostgresReplicationCluster;
import io.github.failoverds.testsupport.WriteLoad;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.boot.transaction.autoconfigure.TransactionManagerCustomizationAutoConfiguration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Read-your-writes through Spring on real PostgreSQL streaming replication whose standby applies every
 * commit 2 s late: a {@code @Transactional(readOnly = true)} read after a {@code @Transactional} write,
 * and after an auto-commit {@link JdbcClient} write outside any transaction, sees the row every time;
 * without {@code read-your-writes} the same reads are stale. The replica's lag shows in health, the
 * endpoint and the {@value ReplicationLagMeters#REPLICATION_LAG} gauge.
 */
class ReadYourWritesSpringIntegrationTest {

	private static final Duration APPLY_DELAY = Duration.ofSeconds(2);

	private static final AtomicLong ids = new AtomicLong();

	@AutoClose
	private static final PostgresReplicationCluster cluster = PostgresReplicationCluster
		.startWithLaggingStandby(APPLY_DELAY);

	@Test
	void readOnlyTransactionAfterATransactionalWriteSeesTheRowEveryTime() {
		runner(true).run((context) -> {
			OrderService service = context.getBean(OrderService.class);
			awaitStandbyTakesReads(service);
			assertThat(IntStream.range(0, 100).filter((i) -> service.count(service.insert()) == 1).count())
				.isEqualTo(100);
		});
	}

	@Test
	void readOnlyTransactionAfterAnAutoCommitJdbcClientWriteSeesTheRowEveryTime() {
		runner(true).run((context) -> {
			OrderService service = context.getBean(OrderService.class);
			JdbcClient jdbc = context.getBean(JdbcClient.class);
			awaitStandbyTakesReads(service);
			assertThat(IntStream.range(0, 25).filter((i) -> service.count(insert(jdbc)) == 1).count()).isEqualTo(25);
		});
	}

	@Test
	void withoutReadYourWritesTheSameReadsAreStale() {
		runner(false).run((context) -> {
			OrderService service = context.getBean(OrderService.class);
			awaitStandbyTakesReads(service);
			assertThat(IntStream.range(0, 25).filter((i) -> service.count(service.insert()) == 0).count())
				.isPositive();
		});
	}

	@Test
	void replicaLagShowsInHealthTheEndpointAndTheGauge() {
		runner(true).run((context) -> {
			FailoverDataSource dataSource = context.getBean(FailoverDataSource.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			await("lag of standby-1 known").atMost(Duration.ofSeconds(10))
				.until(() -> registry.find(ReplicationLagMeters.REPLICATION_LAG).tag("node", "standby-1").gauge() != null);
			assertThat(registry.find(ReplicationLagMeters.REPLICATION_LAG).tag("node", "primary").gauge()).isNull();
			NodeState standby = nodeStates(new FailoverHealthIndicator(dataSource)).get("standby-1");
			assertThat(standby.replication().lagSeconds()).isNotNull().isNotNegative();
			assertThat(standby.replication().lagBytes()).isNotNull().isNotNegative();
			assertThat(standby.replication().withinLagLimit()).isTrue();
			assertThat(nodeStates(new FailoverHealthIndicator(dataSource)).get("primary").replication()).isNull();
			FailoverEndpoint.NodeDescriptor node = new FailoverEndpoint(dataSource).failover().nodes().get(1);
			assertThat(node.replication().lagSeconds()).isNotNull();
			assertThat(node.history()).last().satisfies((probe) -> assertThat(probe.lagSeconds()).isNotNull());
		});
	}

	private static void awaitStandbyTakesReads(OrderService service) {
		await("standby-1 takes reads").atMost(Duration.ofSeconds(10))
			.until(() -> service.readOnlyPort() == cluster.standby().port());
	}

	private static long insert(JdbcClient jdbc) {
		long id = ids.incrementAndGet();
		jdbc.sql(WriteLoad.INSERT).params(id, 0).query(Integer.class).single();
		return id;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, NodeState> nodeStates(FailoverHealthIndicator health) {
		return (Map<String, NodeState>) health.health().getDetails().get("nodes");
	}

	private ApplicationContextRunner runner(boolean readYourWrites) {
		List<String> properties = new ArrayList<>(List.of("failover.datasource.read-only-routing.enabled=true",
				"failover.datasource.read-only-routing.read-your-writes=" + readYourWrites,
				"failover.datasource.read-only-routing.max-lag=1m", "failover.datasource.connection-timeout=10s",
				"failover.datasource.health.interval=200ms", "failover.datasource.health.timeout=1s",
				"failover.datasource.hikari.maximum-pool-size=4", "failover.datasource.hikari.minimum-idle=1"));
		properties.addAll(NodeProperties.of(List.of(cluster.primary(), cluster.standby())));
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(FailoverDataSourceAutoConfiguration.class,
					FailoverMetricsAutoConfiguration.class, DataSourceAutoConfiguration.class,
					JdbcTemplateAutoConfiguration.class, JdbcClientAutoConfiguration.class,
					DataSourceTransactionManagerAutoConfiguration.class,
					TransactionManagerCustomizationAutoConfiguration.class, TransactionAutoConfiguration.class))
			.withPropertyValues(properties.toArray(String[]::new))
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withBean(OrderService.class);
	}

	/**
	 * An application service: read-write transactions for changes, read-only ones for queries.
	 */
	static class OrderService {

		private final JdbcClient jdbc;

		OrderService(JdbcClient jdbc) {
			this.jdbc = jdbc;
		}

		@Transactional
		public long insert() {
			return ReadYourWritesSpringIntegrationTest.insert(this.jdbc);
		}

		@Transactional(readOnly = true)
		public int count(long id) {
			return this.jdbc.sql("SELECT count(*) FROM writes WHERE id = ?").param(id).query(Integer.class).single();
		}

		@Transactional(readOnly = true)
		public int readOnlyPort() {
			return this.jdbc.sql("SELECT inet_server_port()").query(Integer.class).single();
		}

	}

}
