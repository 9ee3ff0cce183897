/**
 * Architecture rules of the whole project, checked on its compiled classes.
 */
package io.github.failoverds.architecture;
