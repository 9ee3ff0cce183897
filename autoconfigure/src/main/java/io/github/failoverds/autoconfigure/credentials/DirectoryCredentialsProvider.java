package io.github.failoverds.autoconfigure.credentials;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

import com.zaxxer.hikari.util.Credentials;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Credentials read from files in a directory, laid out as Spring Boot's {@code configtree:} reads them and as
 * Kubernetes mounts a secret: the password in a file {@value #PASSWORD_FILE} and, optionally, the username in a
 * file {@value #USERNAME_FILE} (without it, the username given at creation). One trailing line break is
 * ignored.
 * <p>
 * The files are read again for every new connection and on every {@link #refresh()}, so that a changed secret
 * is used without a restart. While they cannot be read, or the password file is empty (for example halfway
 * through an update), the credentials read last stay in use and one warning says so. A change is logged, never
 * the values.
 */
public final class DirectoryCredentialsProvider implements RotatingCredentialsProvider {

	/** The file that holds the username. */
	public static final String USERNAME_FILE = "username";

	/** The file that holds the password. */
	public static final String PASSWORD_FILE = "password";

	private static final Logger logger = LoggerFactory.getLogger(DirectoryCredentialsProvider.class);

	private final String owner;

	private final Path directory;

	private final String defaultUsername;

	private volatile Snapshot current;

	private boolean unreadable;

	/**
	 * Read the credentials for the first time.
	 * @param owner whose credentials these are, for log lines (e.g. {@code node 'primary'})
	 * @param directory the directory that holds the files
	 * @param defaultUsername the username when there is no {@value #USERNAME_FILE} file (may be {@code null})
	 * @throws IllegalStateException when the password cannot be read; the message names the file and why
	 */
	public DirectoryCredentialsProvider(String owner, Path directory, String defaultUsername) {
		this.owner = owner;
		this.directory = directory;
		this.defaultUsername = defaultUsername;
		this.current = read();
	}

	@Override
	public Credentials getCredentials() {
		refresh();
		return this.current.credentials();
	}

	/**
	 * When the credentials in use were written: the newest modification time of their files.
	 * @return the time
	 */
	@Override
	public Instant getChangedAt() {
		return this.current.changedAt();
	}

	/**
	 * The directory the credentials are read from.
	 * @return the directory
	 */
	public Path getDirectory() {
		return this.directory;
	}

	/**
	 * Read the files again and use what they hold from now on; keep the credentials read last when they cannot
	 * be read.
	 * @return whether the credentials changed
	 */
	public synchronized boolean refresh() {
		Snapshot read;
		try {
			read = read();
		}
		catch (IllegalStateException ex) {
			if (!this.unreadable) {
				this.unreadable = true;
				logger.warn("Cannot read the credentials of {}: {}; the credentials read last stay in use", this.owner,
						ex.getMessage());
			}
			return false;
		}
		if (this.unreadable) {
			this.unreadable = false;
			logger.info("The credentials of {} in {} can be read again", this.owner, this.directory);
		}
		if (read.sameCredentialsAs(this.current)) {
			return false;
		}
		this.current = read;
		logger.info("The credentials of {} in {} changed (written {}): new connections use them", this.owner,
				this.directory, read.changedAt());
		return true;
	}

	private Snapshot read() {
		Path passwordFile = this.directory.resolve(PASSWORD_FILE);
		String password = contentOf(passwordFile);
		if (password.isEmpty()) {
			throw new IllegalStateException(passwordFile + " is empty");
		}
		Instant written = lastModified(passwordFile);
		Path usernameFile = this.directory.resolve(USERNAME_FILE);
		String username = this.defaultUsername;
		if (Files.exists(usernameFile)) {
			String content = contentOf(usernameFile);
			username = content.isEmpty() ? this.defaultUsername : content;
			Instant usernameWritten = lastModified(usernameFile);
			written = usernameWritten.isAfter(written) ? usernameWritten : written;
		}
		return new Snapshot(Credentials.of(username, password), written);
	}

	private static String contentOf(Path file) {
		try {
			String content = Files.readString(file, StandardCharsets.UTF_8);
			if (content.endsWith("\r\n")) {
				return content.substring(0, content.length() - 2);
			}
			return content.endsWith("\n") ? content.substring(0, content.length() - 1) : content;
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot read " + file + " (" + ex.getClass().getSimpleName() + ")");
		}
	}

	private static Instant lastModified(Path file) {
		try {
			return Files.getLastModifiedTime(file).toInstant();
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot read " + file + " (" + ex.getClass().getSimpleName() + ")");
		}
	}

	/**
	 * Credentials as read, and when their files were written.
	 */
	private record Snapshot(Credentials credentials, Instant changedAt) {

		boolean sameCredentialsAs(Snapshot other) {
			return this.credentials.getPassword().equals(other.credentials.getPassword())
					&& Objects.equals(this.credentials.getUsername(), other.credentials.getUsername());
		}

		@Override
		public String toString() {
			return "credentials written " + this.changedAt;
		}

	}

}
