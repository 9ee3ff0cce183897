/**
 * Real database servers and real network faults for tests, benchmarks and demos: embedded PostgreSQL
 * nodes that can be crashed, stopped and restarted on the same port ({@link EmbeddedPostgresNode}),
 * streaming replication between them ({@link PostgresReplicationCluster}), a TCP proxy that black-holes,
 * delays, resets or refuses connections ({@link FaultProxy}), and a recorded write load
 * ({@link WriteLoad}), on platform or virtual threads ({@link VirtualThreads}, by reflection so that the code stays
 * Java 17), and a Flight Recorder recording of virtual threads pinned to their carriers
 * ({@link PinnedCarrierRecording}).
 * <p>
 * {@link PatroniCluster} is the production-like counterpart: a real HA manager (Patroni, with one etcd member)
 * running two PostgreSQL 15 members in synchronous replication, for tests of planned switchovers and of crashes
 * where the promotion is Patroni's decision and its timing, not the test's. It needs Debian's {@code patroni},
 * {@code etcd-server} and {@code postgresql} packages; {@link PatroniCluster#unavailableReason()} lets a test skip
 * itself where they are missing.
 */
package io.github.failoverds.testsupport;
