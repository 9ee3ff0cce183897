/**
 * Credentials that change while the application runs: {@link
 * io.github.failoverds.autoconfigure.credentials.RotatingCredentialsProvider} (HikariCP's credentials provider
 * that knows when its credentials last changed), {@link
 * io.github.failoverds.autoconfigure.credentials.DirectoryCredentialsProvider} (files in a directory, as Kubernetes
 * mounts a secret) and {@link io.github.failoverds.autoconfigure.credentials.CredentialsWatcher}, which looks at
 * the directories in the background. Free of Spring: every node's pool and probe ask the provider for each new
 * connection.
 */
package io.github.failoverds.autoconfigure.credentials;
