package io.github.failoverds.autoconfigure;

import java.util.List;

import com.zaxxer.hikari.HikariConfig;

import io.github.failoverds.actuate.FailoverEndpoint;
import io.github.failoverds.actuate.NodeState;
import io.github.failoverds.autoconfigure.event.ActiveNodeChangedEvent;
import io.github.failoverds.autoconfigure.event.DatabaseNodeDownEvent;
import io.github.failoverds.autoconfigure.event.DatabaseNodeEvent;
import io.github.failoverds.autoconfigure.event.DatabaseNodeRoleChangedEvent;
import io.github.failoverds.autoconfigure.event.DatabaseNodeUpEvent;
import io.github.failoverds.autoconfigure.event.FailedBackEvent;
import io.github.failoverds.autoconfigure.event.FailedOverEvent;
import io.github.failoverds.autoconfigure.event.FailoverDataSourceEvent;
import io.github.failoverds.autoconfigure.event.SplitBrainEvent;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.boot.context.properties.bind.BindableRuntimeHintsRegistrar;
import org.springframework.util.ClassUtils;

/**
 * What the starter reaches by reflection, for applications processed ahead of time and native images
 * (registered in {@code META-INF/spring/aot.factories}, so it applies whichever auto-configuration matched at
 * build time):
 * <ul>
 * <li>binding of {@code failover.datasource.*}: the property tree with its list of
 * {@link FailoverDataSourceProperties.Node nodes}, and {@link HikariConfig}, which every {@code hikari.*} level
 * (and {@code spring.datasource.hikari.*}) binds outside {@code @ConfigurationProperties} too;</li>
 * <li>the fields of {@link HikariConfig}, which HikariCP copies reflectively into every pool;</li>
 * <li>what Jackson writes for Actuator: the health details of a node ({@link NodeState}) and, with Actuator's
 * endpoint support on the class path, the payloads of the {@code failover} endpoint;</li>
 * <li>the getters of the {@link FailoverDataSourceEvent application events}, which listener conditions read
 * ({@code @EventListener(condition = "#event.nodeName == 'primary'")});</li>
 * <li>the failure analyzers, which Spring Boot instantiates from {@code META-INF/spring.factories}.</li>
 * </ul>
 */
class FailoverRuntimeHints implements RuntimeHintsRegistrar {

	private static final String OPERATION_RESPONSE_BODY = "org.springframework.boot.actuate.endpoint.OperationResponseBody";

	private static final List<Class<? extends FailoverDataSourceEvent>> EVENTS = List.of(FailoverDataSourceEvent.class,
			DatabaseNodeEvent.class, DatabaseNodeUpEvent.class, DatabaseNodeDownEvent.class,
			DatabaseNodeRoleChangedEvent.class, ActiveNodeChangedEvent.class, FailedOverEvent.class,
			FailedBackEvent.class, SplitBrainEvent.class);

	private static final List<Class<?>> FAILURE_ANALYZERS = List.of(NoReachableNodeFailureAnalyzer.class,
			InvalidFailoverPropertyFailureAnalyzer.class);

	private final BindingReflectionHintsRegistrar bindingHints = new BindingReflectionHintsRegistrar();

	@Override
	public void registerHints(RuntimeHints hints, ClassLoader classLoader) {
		BindableRuntimeHintsRegistrar.forTypes(FailoverDataSourceProperties.class, HikariConfig.class)
			.registerHints(hints, classLoader);
		hints.reflection().registerType(HikariConfig.class, MemberCategory.ACCESS_DECLARED_FIELDS);
		this.bindingHints.registerReflectionHints(hints.reflection(), NodeState.class);
		if (ClassUtils.isPresent(OPERATION_RESPONSE_BODY, classLoader)) {
			this.bindingHints.registerReflectionHints(hints.reflection(), FailoverEndpoint.FailoverDescriptor.class,
					FailoverEndpoint.SwitchoverDescriptor.class);
		}
		EVENTS.forEach((event) -> hints.reflection().registerType(event, MemberCategory.INVOKE_PUBLIC_METHODS));
		FAILURE_ANALYZERS.forEach((analyzer) -> hints.reflection()
			.registerType(analyzer, MemberCategory.INVOKE_DECLARED_CONSTRUCTORS));
	}

}
