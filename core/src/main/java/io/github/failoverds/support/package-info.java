/**
 * Small helpers shared by the core packages: masking of secrets in text. Depends on the JDK only; every other
 * package of the project may use it.
 */
package io.github.failoverds.support;
