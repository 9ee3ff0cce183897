package io.github.failoverds.autoconfigure.dropin;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;

import io.github.failoverds.actuate.FailoverEndpoint;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.ApplicationContext;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A JPA application with H2 on the class path and no database configured, the starter added: it starts, on
 * Spring Boot's embedded DataSource, as it did without the starter.
 */
@SpringBootTest(webEnvironment = WebEnvironment.NONE,
		properties = "management.endpoints.web.exposure.include=health,failover")
@DirtiesContext
class EmbeddedDatabaseDropInTest {

	@Autowired
	private ApplicationContext context;

	@Autowired
	private DataSource dataSource;

	@Autowired
	private BookRepository books;

	@Test
	void springBootsEmbeddedDataSourceServes() {
		assertThat(this.dataSource).isInstanceOfSatisfying(HikariDataSource.class,
				(hikari) -> assertThat(hikari.getJdbcUrl()).startsWith("jdbc:h2:mem:"));
		StarterBeans.assertSteppedAside(this.context);
		assertThat(this.context.getBeansOfType(FailoverEndpoint.class)).isEmpty();
		this.books.save(new Book("Dune"));
		assertThat(this.books.findAll()).extracting(Book::getTitle).contains("Dune");
	}

}
