/**
 * What the starter knows of each node and how it learns it: the probe loop ({@link
 * io.github.failoverds.health.NodeHealthMonitor}), one probe per node over a connection of its own ({@link
 * io.github.failoverds.health.NodeProbe}), role checks, and the per-node state with its thresholds ({@link
 * io.github.failoverds.health.NodeHealth}). May use {@code support}; knows nothing of routing.
 */
package io.github.failoverds.health;
