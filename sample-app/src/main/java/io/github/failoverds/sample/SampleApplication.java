package io.github.failoverds.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * A small order service whose only database configuration is a list of nodes: the failover starter
 * does the rest. Without any database configured it starts two embedded PostgreSQL nodes of its own,
 * with controls to break them (see {@code io.github.failoverds.sample.demo}), and shows what happens on
 * a status page.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
