package io.github.failoverds.leak;

import java.time.Duration;
import java.time.Instant;

/**
 * A borrowed connection held longer than the leak threshold and not returned yet.
 *
 * @param node the node the connection came from
 * @param thread the name of the thread that borrowed it
 * @param borrowedAt when it was borrowed
 * @param heldFor how long it has been held so far
 * @param stackTrace where it was borrowed, as one string; {@code null} when stack capture is off
 */
public record SuspectedLeak(String node, String thread, Instant borrowedAt, Duration heldFor, String stackTrace) {
}
