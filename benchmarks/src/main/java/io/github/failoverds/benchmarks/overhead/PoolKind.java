package io.github.failoverds.benchmarks.overhead;

import java.time.Duration;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import io.github.failoverds.routing.FailoverDataSource;
import io.github.failoverds.routing.FailoverDataSourceBuilder;

/**
 * The data sources compared: HikariCP used directly, and the failover data source over the same pools.
 * Every kind but {@link #HIKARI_BARE} has HikariCP's Micrometer tracker on a {@link SimpleMeterRegistry},
 * as the starter binds it; {@link #HIKARI} is the baseline of the routing overhead.
 */
public enum PoolKind {

	/** HikariCP without a metrics tracker (for information: the cost of the tracker itself). */
	HIKARI_BARE {
		@Override
		public DataSource open(Databases databases) {
			return new HikariDataSource(named(databases.poolConfig(0)));
		}
	},

	/** HikariCP with the Micrometer tracker: the baseline. */
	HIKARI {
		@Override
		public DataSource open(Databases databases) {
			return new HikariDataSource(tracked(named(databases.poolConfig(0)), new SimpleMeterRegistry()));
		}
	},

	/** HikariCP with the Micrometer tracker and its own {@code leakDetectionThreshold}. */
	HIKARI_LEAK_DETECTION {
		@Override
		public DataSource open(Databases databases) {
			HikariConfig config = tracked(named(databases.poolConfig(0)), new SimpleMeterRegistry());
			config.setLeakDetectionThreshold(LEAK_THRESHOLD.toMillis());
			return new HikariDataSource(config);
		}
	},

	/** The failover data source over a primary and a standby, leak tracking off. */
	FAILOVER {
		@Override
		public DataSource open(Databases databases) {
			return failover(databases).leakDetection(Duration.ZERO, false).build();
		}
	},

	/** The same with leak tracking on, without the borrow stack trace. */
	FAILOVER_LEAK {
		@Override
		public DataSource open(Databases databases) {
			return failover(databases).leakDetection(LEAK_THRESHOLD, false).build();
		}
	},

	/** The same with leak tracking on, with the borrow stack trace (the starter's default). */
	FAILOVER_LEAK_STACK {
		@Override
		public DataSource open(Databases databases) {
			return failover(databases).leakDetection(LEAK_THRESHOLD, true).build();
		}
	};

	/** The leak threshold of every kind that tracks leaks (the starter's default). */
	public static final Duration LEAK_THRESHOLD = Duration.ofMinutes(5);

	/**
	 * Start the data source and its pools.
	 * @param databases the nodes to connect to
	 * @return the data source; it is {@link java.io.Closeable}
	 */
	public abstract DataSource open(Databases databases);

	private static HikariConfig named(HikariConfig config) {
		config.setPoolName("raw");
		return config;
	}

	private static HikariConfig tracked(HikariConfig config, SimpleMeterRegistry registry) {
		config.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
		return config;
	}

	private static FailoverDataSourceBuilder failover(Databases databases) {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		return FailoverDataSource.builder()
			.node("primary", tracked(databases.poolConfig(0), registry))
			.node("standby", tracked(databases.poolConfig(1), registry))
			.roleCheck(databases.roleCheck());
	}

}
