package io.github.failoverds.testsupport;

import com.zaxxer.hikari.HikariConfig;

/**
 * A PostgreSQL server a test connects to: its JDBC URL and credentials, and a pool configuration made of
 * them.
 */
public interface PostgresEndpoint {

	/** @return the server's JDBC URL */
	String jdbcUrl();

	/** @return the user to connect as */
	String username();

	/** @return that user's password */
	String password();

	/**
	 * A HikariCP pool configuration for this server: its URL and credentials, and a pool size.
	 * @param maximumPoolSize the pool's maximum size
	 * @return a new configuration, for the caller to refine
	 */
	default HikariConfig poolConfig(int maximumPoolSize) {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(jdbcUrl());
		config.setUsername(username());
		config.setPassword(password());
		config.setMaximumPoolSize(maximumPoolSize);
		return config;
	}

}
