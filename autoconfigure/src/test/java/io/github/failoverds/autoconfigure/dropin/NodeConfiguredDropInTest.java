package io.github.failoverds.autoconfigure.dropin;

import org.junit.jupiter.api.Test;

import io.github.failoverds.actuate.FailoverEndpoint;
import io.github.failoverds.actuate.FailoverHealthIndicator;
import io.github.failoverds.routing.DatabaseNode;
import io.github.failoverds.routing.FailoverDataSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.ApplicationContext;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same application with {@code spring.datasource.url} set (and a standby): the failover DataSource serves
 * it, with its health indicator and endpoint, although H2 is on the class path.
 */
@SpringBootTest(webEnvironment = WebEnvironment.NONE,
		properties = { "spring.datasource.url=jdbc:h2:mem:dropin-primary",
				"failover.datasource.failover-urls=jdbc:h2:mem:dropin-standby",
				"failover.datasource.hikari.maximum-pool-size=2",
				"management.endpoints.web.exposure.include=health,failover" })
@DirtiesContext
class NodeConfiguredDropInTest {

	@Autowired
	private ApplicationContext context;

	@Autowired
	private BookRepository books;

	@Test
	void theFailoverDataSourceServes() {
		FailoverDataSource dataSource = StarterBeans.assertFailoverDataSource(this.context);
		assertThat(dataSource.getNodes()).extracting(DatabaseNode::name).containsExactly("primary", "standby-1");
		assertThat(this.context.getBeansOfType(FailoverHealthIndicator.class)).hasSize(1);
		assertThat(this.context.getBeansOfType(FailoverEndpoint.class)).hasSize(1);
		this.books.save(new Book("Solaris"));
		assertThat(this.books.findAll()).extracting(Book::getTitle).contains("Solaris");
	}

}
