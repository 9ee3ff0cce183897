package io.github.failoverds.sample.demo;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Starts the {@link DemoCluster} once every bean is defined and before any is created, and lists its
 * nodes in the environment ({@code failover.datasource.nodes[*]}), where the failover DataSource finds
 * them when it is created. The cluster is the bean {@value #CLUSTER_BEAN}: registered before the
 * application's beans are created, it is destroyed after them, so at shutdown the pools close before the
 * servers stop.
 */
class DemoDatabasesPostProcessor implements BeanFactoryPostProcessor {

	private static final String CLUSTER_BEAN = "demoCluster";

	private static final String PROPERTY_SOURCE = "demoDatabases";

	private static final Logger logger = LoggerFactory.getLogger(DemoDatabasesPostProcessor.class);

	private final ConfigurableEnvironment environment;

	DemoDatabasesPostProcessor(ConfigurableEnvironment environment) {
		this.environment = environment;
	}

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
		DemoCluster cluster = DemoCluster.start();
		beanFactory.registerSingleton(CLUSTER_BEAN, cluster);
		((DefaultSingletonBeanRegistry) beanFactory).registerDisposableBean(CLUSTER_BEAN, cluster::close);
		this.environment.getPropertySources()
			.addFirst(new MapPropertySource(PROPERTY_SOURCE, cluster.nodeProperties()));
		logger.info("No database configured: started the demo databases {}", cluster);
	}

}
