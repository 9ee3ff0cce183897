package io.github.failoverds.sample.load;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the background load, under {@code demo.load}.
 *
 * @param enabled whether the load writes from the start (it can be switched at runtime)
 * @param interval the pause between two writes
 */
@ConfigurationProperties("demo.load")
public record LoadProperties(@DefaultValue("true") boolean enabled, @DefaultValue("200ms") Duration interval) {
}
