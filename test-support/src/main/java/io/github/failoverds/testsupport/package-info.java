/**
 * Real database servers and real network faults for tests, benchmarks and demos: embedded PostgreSQL
 * nodes that can be crashed, stopped and restarted on the same port ({@link EmbeddedPostgresNode}),
 * streaming replication between them ({@link PostgresReplicationCluster}), a TCP proxy that black-holes,
 * delays, resets or refuses connections ({@link FaultProxy}), and a recorded write load
 * ({@link WriteLoad}).
 */
package io.github.failoverds.testsupport;
