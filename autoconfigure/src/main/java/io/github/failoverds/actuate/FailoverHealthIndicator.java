package io.github.failoverds.actuate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.failoverds.routing.ActiveNodeChange.Reason;
import io.github.failoverds.routing.DatabaseNode;
import io.github.failoverds.routing.FailoverDataSource;
import io.github.failoverds.routing.FailoverHistory;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code failover} health component: UP while a writable node serves, the preferred primary or a
 * standby ({@code active} tells which); DOWN when no node does. Details: {@code active},
 * {@code failovers}, {@code failbacks} and {@code switchovers} (changes of the active node since start,
 * by reason), {@code waitingBorrows} (borrows waiting for a writable node now), {@code splitBrain} (only
 * while one lasts) and, per node under {@code nodes.<name>}, its {@link NodeState} (with a replica's lag
 * under {@code replication}). Everything comes from the
 * background monitor's state and the pools' counters: a health request never opens a connection.
 */
public class FailoverHealthIndicator implements HealthIndicator {

	private final FailoverDataSource dataSource;

	/**
	 * Create the indicator.
	 * @param dataSource the failover data source
	 */
	public FailoverHealthIndicator(FailoverDataSource dataSource) {
		this.dataSource = dataSource;
	}

	@Override
	public Health health() {
		FailoverHistory history = this.dataSource.getPolicy().history();
		Health.Builder health = ActiveNodeHealthIndicator.activeNode(this.dataSource)
			.withDetail("failovers", history.count(Reason.FAILOVER))
			.withDetail("failbacks", history.count(Reason.FAILBACK))
			.withDetail("switchovers", history.count(Reason.SWITCHOVER))
			.withDetail("waitingBorrows", this.dataSource.getWaitingBorrows());
		List<String> splitBrain = this.dataSource.getPolicy().splitBrainNodes();
		if (!splitBrain.isEmpty()) {
			health.withDetail("splitBrain", splitBrain);
		}
		Map<String, NodeState> nodes = new LinkedHashMap<>();
		for (DatabaseNode node : this.dataSource.getNodes()) {
			nodes.put(node.name(), NodeState.of(node, this.dataSource.getReplicaSelector()));
		}
		return health.withDetail("nodes", nodes).build();
	}

}
