package io.github.failoverds.sample.orders;

/**
 * An order to write.
 *
 * @param item what is ordered
 * @param quantity how many
 */
public record NewOrder(String item, int quantity) {
}
