package io.github.failoverds.autoconfigure.dropin;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.ApplicationContext;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @AutoConfigureTestDatabase} on a whole application whose nodes point at servers that do not exist:
 * the test database replaces the DataSource, the starter steps aside and opens no connection.
 */
@SpringBootTest(webEnvironment = WebEnvironment.NONE,
		properties = { "spring.datasource.url=jdbc:postgresql://127.0.0.1:9/app",
				"failover.datasource.failover-urls=jdbc:postgresql://127.0.0.1:9/standby" })
@AutoConfigureTestDatabase
@DirtiesContext
class AutoConfigureTestDatabaseDropInTest {

	@Autowired
	private ApplicationContext context;

	@Autowired
	private BookRepository books;

	@Test
	void theTestDatabaseReplacesTheNodes() {
		StarterBeans.assertTestDatabaseInstead(this.context);
		this.books.save(new Book("Ubik"));
		assertThat(this.books.count()).isOne();
	}

}
