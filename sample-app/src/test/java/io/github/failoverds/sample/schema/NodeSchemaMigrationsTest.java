package io.github.failoverds.sample.schema;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.github.failoverds.autoconfigure.event.DatabaseNodeUpEvent;
import io.github.failoverds.routing.DatabaseNode;
import io.github.failoverds.routing.FailoverDataSource;
import io.github.failoverds.testsupport.EmbeddedPostgresNode;
import io.github.failoverds.testsupport.PostgresReplicationCluster;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Schema migrations on real PostgreSQL nodes: every writable node is migrated; a read-only replica and an
 * unreachable node are skipped with a log line, and the application goes on; the unreachable node is
 * migrated when it comes UP; a promoted replica needs nothing, and an old primary kept off writes after a
 * split brain is left alone.
 */
@ExtendWith(OutputCaptureExtension.class)
class NodeSchemaMigrationsTest {

	private static final String SCHEMA_VERSION = "SELECT max(version) FROM flyway_schema_history WHERE success";

	private static final Duration WAIT = Duration.ofSeconds(30);

	@Test
	void migratesWritableNodesAndSkipsReadOnlyAndUnreachableOnes(CapturedOutput output) {
		try (PostgresReplicationCluster cluster = PostgresReplicationCluster.start("primary", "replica");
				EmbeddedPostgresNode gone = EmbeddedPostgresNode.start("gone")) {
			gone.stop();
			try (FailoverDataSource dataSource = FailoverDataSource.builder()
				.node("primary", cluster.primary().poolConfig(2))
				.node("replica", cluster.standby().poolConfig(2))
				.node("gone", gone.poolConfig(2))
				.health(Duration.ofMillis(500), Duration.ofSeconds(1), 2, 3, 10)
				.build()) {

				NodeSchemaMigrations migrations = new NodeSchemaMigrations(dataSource);
				migrations.afterPropertiesSet();

				assertThat(PostgresReplicationCluster.queryForString(cluster.primary(), SCHEMA_VERSION)).isEqualTo("1");
				assertThat(output).contains("Schema of node 'primary' at version 1 (1 migrations applied)")
					.contains("Schema migration skipped on node 'replica': it is UP with role REPLICA")
					.contains("Schema migration skipped on node 'gone': it is ");
				// the replica has the schema all the same, from its primary
				cluster.awaitReplayed(cluster.standby());
				assertThat(PostgresReplicationCluster.queryForString(cluster.standby(), SCHEMA_VERSION)).isEqualTo("1");

				// the node that was down gets the schema when it comes UP
				gone.restart();
				DatabaseNode node = dataSource.getNodes().get(2);
				await().atMost(WAIT).until(() -> node.health().isUp());
				migrations.onNodeUp(new DatabaseNodeUpEvent(node));
				await().atMost(WAIT)
					.untilAsserted(() -> assertThat(output).contains("Schema of node 'gone' at version 1"));
				assertThat(PostgresReplicationCluster.queryForString(gone, SCHEMA_VERSION)).isEqualTo("1");
				migrations.destroy();
			}
		}
	}

	@Test
	void skipsAnOldPrimaryKeptOffWritesAfterASplitBrainAndFindsThePromotedReplicaMigrated(CapturedOutput output) {
		try (PostgresReplicationCluster cluster = PostgresReplicationCluster.start("primary", "standby-1");
				FailoverDataSource dataSource = FailoverDataSource.builder()
					.node("primary", cluster.primary().poolConfig(2))
					.node("standby-1", cluster.standby().poolConfig(2))
					.health(Duration.ofMillis(200), Duration.ofSeconds(1), 2, 2, 10)
					.build()) {
			NodeSchemaMigrations migrations = new NodeSchemaMigrations(dataSource);
			migrations.afterPropertiesSet();
			DatabaseNode primary = dataSource.getNodes().get(0);
			DatabaseNode standby = dataSource.getNodes().get(1);
			cluster.awaitReplayed(cluster.standby());

			cluster.primary().kill();
			await().atMost(WAIT).until(() -> !primary.health().isUp());
			cluster.promote(cluster.standby());
			await().atMost(WAIT).until(() -> dataSource.getActiveNode() == standby);
			// the promoted replica, UP again after an outage, has the schema from replication: nothing to apply
			migrations.onNodeUp(new DatabaseNodeUpEvent(standby));
			await().atMost(WAIT)
				.untilAsserted(() -> assertThat(output).contains("Schema of node 'standby-1' at version 1 (0 migrations applied)"));

			cluster.primary().restart();
			await().atMost(WAIT).until(() -> dataSource.getPolicy().splitBrainNodes(), List.of("primary")::equals);
			migrations.onNodeUp(new DatabaseNodeUpEvent(primary));
			await().atMost(WAIT).untilAsserted(() -> assertThat(output)
				.contains("Schema migration skipped on node 'primary': it is kept off writes after a split brain"));
			migrations.destroy();
		}
	}

}
