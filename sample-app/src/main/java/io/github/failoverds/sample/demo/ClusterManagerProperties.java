package io.github.failoverds.sample.demo;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the demo's cluster manager, under {@code demo.cluster-manager}.
 *
 * @param enabled whether it promotes the replica on its own; {@code false} leaves the promotion to the
 * {@code promote} control
 * @param promoteAfter how long the cluster must be without a primary before it promotes the replica; zero, like
 * {@code enabled: false}, leaves the promotion to the control
 */
@ConfigurationProperties("demo.cluster-manager")
record ClusterManagerProperties(@DefaultValue("true") boolean enabled, @DefaultValue("5s") Duration promoteAfter) {

	/**
	 * Whether the cluster manager promotes the replica on its own.
	 * @return {@code true} when enabled with a positive delay
	 */
	boolean automatic() {
		return this.enabled && !this.promoteAfter.isNegative() && !this.promoteAfter.isZero();
	}

}
