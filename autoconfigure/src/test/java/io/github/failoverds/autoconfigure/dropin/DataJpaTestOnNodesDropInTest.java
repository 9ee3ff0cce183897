package io.github.failoverds.autoconfigure.dropin;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase.Replace;
import org.springframework.context.ApplicationContext;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @DataJpaTest} that keeps the configured nodes ({@code replace = NONE}): repositories run on the
 * failover DataSource.
 */
@DataJpaTest(properties = { "failover.datasource.nodes[0].url=jdbc:h2:mem:dropin-jpa-a",
		"failover.datasource.nodes[1].url=jdbc:h2:mem:dropin-jpa-b", "spring.jpa.hibernate.ddl-auto=create-drop" })
@AutoConfigureTestDatabase(replace = Replace.NONE)
@DirtiesContext
class DataJpaTestOnNodesDropInTest {

	@Autowired
	private ApplicationContext context;

	@Autowired
	private BookRepository books;

	@Test
	void repositoriesRunOnTheFailoverDataSource() {
		StarterBeans.assertFailoverDataSource(this.context);
		this.books.save(new Book("Foundation"));
		assertThat(this.books.findAll()).extracting(Book::getTitle).containsExactly("Foundation");
	}

}
