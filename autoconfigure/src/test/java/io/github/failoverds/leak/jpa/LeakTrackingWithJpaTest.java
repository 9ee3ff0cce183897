package io.github.failoverds.leak.jpa;

import java.time.Duration;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import org.junit.jupiter.api.Test;

import io.github.failoverds.autoconfigure.FailoverDataSourceAutoConfiguration;
import io.github.failoverds.routing.FailoverDataSource;

import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.orm.jpa.EntityManagerFactoryUtils;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * JPA/Hibernate over the failover DataSource with leak tracking on: Hibernate works through the
 * tracking wrapper, a connection it holds past the threshold is listed with Hibernate's borrow stack,
 * and every connection it borrows goes back to the pool and off the list when the transaction ends.
 */
class LeakTrackingWithJpaTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(FailoverDataSourceAutoConfiguration.class,
				DataSourceAutoConfiguration.class, HibernateJpaAutoConfiguration.class,
				TransactionAutoConfiguration.class))
		.withUserConfiguration(Entities.class)
		.withPropertyValues("failover.datasource.nodes[0].url=jdbc:h2:mem:jpa-leaks-a",
				"failover.datasource.nodes[1].url=jdbc:h2:mem:jpa-leaks-b",
				"failover.datasource.leak-detection.threshold=200ms", "spring.jpa.hibernate.ddl-auto=create-drop");

	@Test
	void hibernateWorksThroughTheTrackingWrapperAndReturnsEveryConnection() {
		this.runner.run((context) -> {
			FailoverDataSource dataSource = context.getBean(FailoverDataSource.class);
			assertThat(dataSource.getConnectionTracker().isEnabled()).isTrue();
			EntityManagerFactory entityManagerFactory = context.getBean(EntityManagerFactory.class);
			TransactionTemplate transactions = context.getBean(TransactionTemplate.class);

			Long id = transactions.execute((status) -> {
				EntityManager entityManager = EntityManagerFactoryUtils
					.getTransactionalEntityManager(entityManagerFactory);
				Order order = new Order("book");
				entityManager.persist(order);
				entityManager.flush();
				// the transaction's connection, held past the threshold, is listed with Hibernate's borrow
				await().atMost(Duration.ofSeconds(10))
					.until(() -> dataSource.getConnectionTracker().suspectedLeaks(), (leaks) -> leaks.size() == 1);
				assertThat(dataSource.getConnectionTracker().suspectedLeaks()).singleElement()
					.satisfies((leak) -> assertThat(leak.stackTrace()).contains("JpaTransactionManager.doBegin"));
				return order.getId();
			});
			assertThat(dataSource.getConnectionTracker().suspectedLeaks()).isEmpty();
			assertThat(dataSource.getActiveNode().poolStats().getActiveConnections()).isZero();

			String item = transactions.execute((status) -> EntityManagerFactoryUtils
				.getTransactionalEntityManager(entityManagerFactory)
				.find(Order.class, id)
				.getItem());
			assertThat(item).isEqualTo("book");
			assertThat(dataSource.getConnectionTracker().suspectedLeaks()).isEmpty();
			assertThat(dataSource.getActiveNode().poolStats().getActiveConnections()).isZero();
		});
	}

	@Configuration(proxyBeanMethods = false)
	@AutoConfigurationPackage
	static class Entities {

	}

}
