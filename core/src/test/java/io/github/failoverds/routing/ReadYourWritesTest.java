package io.github.failoverds.routing;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The read-your-writes token (a WAL position as PostgreSQL writes it) and the scope that carries one to
 * another thread.
 */
class ReadYourWritesTest {

	private final ReadYourWrites readYourWrites = new ReadYourWrites(true, new ReplicaSelector(List.of(), null),
			Duration.ofMillis(200));

	@Test
	void tokenIsTheLastWritesPositionAsPostgresqlWritesIt() {
		assertThat(this.readYourWrites.token()).isNull();
		this.readYourWrites.wrote(0x1_0300_0148L);
		assertThat(this.readYourWrites.token()).isEqualTo("1/3000148");
		this.readYourWrites.wrote(0x10);
		assertThat(this.readYourWrites.token()).as("an earlier position does not go back").isEqualTo("1/3000148");
		assertThat(ReadYourWrites.parse("1/3000148")).isEqualTo(0x1_0300_0148L);
	}

	@Test
	void scopeAppliesATokenAndRestoresThePreviousPosition() {
		this.readYourWrites.wrote(0x100);
		try (ReadYourWrites.Scope scope = this.readYourWrites.after("0/200")) {
			assertThat(this.readYourWrites.token()).isEqualTo("0/200");
		}
		assertThat(this.readYourWrites.token()).isEqualTo("0/100");
		try (ReadYourWrites.Scope scope = this.readYourWrites.after(null)) {
			assertThat(this.readYourWrites.token()).isEqualTo("0/100");
		}
	}

	@Test
	void aWriteInsideTheScopeOutlivesIt() {
		try (ReadYourWrites.Scope scope = this.readYourWrites.after("0/200")) {
			this.readYourWrites.wrote(0x300);
		}
		assertThat(this.readYourWrites.token()).isEqualTo("0/300");
	}

	@Test
	void aTokenThatIsNoPositionIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.readYourWrites.after("yesterday"))
			.withMessageContaining("yesterday");
		assertThatIllegalArgumentException().isThrownBy(() -> this.readYourWrites.after("0/xyz"));
	}

}
