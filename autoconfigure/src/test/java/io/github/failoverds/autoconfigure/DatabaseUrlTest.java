package io.github.failoverds.autoconfigure;

import io.github.failoverds.support.SecretMasker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Parsing of JDBC URLs and platform-style URIs, and masking of their credentials.
 */
class DatabaseUrlTest {

	private static final String ACCEPTED_FORMS = "expected a JDBC URL (jdbc:...) or a URI";

	@Test
	void convertsUriWithCredentialsPortAndDatabase() {
		DatabaseUrl url = DatabaseUrl.parse("postgresql://app:s3cret@db.example.com:5432/orders");
		assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.com:5432/orders");
		assertThat(url.username()).isEqualTo("app");
		assertThat(url.password()).isEqualTo("s3cret");
	}

	@ParameterizedTest
	@CsvSource({ "postgresql://h:5432/db, jdbc:postgresql://h:5432/db",
			"postgres://h:5432/db, jdbc:postgresql://h:5432/db", "mysql://h:3306/db, jdbc:mysql://h:3306/db",
			"mariadb://h:3306/db, jdbc:mariadb://h:3306/db", "POSTGRES://h/db, jdbc:postgresql://h/db" })
	void convertsEachScheme(String uri, String jdbcUrl) {
		assertThat(DatabaseUrl.parse(uri).jdbcUrl()).isEqualTo(jdbcUrl);
	}

	@Test
	void omitsAbsentPort() {
		assertThat(DatabaseUrl.parse("postgres://u:pw@db.internal/app").jdbcUrl())
			.isEqualTo("jdbc:postgresql://db.internal/app");
	}

	@ParameterizedTest
	@CsvSource({ "postgres://u:pw@h:5432, jdbc:postgresql://h:5432/", "postgres://h/, jdbc:postgresql://h/",
			"mysql://h, jdbc:mysql://h/", "postgres://h?sslmode=require, jdbc:postgresql://h/?sslmode=require" })
	void acceptsMissingDatabase(String uri, String jdbcUrl) {
		assertThat(DatabaseUrl.parse(uri).jdbcUrl()).isEqualTo(jdbcUrl);
	}

	@Test
	void keepsQueryParametersVerbatim() {
		DatabaseUrl url = DatabaseUrl
			.parse("postgres://u:pw@h:5432/db?sslmode=require&application_name=my%20app&options=-c%20x%3Dy");
		assertThat(url.jdbcUrl())
			.isEqualTo("jdbc:postgresql://h:5432/db?sslmode=require&application_name=my%20app&options=-c%20x%3Dy");
		assertThat(url.password()).isEqualTo("pw");
	}

	@Test
	void keepsAtSignInQueryOutOfUserInfo() {
		DatabaseUrl url = DatabaseUrl.parse("postgres://u:pw@h/db?application_name=ops@example.com");
		assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://h/db?application_name=ops@example.com");
		assertThat(url.username()).isEqualTo("u");
		assertThat(url.password()).isEqualTo("pw");
	}

	@Test
	void acceptsUriWithoutCredentials() {
		DatabaseUrl url = DatabaseUrl.parse("postgres://h:5432/db");
		assertThat(url.username()).isNull();
		assertThat(url.password()).isNull();
	}

	@Test
	void acceptsUserWithoutPassword() {
		DatabaseUrl url = DatabaseUrl.parse("mysql://reader@h/db");
		assertThat(url.jdbcUrl()).isEqualTo("jdbc:mysql://h/db");
		assertThat(url.username()).isEqualTo("reader");
		assertThat(url.password()).isNull();
	}

	@Test
	void acceptsEmptyPassword() {
		DatabaseUrl url = DatabaseUrl.parse("postgres://app:@h/db");
		assertThat(url.username()).isEqualTo("app");
		assertThat(url.password()).isEmpty();
	}

	@Test
	void treatsEmptyUserNameAsAbsent() {
		DatabaseUrl url = DatabaseUrl.parse("postgres://:pw@h/db");
		assertThat(url.username()).isNull();
		assertThat(url.password()).isEqualTo("pw");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "p%40ss|p@ss", "a%3Ab|a:b", "a%2Fb|a/b", "100%25|100%", "caf%C3%A9|caf\u00e9",
			"%F0%9F%94%91key|\uD83D\uDD11key", "a+b|a+b", "%40%3A%2F%25|@:/%" })
	void percentDecodesPassword(String encoded, String decoded) {
		assertThat(DatabaseUrl.parse("postgres://app:" + encoded + "@h/db").password()).isEqualTo(decoded);
	}

	@Test
	void percentDecodesUserName() {
		DatabaseUrl url = DatabaseUrl.parse("postgres://ops%40example.com%3Aadmin:pw@h/db");
		assertThat(url.username()).isEqualTo("ops@example.com:admin");
		assertThat(url.password()).isEqualTo("pw");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "p@ss|p@ss", "a:b:c|a:b:c", "a/b|a/b", "@@|@@", "caf\u00e9|caf\u00e9", "x#y|x#y" })
	void acceptsUnencodedSpecialCharactersInPassword(String raw, String password) {
		DatabaseUrl url = DatabaseUrl.parse("postgresql://u:" + raw + "@host:5432/db");
		assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://host:5432/db");
		assertThat(url.username()).isEqualTo("u");
		assertThat(url.password()).isEqualTo(password);
	}

	@ParameterizedTest
	@CsvSource({ "postgres://u:pw@[::1]:5432/db, jdbc:postgresql://[::1]:5432/db",
			"postgres://[2001:db8::1]/db, jdbc:postgresql://[2001:db8::1]/db",
			"mysql://[::ffff:10.0.0.1]:3306, jdbc:mysql://[::ffff:10.0.0.1]:3306/" })
	void keepsBracketedIpv6Host(String uri, String jdbcUrl) {
		assertThat(DatabaseUrl.parse(uri).jdbcUrl()).isEqualTo(jdbcUrl);
	}

	@ParameterizedTest
	@ValueSource(strings = { "jdbc:postgresql://h:5432/db", "jdbc:mysql://u:secret@h/db",
			"jdbc:postgresql://h/db?user=a&password=secret", "jdbc:h2:mem:test;USER=sa;PASSWORD=secret" })
	void passesJdbcUrlThroughUnchanged(String jdbcUrl) {
		DatabaseUrl url = DatabaseUrl.parse(jdbcUrl);
		assertThat(url.jdbcUrl()).isEqualTo(jdbcUrl);
		assertThat(url.username()).isNull();
		assertThat(url.password()).isNull();
	}

	@Test
	void ignoresSurroundingWhitespace() {
		assertThat(DatabaseUrl.parse("  jdbc:h2:mem:test\n").jdbcUrl()).isEqualTo("jdbc:h2:mem:test");
		assertThat(DatabaseUrl.parse(" postgres://h/db ").jdbcUrl()).isEqualTo("jdbc:postgresql://h/db");
	}

	@ParameterizedTest
	@NullAndEmptySource
	@ValueSource(strings = { "   ", "\t\n" })
	void rejectsBlankUrl(String url) {
		assertThatIllegalArgumentException().isThrownBy(() -> DatabaseUrl.parse(url))
			.withMessageContaining("must not be null or blank")
			.withMessageContaining(ACCEPTED_FORMS);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', quoteCharacter = '"', value = {
			"mongodb://app:secret@h/db|the scheme 'mongodb' is not supported|mongodb://app:****@h/db",
			"app:secret@h/db|neither a JDBC URL nor a URI|app:****@h/db",
			"postgres:/app:secret@h/db|neither a JDBC URL nor a URI|postgres:****@h/db",
			"just some text|neither a JDBC URL nor a URI|just some text",
			"postgres://app:secret@/db|it has no host|postgres://app:****@/db",
			"postgres://app:secret@:5432/db|it has no host|postgres://app:****@:5432/db",
			"postgres:///db|it has no host|postgres:///db",
			"postgres://app:secret@h:abc/db|the port is not a number|postgres://app:****@h:abc/db",
			"postgres://app:secret@h:99999/db|the port is not a number|postgres://app:****@h:99999/db",
			"postgres://app:secret@h:/db|the port is not a number|postgres://app:****@h:/db",
			"postgres://app:secret@::1/db|must be enclosed in brackets|postgres://app:****@::1/db",
			"postgres://app:secret@[::1/db|the host is not|postgres://app:****@[::1/db",
			"postgres://app:secret@[::1]x/db|the port is not a number|postgres://app:****@[::1]x/db",
			"postgres://app:secret@h1,h2/db|the host is not|postgres://app:****@h1,h2/db",
			"postgres://app:sec%zzret@h/db|not followed by two hexadecimal digits|postgres://app:****@h/db",
			"postgres://app:secret%4@h/db|not followed by two hexadecimal digits|postgres://app:****@h/db",
			"postgres://app:secret%C3%28@h/db|not valid UTF-8|postgres://app:****@h/db",
			"postgres://app:p@secret@/db|it has no host|postgres://app:****@/db" })
	void rejectsMalformedUrlWithoutRevealingPassword(String url, String problem, String maskedUrl) {
		assertThatIllegalArgumentException().isThrownBy(() -> DatabaseUrl.parse(url))
			.withMessageStartingWith("Invalid database URL '" + maskedUrl + "': ")
			.withMessageContaining(problem)
			.withMessageContaining(ACCEPTED_FORMS)
			.withMessageNotContaining("secret")
			.withMessageNotContaining("sec%zzret");
	}

	@Test
	void toStringMasksPassword() {
		DatabaseUrl url = DatabaseUrl.parse("postgres://app:s3cret@h:5432/db");
		assertThat(url).hasToString("DatabaseUrl[jdbcUrl=jdbc:postgresql://h:5432/db, username=app, password=****]");
	}

	@Test
	void toStringMasksPasswordInJdbcUrl() {
		assertThat(DatabaseUrl.parse("jdbc:postgresql://h/db?user=app&password=s3cret"))
			.hasToString("DatabaseUrl[jdbcUrl=jdbc:postgresql://h/db?user=app&password=****, username=null, "
					+ "password=null]");
		assertThat(DatabaseUrl.parse("postgres://h/db?password=s3cret").toString()).doesNotContain("s3cret");
	}

	@Test
	void maskCredentialsIsNullSafe() {
		assertThat(SecretMasker.maskUrlCredentials(null)).isNull();
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "postgresql://app:secret@host/db|postgresql://app:****@host/db",
			"postgres://app:p@ss:w/rd@host:5432/db?ssl=true|postgres://app:****@host:5432/db?ssl=true",
			"postgres://app:p%40ss@[::1]:5432/db|postgres://app:****@[::1]:5432/db",
			"postgres://app:@host/db|postgres://app:****@host/db",
			"jdbc:mysql://user:pw@host/db|jdbc:mysql://user:****@host/db",
			"jdbc:postgresql://h/db?user=a&password=secret|jdbc:postgresql://h/db?user=a&password=****",
			"jdbc:postgresql://h/db?user=a&password=secret&ssl=true|jdbc:postgresql://h/db?user=a&password=****&ssl=true",
			"jdbc:mysql://h:3306/db?password=secret&user=a|jdbc:mysql://h:3306/db?password=****&user=a",
			"jdbc:mariadb://h/db?user=a&password=p@ss;w|jdbc:mariadb://h/db?user=a&password=****;w",
			"jdbc:postgresql://h/db?sslmode=verify-full&sslpassword=secret|jdbc:postgresql://h/db?sslmode=verify-full&sslpassword=****",
			"jdbc:sqlserver://h:1433;databaseName=db;user=a;password=secret|jdbc:sqlserver://h:1433;databaseName=db;user=a;password=****",
			"jdbc:h2:tcp://h/~/db;USER=sa;PASSWORD=secret|jdbc:h2:tcp://h/~/db;USER=sa;PASSWORD=****",
			"postgres://app:secret@h/db?password=secret|postgres://app:****@h/db?password=****" })
	void masksPasswords(String url, String masked) {
		assertThat(SecretMasker.maskUrlCredentials(url)).isEqualTo(masked);
		assertThat(SecretMasker.maskUrlCredentials(masked)).isEqualTo(masked);
	}

	@ParameterizedTest
	@ValueSource(strings = { "postgres://app@host/db", "postgres://host:5432/db?application_name=ops@example.com",
			"jdbc:postgresql://h:5432/db?user=app", "jdbc:h2:mem:test;DB_CLOSE_DELAY=-1", "" })
	void leavesUrlWithoutPasswordUnchanged(String url) {
		assertThat(SecretMasker.maskUrlCredentials(url)).isEqualTo(url);
	}

}
