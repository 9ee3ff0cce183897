package io.github.failoverds.autoconfigure;

import io.github.failoverds.routing.FailoverDataSource;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.transaction.autoconfigure.TransactionManagerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.jdbc.support.SQLExceptionTranslator;

/**
 * Makes failover failures (a dead node, a node that turned read-only) surface as transient data-access
 * exceptions, in {@code JdbcTemplate}/{@code JdbcClient} and in the {@link JdbcTransactionManager}.
 * Only where the application's DataSource is the failover one: an application that defines its own
 * DataSource keeps Spring's translation as it is.
 */
@AutoConfiguration(after = FailoverDataSourceAutoConfiguration.class)
@ConditionalOnClass(SQLExceptionTranslator.class)
@ConditionalOnBean(FailoverDataSource.class)
public final class FailoverExceptionTranslationAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(SQLExceptionTranslator.class)
	FailoverSqlExceptionTranslator failoverSqlExceptionTranslator() {
		return new FailoverSqlExceptionTranslator();
	}

	@Bean
	TransactionManagerCustomizer<JdbcTransactionManager> failoverTransactionManagerCustomizer(
			SQLExceptionTranslator translator) {
		return (transactionManager) -> transactionManager.setExceptionTranslator(translator);
	}

}
