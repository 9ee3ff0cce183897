package io.github.failoverds.autoconfigure.dropin;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.context.ApplicationContext;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @DataJpaTest} of an application whose node points at a server that does not exist: the slice's
 * embedded test database replaces it, as it would replace Spring Boot's own DataSource.
 */
@DataJpaTest(properties = "spring.datasource.url=jdbc:postgresql://127.0.0.1:9/app")
@DirtiesContext
class DataJpaTestDropInTest {

	@Autowired
	private ApplicationContext context;

	@Autowired
	private BookRepository books;

	@Test
	void theSliceRunsOnItsTestDatabase() {
		StarterBeans.assertTestDatabaseInstead(this.context);
		this.books.save(new Book("Neuromancer"));
		assertThat(this.books.findAll()).extracting(Book::getTitle).containsExactly("Neuromancer");
	}

}
