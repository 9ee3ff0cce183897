package io.github.failoverds.autoconfigure.dropin;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;

/**
 * A JPA entity of the {@link DropInApplication}.
 */
@Entity
class Book {

	@Id
	@GeneratedValue
	private Long id;

	private String title;

	protected Book() {
	}

	Book(String title) {
		this.title = title;
	}

	Long getId() {
		return this.id;
	}

	String getTitle() {
		return this.title;
	}

}
