package io.github.failoverds.routing;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariCredentialsProvider;
import com.zaxxer.hikari.util.Credentials;

/**
 * Opens every connection with the credentials a node's {@link HikariCredentialsProvider} gives at that moment,
 * as the node's pool does for each of its new connections: a probe then logs in with the same, possibly
 * rotated, credentials as the pool. Like HikariCP, a provider that gives no username leaves the login to the
 * target's own settings.
 */
final class CurrentCredentialsDataSource extends DataSourceSupport {

	private final DataSource target;

	private final HikariCredentialsProvider credentialsProvider;

	/**
	 * Create the data source.
	 * @param target opens the connections; must support {@link DataSource#getConnection(String, String)}
	 * @param credentialsProvider asked once per connection
	 */
	CurrentCredentialsDataSource(DataSource target, HikariCredentialsProvider credentialsProvider) {
		this.target = target;
		this.credentialsProvider = credentialsProvider;
	}

	@Override
	public Connection getConnection() throws SQLException {
		Credentials credentials = this.credentialsProvider.getCredentials();
		if (credentials == null || credentials.getUsername() == null) {
			return this.target.getConnection();
		}
		return this.target.getConnection(credentials.getUsername(), credentials.getPassword());
	}

}
