package io.github.failoverds.autoconfigure;

import com.zaxxer.hikari.HikariConfig;
import org.junit.jupiter.api.Test;

import io.github.failoverds.actuate.FailoverEndpoint;
import io.github.failoverds.actuate.NodeState;
import io.github.failoverds.actuate.PoolFigures;
import io.github.failoverds.autoconfigure.event.DatabaseNodeDownEvent;
import io.github.failoverds.autoconfigure.event.FailedOverEvent;
import io.github.failoverds.health.ProbeHistory;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.beans.factory.aot.AotServices;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.aot.hint.predicate.RuntimeHintsPredicates.reflection;

/**
 * The reflection hints of the starter: property binding, HikariCP's configuration copy, Actuator payloads,
 * events and failure analyzers; registered for every ahead-of-time build.
 */
class FailoverRuntimeHintsTest {

	private final RuntimeHints hints = new RuntimeHints();

	FailoverRuntimeHintsTest() {
		new FailoverRuntimeHints().registerHints(this.hints, getClass().getClassLoader());
	}

	@Test
	void bindsTheNestedListOfNodesAndTheirPoolSettings() {
		assertThat(reflection().onMethodInvocation(FailoverDataSourceProperties.class, "getNodes")).accepts(this.hints);
		assertThat(reflection().onMethodInvocation(FailoverDataSourceProperties.Node.class, "setUrl")).accepts(this.hints);
		assertThat(reflection().onMethodInvocation(FailoverDataSourceProperties.Node.class, "setCredentialsDirectory"))
			.accepts(this.hints);
		assertThat(reflection().onMethodInvocation(FailoverDataSourceProperties.Credentials.class, "setDirectory"))
			.accepts(this.hints);
		assertThat(reflection().onMethodInvocation(HikariConfig.class, "setMaximumPoolSize")).accepts(this.hints);
	}

	@Test
	void letsHikariCopyItsConfiguration() {
		assertThat(reflection().onFieldAccess(HikariConfig.class, "maxPoolSize")).accepts(this.hints);
		assertThat(reflection().onFieldAccess(HikariConfig.class, "credentialsProvider")).accepts(this.hints);
	}

	@Test
	void serialisesHealthDetailsAndEndpointPayloads() {
		assertThat(reflection().onMethodInvocation(NodeState.class, "credentialsChangedAt")).accepts(this.hints);
		assertThat(reflection().onMethodInvocation(PoolFigures.class, "active")).accepts(this.hints);
		assertThat(reflection().onMethodInvocation(FailoverEndpoint.FailoverDescriptor.class, "nodes"))
			.accepts(this.hints);
		assertThat(reflection().onMethodInvocation(FailoverEndpoint.NodeDescriptor.class, "history"))
			.accepts(this.hints);
		assertThat(reflection().onMethodInvocation(FailoverEndpoint.LeakDescriptor.class, "stackTrace"))
			.accepts(this.hints);
		assertThat(reflection().onMethodInvocation(ProbeHistory.Stats.class, "successRate")).accepts(this.hints);
		assertThat(reflection().onMethodInvocation(FailoverEndpoint.SwitchoverDescriptor.class, "changed"))
			.accepts(this.hints);
	}

	@Test
	void exposesTheEventsToListenerConditions() {
		assertThat(reflection().onMethodInvocation(DatabaseNodeDownEvent.class, "getNodeName")).accepts(this.hints);
		assertThat(reflection().onMethodInvocation(FailedOverEvent.class, "getTo")).accepts(this.hints);
	}

	@Test
	void createsTheFailureAnalyzers() throws NoSuchMethodException {
		assertThat(reflection().onConstructorInvocation(NoReachableNodeFailureAnalyzer.class.getDeclaredConstructor()))
			.accepts(this.hints);
		assertThat(reflection()
			.onConstructorInvocation(InvalidFailoverPropertyFailureAnalyzer.class.getDeclaredConstructor(Environment.class)))
			.accepts(this.hints);
	}

	@Test
	void isRegisteredForEveryAheadOfTimeBuild() {
		assertThat(AotServices.factories().load(RuntimeHintsRegistrar.class))
			.anyMatch(FailoverRuntimeHints.class::isInstance);
	}

}
