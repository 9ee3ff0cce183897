/**
 * Spring {@code ApplicationEvent}s published for node and routing changes (node down and up, role change,
 * failover, fail-back, switchover, split brain), so that applications can alert on them with
 * {@code @EventListener}.
 */
package io.github.failoverds.autoconfigure.event;
