package io.github.failoverds.sample.orders;

import java.util.List;
import java.util.NavigableSet;
import java.util.concurrent.ConcurrentSkipListSet;

import org.springframework.stereotype.Component;

/**
 * The orders this application acknowledged (their insert committed and the order went back to the caller),
 * remembered in memory, so that anyone can check that none of them is lost, across a failover too: a commit
 * the database acknowledged must still be there on whichever node serves now.
 */
@Component
public class AcknowledgedOrders {

	private final NavigableSet<Long> ids = new ConcurrentSkipListSet<>();

	private final OrderRepository orders;

	AcknowledgedOrders(OrderRepository orders) {
		this.orders = orders;
	}

	/**
	 * Remember an order that was acknowledged.
	 * @param order the order as stored
	 */
	public void add(Order order) {
		this.ids.add(order.id());
	}

	/**
	 * How many orders were acknowledged, from memory (no database access).
	 * @return the count and the highest id
	 */
	public Summary summary() {
		return new Summary(this.ids.size(), this.ids.isEmpty() ? null : this.ids.last());
	}

	/**
	 * Read which of the acknowledged orders are in the database now, through the application's DataSource.
	 * @param upTo only the orders up to this id (e.g. the last one acknowledged before a crash), or
	 * {@code null} for all
	 * @return how many there are to check, and how many of them are there
	 */
	public Check check(Long upTo) {
		List<Long> acknowledged = List.copyOf((upTo != null) ? this.ids.headSet(upTo, true) : this.ids);
		return new Check(upTo, acknowledged.size(), this.orders.countExisting(acknowledged));
	}

	/**
	 * The acknowledged orders, from memory.
	 *
	 * @param count how many
	 * @param lastId the highest id, {@code null} before the first
	 */
	public record Summary(long count, Long lastId) {
	}

	/**
	 * The acknowledged orders checked against the database.
	 *
	 * @param upTo the highest id checked, {@code null} for all
	 * @param acknowledged how many orders up to that id were acknowledged
	 * @param stillThere how many of them the database has
	 */
	public record Check(Long upTo, long acknowledged, long stillThere) {
	}

}
