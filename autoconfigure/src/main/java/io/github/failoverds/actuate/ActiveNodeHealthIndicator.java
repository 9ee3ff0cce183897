package io.github.failoverds.actuate;

import io.github.failoverds.routing.DatabaseNode;
import io.github.failoverds.routing.FailoverDataSource;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Spring Boot's {@code db} health component for the failover data source: UP while a writable node
 * serves (detail {@code active}), DOWN when none does. It reads the background monitor's state and
 * never opens a connection, so it cannot hang on a dead node, and a DOWN standby does not make the
 * application DOWN.
 */
public class ActiveNodeHealthIndicator implements HealthIndicator {

	private static final String NO_WRITABLE_NODE = "No writable node is available";

	private final FailoverDataSource dataSource;

	/**
	 * Create the indicator.
	 * @param dataSource the failover data source
	 */
	public ActiveNodeHealthIndicator(FailoverDataSource dataSource) {
		this.dataSource = dataSource;
	}

	@Override
	public Health health() {
		return activeNode(this.dataSource).build();
	}

	/**
	 * UP with the active node's name, or DOWN with the reason.
	 * @param dataSource the failover data source
	 * @return a builder to add details to
	 */
	static Health.Builder activeNode(FailoverDataSource dataSource) {
		DatabaseNode active = dataSource.getActiveNode();
		return (active != null) ? Health.up().withDetail("active", active.name())
				: Health.down().withDetail("error", NO_WRITABLE_NODE);
	}

}
