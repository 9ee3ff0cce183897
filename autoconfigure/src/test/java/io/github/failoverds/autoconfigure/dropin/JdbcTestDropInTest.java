package io.github.failoverds.autoconfigure.dropin;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.test.autoconfigure.JdbcTest;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @JdbcTest} with no database configured: the slice's embedded test database, nothing of the starter.
 */
@JdbcTest
@DirtiesContext
class JdbcTestDropInTest {

	@Autowired
	private ApplicationContext context;

	@Autowired
	private JdbcClient jdbc;

	@Test
	void theSliceRunsOnItsTestDatabase() {
		StarterBeans.assertTestDatabaseInstead(this.context);
		assertThat(this.jdbc.sql("SELECT 1").query(Integer.class).single()).isOne();
	}

}
