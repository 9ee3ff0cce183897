package io.github.failoverds.autoconfigure.dropin;

import org.junit.jupiter.api.Test;

import io.github.failoverds.routing.FailoverDataSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase.Replace;
import org.springframework.boot.jdbc.test.autoconfigure.JdbcTest;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @JdbcTest} that keeps the configured database ({@code replace = NONE}): the slice runs on the
 * failover DataSource, which the starter adds to the slice.
 */
@JdbcTest(properties = "spring.datasource.url=jdbc:h2:mem:dropin-jdbc-slice")
@AutoConfigureTestDatabase(replace = Replace.NONE)
@DirtiesContext
class JdbcTestOnNodesDropInTest {

	@Autowired
	private ApplicationContext context;

	@Autowired
	private JdbcClient jdbc;

	@Test
	void theSliceRunsOnTheFailoverDataSource() {
		FailoverDataSource dataSource = StarterBeans.assertFailoverDataSource(this.context);
		assertThat(this.jdbc.sql("SELECT 1").query(Integer.class).single()).isOne();
		assertThat(dataSource.getActiveNode().name()).isEqualTo("primary");
	}

}
