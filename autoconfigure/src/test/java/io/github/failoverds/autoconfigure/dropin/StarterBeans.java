package io.github.failoverds.autoconfigure.dropin;

import javax.sql.DataSource;

import io.github.failoverds.actuate.FailoverHealthIndicator;
import io.github.failoverds.autoconfigure.FailoverSqlExceptionTranslator;
import io.github.failoverds.routing.FailoverDataSource;

import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a context holds of the starter: all of it when the failover DataSource serves, nothing when it stepped
 * aside.
 */
final class StarterBeans {

	private StarterBeans() {
	}

	/**
	 * Assert that the starter created nothing and that the application's DataSource is the embedded test
	 * database.
	 * @param context the test's context
	 */
	static void assertTestDatabaseInstead(ApplicationContext context) {
		assertThat(context.getBean(DataSource.class)).isInstanceOf(EmbeddedDatabase.class);
		assertSteppedAside(context);
	}

	/**
	 * Assert that the starter created nothing: no failover DataSource, no health indicator, no exception
	 * translator.
	 * @param context the test's context
	 */
	static void assertSteppedAside(ApplicationContext context) {
		assertThat(context.getBeansOfType(FailoverDataSource.class)).isEmpty();
		assertThat(context.getBeansOfType(FailoverHealthIndicator.class)).isEmpty();
		assertThat(context.getBeansOfType(FailoverSqlExceptionTranslator.class)).isEmpty();
	}

	/**
	 * Assert that the application's DataSource is the failover DataSource.
	 * @param context the test's context
	 * @return the failover DataSource
	 */
	static FailoverDataSource assertFailoverDataSource(ApplicationContext context) {
		assertThat(context.getBean(DataSource.class)).isInstanceOf(FailoverDataSource.class);
		return context.getBean(FailoverDataSource.class);
	}

}
