package io.github.failoverds.autoconfigure;

import java.sql.SQLException;

import org.junit.jupiter.api.Test;

import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.jdbc.BadSqlGrammarException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the translator makes transient: a dead node, and a write refused because the node turned
 * read-only, so that a retry lands on the writable node.
 */
class FailoverSqlExceptionTranslatorTest {

	private final FailoverSqlExceptionTranslator translator = new FailoverSqlExceptionTranslator();

	@Test
	void aConnectionFailureIsTransient() {
		assertThat(translate(new SQLException("I/O error", "08006"))).isInstanceOf(TransientDataAccessResourceException.class);
	}

	@Test
	void aWriteRefusedByAPostgreSqlHotStandbyIsTransient() {
		assertThat(translate(new SQLException("cannot execute INSERT in a read-only transaction", "25006")))
			.isInstanceOf(TransientDataAccessResourceException.class);
	}

	@Test
	void aWriteRefusedByAReadOnlyMySqlServerIsTransient() {
		assertThat(translate(new SQLException("The MySQL server is running with the --read-only option", "HY000", 1290)))
			.isInstanceOf(TransientDataAccessResourceException.class);
		assertThat(translate(new SQLException("Running in read-only mode", "HY000", 1836)))
			.isInstanceOf(TransientDataAccessResourceException.class);
	}

	@Test
	void otherErrorsAreTranslatedAsSpringDoes() {
		assertThat(translate(new SQLException("syntax error", "42601"))).isInstanceOf(BadSqlGrammarException.class);
	}

	private Object translate(SQLException ex) {
		return this.translator.translate("task", "INSERT INTO t VALUES (1)", ex);
	}

}
