package io.github.failoverds.autoconfigure.credentials;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The watcher notices a changed secret while no connection asks for it, and stops its thread when closed.
 */
class CredentialsWatcherTest {

	@TempDir
	Path directory;

	@Test
	void noticesAChangeWhileNoConnectionIsOpened() throws IOException {
		Path password = Files.writeString(this.directory.resolve("password"), "s3cret-1");
		Files.setLastModifiedTime(password, FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));
		DirectoryCredentialsProvider provider = new DirectoryCredentialsProvider("node 'primary'", this.directory, "app");
		try (CredentialsWatcher watcher = new CredentialsWatcher(Duration.ofMillis(50))) {
			watcher.watch(provider);
			Files.writeString(password, "s3cret-2");
			Instant written = Instant.parse("2026-02-01T00:00:00Z");
			Files.setLastModifiedTime(password, FileTime.from(written));
			await().atMost(Duration.ofSeconds(5)).until(provider::getChangedAt, written::equals);
		}
		await().atMost(Duration.ofSeconds(5))
			.until(() -> Thread.getAllStackTraces().keySet().stream().noneMatch(this::isWatcherThread));
	}

	private boolean isWatcherThread(Thread thread) {
		return thread.getName().equals("failover-credentials") && thread.isAlive();
	}

}
