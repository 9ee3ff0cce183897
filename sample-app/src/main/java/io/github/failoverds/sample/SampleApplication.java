package io.github.failoverds.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small order service whose only database configuration is a list of nodes: the failover starter
 * does the rest. Without configured nodes it starts two embedded PostgreSQL servers of its own (see
 * {@link DemoDatabasesInitializer}).
 */
@SpringBootApplication
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
