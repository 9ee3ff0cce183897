/**
 * The README's example of the failover DataSource in plain Spring Framework, compiled and run against real
 * PostgreSQL.
 */
package io.github.failoverds.examples;
