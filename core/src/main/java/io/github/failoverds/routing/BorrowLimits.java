package io.github.failoverds.routing;

import java.time.Duration;

/**
 * How long one {@code getConnection()} may take.
 *
 * @param connectionTimeout the whole budget of the call, across all nodes
 * @param awaitWritable how much of it may be spent waiting for a writable node while there is none;
 * zero fails such a borrow at once
 */
record BorrowLimits(Duration connectionTimeout, Duration awaitWritable) {
}
