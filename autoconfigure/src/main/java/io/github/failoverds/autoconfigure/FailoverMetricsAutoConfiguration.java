package io.github.failoverds.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;

import io.github.failoverds.actuate.FailoverDataSourceMeterBinder;
import io.github.failoverds.actuate.FailoverMetricsRecorder;
import io.github.failoverds.actuate.ReplicationLagMeters;
import io.github.failoverds.routing.FailoverDataSource;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer metrics of the failover data source, when a {@link MeterRegistry} bean exists: HikariCP's
 * {@code hikaricp.connections*} for every node's pool, node and leak gauges
 * ({@link FailoverDataSourceMeterBinder}), and the failover counter and health-check timer
 * ({@link FailoverMetricsRecorder}).
 */
@AutoConfiguration(after = FailoverDataSourceAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
@ConditionalOnBean({ FailoverDataSource.class, MeterRegistry.class })
public final class FailoverMetricsAutoConfiguration {

	/**
	 * Told of every probe and change by the data source; it depends on the registry only, never on the
	 * data source, so that the data source can be created with it.
	 */
	@Bean
	FailoverMetricsRecorder failoverMetricsRecorder(MeterRegistry registry) {
		return new FailoverMetricsRecorder(registry);
	}

	/**
	 * Told of every probe by the data source, like the recorder.
	 */
	@Bean
	ReplicationLagMeters failoverReplicationLagMeters(MeterRegistry registry) {
		return new ReplicationLagMeters(registry);
	}

	@Bean
	FailoverDataSourceMeterBinder failoverDataSourceMeterBinder(FailoverDataSource dataSource) {
		return new FailoverDataSourceMeterBinder(dataSource);
	}

}
