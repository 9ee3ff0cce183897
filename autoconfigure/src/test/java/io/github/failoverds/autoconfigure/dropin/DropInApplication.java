package io.github.failoverds.autoconfigure.dropin;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/**
 * An application as users write one, found by the test slices of this package: auto-configuration, with a JPA
 * entity ({@link Book}) and its Spring Data repository ({@link BookRepository}) beside it. Every test of the
 * package closes its context ({@code @DirtiesContext}): the probe threads of a cached context would outlive it.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class DropInApplication {

}
