package io.github.failoverds.autoconfigure.credentials;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.function.Consumer;

import com.zaxxer.hikari.util.Credentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Credentials read from a directory: the layout of Spring's configtree and of a Kubernetes secret volume,
 * read again for every connection, with the last good credentials kept while the files cannot be read.
 */
@ExtendWith(OutputCaptureExtension.class)
class DirectoryCredentialsProviderTest {

	private static final Instant WRITTEN = Instant.parse("2026-01-02T03:04:05Z");

	@TempDir
	Path directory;

	@Test
	void readsTheUsernameAndPasswordFilesWithoutTheirLastLineBreak() throws IOException {
		write("username", "app\n");
		write("password", "s3cret-1\r\n");
		DirectoryCredentialsProvider provider = new DirectoryCredentialsProvider("node 'primary'", this.directory,
				"configured");
		assertThat(provider.getCredentials()).satisfies(credentials("app", "s3cret-1"));
		assertThat(provider.getChangedAt()).isEqualTo(WRITTEN);
	}

	@Test
	void withoutAUsernameFileTheConfiguredUsernameIsUsed() throws IOException {
		write("password", "s3cret-1");
		assertThat(new DirectoryCredentialsProvider("node 'primary'", this.directory, "configured").getCredentials())
			.satisfies(credentials("configured", "s3cret-1"));
	}

	@Test
	void everyConnectionGetsWhatTheFilesHoldNow(CapturedOutput output) throws IOException {
		write("password", "s3cret-1");
		DirectoryCredentialsProvider provider = new DirectoryCredentialsProvider("node 'primary'", this.directory, "app");
		write("password", "s3cret-2");
		Files.setLastModifiedTime(this.directory.resolve("password"), FileTime.from(WRITTEN.plusSeconds(60)));
		assertThat(provider.getCredentials()).satisfies(credentials("app", "s3cret-2"));
		assertThat(provider.getChangedAt()).isEqualTo(WRITTEN.plusSeconds(60));
		assertThat(provider.refresh()).isFalse();
		assertThat(output).contains("The credentials of node 'primary' in " + this.directory + " changed")
			.doesNotContain("s3cret");
	}

	@Test
	void followsAKubernetesSecretVolumeWhenItsDataLinkIsSwapped() throws IOException {
		// kubelet writes each version into a new directory and swaps the ..data link to it in one rename
		Path first = Files.createDirectory(this.directory.resolve("..2026_01_02_first"));
		Files.writeString(first.resolve("password"), "s3cret-1");
		Files.createSymbolicLink(this.directory.resolve("..data"), first.getFileName());
		Files.createSymbolicLink(this.directory.resolve("password"), Path.of("..data", "password"));
		DirectoryCredentialsProvider provider = new DirectoryCredentialsProvider("node 'primary'", this.directory, "app");
		assertThat(provider.getCredentials()).satisfies(credentials("app", "s3cret-1"));

		Path second = Files.createDirectory(this.directory.resolve("..2026_01_03_second"));
		Files.writeString(second.resolve("password"), "s3cret-2");
		Path link = Files.createSymbolicLink(this.directory.resolve("..data_tmp"), second.getFileName());
		Files.move(link, this.directory.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
		assertThat(provider.refresh()).isTrue();
		assertThat(provider.getCredentials()).satisfies(credentials("app", "s3cret-2"));
	}

	@Test
	void keepsTheLastCredentialsWhileThePasswordCannotBeReadAndWarnsOnce(CapturedOutput output) throws IOException {
		write("password", "s3cret-1");
		DirectoryCredentialsProvider provider = new DirectoryCredentialsProvider("node 'primary'", this.directory, "app");
		write("password", "");
		assertThat(provider.getCredentials()).satisfies(credentials("app", "s3cret-1"));
		Files.delete(this.directory.resolve("password"));
		assertThat(provider.refresh()).isFalse();
		assertThat(provider.getCredentials()).satisfies(credentials("app", "s3cret-1"));
		assertThat(output).containsOnlyOnce("Cannot read the credentials of node 'primary'")
			.contains("the credentials read last stay in use");
		write("password", "s3cret-2");
		assertThat(provider.getCredentials()).satisfies(credentials("app", "s3cret-2"));
		assertThat(output).contains("can be read again").doesNotContain("s3cret");
	}

	@Test
	void aMissingPasswordFileFailsAtCreationAndSaysWhich() {
		assertThatIllegalStateException()
			.isThrownBy(() -> new DirectoryCredentialsProvider("node 'primary'", this.directory, "app"))
			.withMessageContaining(this.directory.resolve("password").toString());
	}

	private void write(String file, String content) throws IOException {
		Path path = Files.writeString(this.directory.resolve(file), content);
		Files.setLastModifiedTime(path, FileTime.from(WRITTEN));
	}

	private static Consumer<Credentials> credentials(String username, String password) {
		return (credentials) -> {
			assertThat(credentials.getUsername()).isEqualTo(username);
			assertThat(credentials.getPassword()).isEqualTo(password);
		};
	}

}
