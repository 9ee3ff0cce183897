package io.github.failoverds.examples;

import java.time.Duration;

import com.zaxxer.hikari.HikariConfig;

import io.github.failoverds.routing.FailoverDataSource;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The README's "Without Spring Boot" example for plain Spring Framework, compiled and run by
 * {@link PlainSpringExampleTest}: keep the two in step.
 */
// README: plain-spring (begin)
@Configuration(proxyBeanMethods = false)
public class PlainSpringExample {

	@Bean(destroyMethod = "close")
	FailoverDataSource dataSource(@Value("${db.primary.url}") String primaryUrl,
			@Value("${db.standby.url}") String standbyUrl, @Value("${db.user}") String user,
			@Value("${db.password}") String password) {
		HikariConfig primary = new HikariConfig();
		primary.setJdbcUrl(primaryUrl);
		primary.setUsername(user);
		primary.setPassword(password);
		HikariConfig standby = new HikariConfig();
		primary.copyStateTo(standby);
		standby.setJdbcUrl(standbyUrl);
		return FailoverDataSource.builder()
			.node("primary", primary)
			.node("standby-1", standby)
			.awaitWritable(Duration.ofSeconds(10))
			.build();
	}

	@Bean
	JdbcClient jdbcClient(FailoverDataSource dataSource) {
		return JdbcClient.create(dataSource);
	}

}
// README: plain-spring (end)
