package io.github.failoverds.autoconfigure.dropin;

import org.springframework.data.jpa.repository.JpaRepository;

/**
 * The Spring Data repository of {@link Book}.
 */
interface BookRepository extends JpaRepository<Book, Long> {

}
