/**
 * The runner's scenario {@code virtual-threads}: throughput of 200 virtual threads on pools of 10, raw HikariCP
 * against the failover data source, and a SIGKILL failover under virtual threads with a Flight Recorder recording
 * of pinned carriers.
 */
package io.github.failoverds.benchmarks.vthreads;
