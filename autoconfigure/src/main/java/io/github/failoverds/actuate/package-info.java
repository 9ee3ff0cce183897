/**
 * Actuator support: the {@code failover} health indicator, the {@code db} health of the active node, the
 * {@code failover} endpoint (read and manual switchover) and the Micrometer meters. Reads the core's state;
 * never opens a connection.
 */
package io.github.failoverds.actuate;
