/**
 * Spring Boot wiring of the failover DataSource: the {@code failover.datasource.*} property tree ({@link
 * io.github.failoverds.autoconfigure.FailoverDataSourceProperties}), the shortcuts that also name nodes
 * ({@code spring.datasource.*}, {@code DATABASE_URL}, a {@code JdbcConnectionDetails} bean), validation with its
 * failure analyzers, and the auto-configurations. The only place that reads Spring's {@code Environment}; uses
 * the core packages through their public API.
 */
package io.github.failoverds.autoconfigure;
