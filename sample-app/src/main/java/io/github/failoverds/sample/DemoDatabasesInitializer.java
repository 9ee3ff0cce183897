package io.github.failoverds.sample;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Zero-setup demo: when no database node is configured (no {@code failover.datasource.nodes[0].url}),
 * starts two embedded PostgreSQL servers, points the nodes {@code primary} and {@code standby-1} at
 * them, and stops them with the application. With nodes configured it does nothing.
 */
public class DemoDatabasesInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	static final int NODES = 2;

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		ConfigurableEnvironment environment = context.getEnvironment();
		if (environment.containsProperty("failover.datasource.nodes[0].url")) {
			return;
		}
		DemoDatabases databases = DemoDatabases.start(NODES);
		List<String> urls = databases.jdbcUrls();
		Map<String, Object> nodes = new LinkedHashMap<>();
		for (int i = 0; i < urls.size(); i++) {
			nodes.put("failover.datasource.nodes[" + i + "].url", urls.get(i));
			nodes.put("failover.datasource.nodes[" + i + "].username", "postgres");
		}
		environment.getPropertySources().addFirst(new MapPropertySource("demoDatabases", nodes));
		DefaultListableBeanFactory beanFactory = (DefaultListableBeanFactory) context.getBeanFactory();
		beanFactory.registerSingleton("demoDatabases", databases);
		// registered first, destroyed last: the pools close before their servers stop
		beanFactory.registerDisposableBean("demoDatabases", databases::close);
	}

}
