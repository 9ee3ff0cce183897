/**
 * Leak detection: every borrowed connection is tracked in a slot; a sweeper reports the ones held past the
 * threshold. May use {@code support}; knows nothing of routing or health.
 */
package io.github.failoverds.leak;
