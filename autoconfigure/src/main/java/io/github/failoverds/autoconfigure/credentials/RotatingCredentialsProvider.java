package io.github.failoverds.autoconfigure.credentials;

import java.time.Instant;

import com.zaxxer.hikari.HikariCredentialsProvider;

/**
 * A {@link HikariCredentialsProvider} whose credentials change while the application runs and that knows when
 * they last changed. For a node with such a provider the failover DataSource shows that time in its health
 * ({@code credentialsChangedAt}) and as the gauge {@code failover.datasource.credentials.age}; implement it on a
 * provider bean of your own to get the same.
 */
public interface RotatingCredentialsProvider extends HikariCredentialsProvider {

	/**
	 * When the credentials in use were last changed.
	 * @return the time, or {@code null} when it is not known
	 */
	Instant getChangedAt();

}
