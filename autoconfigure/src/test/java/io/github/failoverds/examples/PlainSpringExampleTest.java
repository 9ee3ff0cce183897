package io.github.failoverds.examples;

import java.util.Map;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import io.github.failoverds.routing.FailoverDataSource;
import io.github.failoverds.testsupport.EmbeddedPostgresNode;
import io.github.failoverds.testsupport.EmbeddedPostgresNodes;

import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's plain Spring Framework example (no Spring Boot) on two real PostgreSQL servers: the bean
 * serves queries and its pools and probes close with the context.
 */
class PlainSpringExampleTest {

	@AutoClose
	private static final EmbeddedPostgresNodes servers = EmbeddedPostgresNodes.start("primary", "standby-1");

	@Test
	void aPlainSpringContextServesFromThePrimaryAndClosesThePools() {
		EmbeddedPostgresNode primary = servers.get(0);
		FailoverDataSource dataSource;
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
			context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("db",
						Map.of("db.primary.url", primary.jdbcUrl(), "db.standby.url", servers.get(1).jdbcUrl(),
								"db.user", primary.username(), "db.password", primary.password())));
			context.register(PlainSpringExample.class);
			context.refresh();
			Integer port = context.getBean(JdbcClient.class).sql("SELECT inet_server_port()").query(Integer.class).single();
			assertThat(port).isEqualTo(primary.port());
			dataSource = context.getBean(FailoverDataSource.class);
		}
		assertThat(dataSource.getNodes()).allSatisfy((node) -> assertThat(node.pool().isClosed()).isTrue());
	}

}
