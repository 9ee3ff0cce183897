/**
 * The README's examples of the core without Spring, compiled and run against real PostgreSQL.
 */
package io.github.failoverds.examples;
