package io.github.failoverds.sample.orders;

import java.time.OffsetDateTime;

/**
 * A stored order.
 *
 * @param id the order id
 * @param item what was ordered
 * @param quantity how many
 * @param createdAt when it was written
 * @param serverPort the port of the PostgreSQL server that answered
 */
public record Order(long id, String item, int quantity, OffsetDateTime createdAt, int serverPort) {
}
