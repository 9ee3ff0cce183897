package io.github.failoverds.autoconfigure;

import com.zaxxer.hikari.HikariConfig;

import org.springframework.core.env.Environment;

/**
 * The pool size environment variables of the shortcut configuration: {@code DB_POOL_SIZE} connections
 * kept open ({@code minimum-idle}), and up to {@code DB_MAX_OVERFLOW} more under load, so
 * {@code maximum-pool-size} is their sum.
 */
final class PoolSizeVariables implements PoolSettings {

	private static final String POOL_SIZE = "DB_POOL_SIZE";

	private static final String MAX_OVERFLOW = "DB_MAX_OVERFLOW";

	private static final String MAXIMUM_POOL_SIZE = "maximum-pool-size";

	private static final String MINIMUM_IDLE = "minimum-idle";

	private final String poolSize;

	private final String maxOverflow;

	private PoolSizeVariables(String poolSize, String maxOverflow) {
		this.poolSize = poolSize;
		this.maxOverflow = maxOverflow;
	}

	/**
	 * Read the variables.
	 * @param environment the environment
	 * @return the variables, or {@code null} when neither is set
	 */
	static PoolSizeVariables from(Environment environment) {
		String poolSize = environment.getProperty(POOL_SIZE);
		String maxOverflow = environment.getProperty(MAX_OVERFLOW);
		return (poolSize != null || maxOverflow != null) ? new PoolSizeVariables(poolSize, maxOverflow) : null;
	}

	@Override
	public void applyTo(HikariConfig config, ConfigurationProblems problems) {
		if (this.poolSize == null) {
			problems.add(MAX_OVERFLOW, this.maxOverflow, MAX_OVERFLOW + " is set but " + POOL_SIZE + " is not.",
					"Set " + POOL_SIZE + " to the number of connections to keep open (the overflow is added to it), "
							+ "or remove " + MAX_OVERFLOW + ".");
			return;
		}
		Integer size = parse(POOL_SIZE, this.poolSize, 1, problems);
		Integer overflow = (this.maxOverflow != null) ? parse(MAX_OVERFLOW, this.maxOverflow, 0, problems) : 0;
		if (size != null && overflow != null) {
			config.setMaximumPoolSize(size + overflow);
			config.setMinimumIdle(size);
		}
	}

	@Override
	public String propertySetting(String setting) {
		if (this.poolSize == null) {
			return null;
		}
		return switch (setting) {
			case MINIMUM_IDLE -> POOL_SIZE;
			case MAXIMUM_POOL_SIZE -> (this.maxOverflow != null) ? POOL_SIZE + " + " + MAX_OVERFLOW : POOL_SIZE;
			default -> null;
		};
	}

	private static Integer parse(String variable, String value, int minimum, ConfigurationProblems problems) {
		try {
			int number = Integer.parseInt(value.trim());
			if (number >= minimum) {
				return number;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		problems.add(variable, value, variable + " must be a whole number of " + minimum + " or more.",
				"Set the environment variable " + variable + " to a whole number of " + minimum + " or more.");
		return null;
	}

}
