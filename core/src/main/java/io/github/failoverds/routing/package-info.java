/**
 * The failover {@link javax.sql.DataSource} and its decisions: the nodes and their pools, which node is active
 * ({@code FailoverDecision}, pure, applied under a lock by {@link io.github.failoverds.routing.FailoverPolicy}),
 * borrowing within the caller's budget, read/write
 * splitting, the listener API and the builder that wires it all without Spring. May use {@code health},
 * {@code leak} and {@code support}.
 */
package io.github.failoverds.routing;
