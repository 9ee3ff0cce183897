package io.github.failoverds.sample.demo;

import java.sql.Connection;
import java.sql.SQLException;

import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo databases live as long as the application context: started before any bean is created (a primary
 * and its replica), listed as the failover DataSource's nodes, and stopped when the context closes, after the
 * DataSource.
 */
class DemoDatabasesPostProcessorTest {

	@Test
	void startsTheNodesForTheDataSourceAndStopsThemAfterIt() {
		DemoCluster cluster;
		ClosingDataSource dataSource;
		try (GenericApplicationContext context = new GenericApplicationContext()) {
			context.addBeanFactoryPostProcessor(new DemoDatabasesPostProcessor(context.getEnvironment()));
			context.registerBean("dataSource", ClosingDataSource.class,
					() -> new ClosingDataSource(context.getEnvironment()));
			context.refresh();
			cluster = context.getBean(DemoCluster.class);
			dataSource = context.getBean(ClosingDataSource.class);
			Environment environment = context.getEnvironment();
			assertThat(environment.getProperty("failover.datasource.nodes[0].name")).isEqualTo("primary");
			assertThat(environment.getProperty("failover.datasource.nodes[1].name")).isEqualTo("standby-1");
			assertThat(environment.getProperty("failover.datasource.nodes[0].url"))
				.isEqualTo(cluster.node("primary").orElseThrow().jdbcUrl());
			assertThat(cluster.nodes()).allSatisfy((node) -> assertThat(node.server().isRunning()).isTrue());
			assertThat(cluster.nodes()).extracting(DemoNode::role).containsExactly(ServerRole.PRIMARY, ServerRole.REPLICA);
		}
		assertThat(dataSource.primaryReachableWhenClosed).isTrue();
		assertThat(cluster.nodes()).allSatisfy((node) -> assertThat(node.server().isRunning()).isFalse());
	}

	/**
	 * A data source on the primary that, when the context closes it, records whether the primary still
	 * answers.
	 */
	static class ClosingDataSource extends PGSimpleDataSource implements AutoCloseable {

		private boolean primaryReachableWhenClosed;

		ClosingDataSource(Environment environment) {
			setURL(environment.getProperty("failover.datasource.nodes[0].url"));
			setUser(environment.getProperty("failover.datasource.nodes[0].username"));
		}

		@Override
		public void close() {
			try (Connection connection = getConnection()) {
				this.primaryReachableWhenClosed = connection.isValid(5);
			}
			catch (SQLException ex) {
				this.primaryReachableWhenClosed = false;
			}
		}

	}

}
