package io.github.failoverds.autoconfigure;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariCredentialsProvider;
import com.zaxxer.hikari.HikariDataSource;

import io.github.failoverds.autoconfigure.credentials.CredentialsWatcher;

import io.github.failoverds.routing.FailoverDataSource;
import io.github.failoverds.routing.FailoverListener;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.jdbc.autoconfigure.XADataSourceAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;

/**
 * Auto-configuration of the failover {@link DataSource}: one HikariCP pool per configured node behind
 * one routing {@link FailoverDataSource}, which the rest of Spring Boot (JdbcTemplate, transactions,
 * JPA, Flyway) uses as the application's DataSource. Backs off when the application defines its own
 * {@link DataSource} or sets {@code failover.datasource.enabled=false}; steps aside for Spring Boot's embedded
 * database when no node is configured and one is on the class path (see
 * {@link EmbeddedDatabaseFallbackCondition}), and for a test database that replaces the DataSource (see
 * {@link TestDatabaseCondition}).
 */
@AutoConfiguration(before = { XADataSourceAutoConfiguration.class, DataSourceAutoConfiguration.class },
		afterName = TestDatabaseCondition.TEST_DATABASE_AUTO_CONFIGURATION)
@ConditionalOnClass({ DataSource.class, HikariDataSource.class })
@ConditionalOnBooleanProperty(name = FailoverDataSourceProperties.PREFIX + ".enabled", matchIfMissing = true)
@EnableConfigurationProperties(FailoverDataSourceProperties.class)
public final class FailoverDataSourceAutoConfiguration {

	/**
	 * The failover DataSource, and the watcher of the credentials directories its nodes use.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingBean(DataSource.class)
	@Conditional(FailoverDataSourceCondition.class)
	static class FailoverDataSourceConfiguration {

		@Bean
		CredentialsWatcher failoverCredentialsWatcher(FailoverDataSourceProperties properties) {
			return new CredentialsWatcher(properties.getCredentials().getRefreshInterval());
		}

		@Bean
		FailoverDataSource dataSource(FailoverDataSourceProperties properties, Environment environment,
				ObjectProvider<JdbcConnectionDetails> connectionDetails, CredentialsWatcher credentialsWatcher,
				ObjectProvider<HikariCredentialsProvider> credentialsProvider,
				ObjectProvider<NodePoolCustomizer> customizers, ObjectProvider<FailoverListener> listeners) {
			NodeCredentialsSources credentialsSources = new NodeCredentialsSources(credentialsProvider.getIfUnique(),
					credentialsWatcher);
			return new FailoverDataSourceFactory(environment, connectionDetails.getIfAvailable(), credentialsSources,
					customizers.orderedStream().toList(), listeners.orderedStream().toList())
				.create(properties);
		}

	}

	@Bean
	@ConditionalOnMissingBean(DataSource.class)
	@Conditional(EmbeddedDatabaseFallbackCondition.class)
	EmbeddedDatabaseNotice failoverEmbeddedDatabaseNotice(Environment environment, ResourceLoader resourceLoader) {
		return new EmbeddedDatabaseNotice(environment, resourceLoader.getClassLoader());
	}

}
