package io.github.failoverds.sample.load;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.failoverds.sample.orders.AcknowledgedOrders;
import io.github.failoverds.sample.orders.NewOrder;
import io.github.failoverds.sample.orders.OrderRepository;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * A few order writes per second through the failover DataSource, as a stand-in for real traffic, so
 * that a failover shows up as a handful of failed requests and then none.
 * <p>
 * Every write is counted in {@value #REQUESTS}, tag {@code outcome} = {@code success} or
 * {@code error}, and every successful one is remembered as {@linkplain AcknowledgedOrders acknowledged};
 * {@value #ENABLED} is 1 while the load writes. It runs from the application's start
 * (when {@code demo.load.enabled}) until its shutdown, and can be switched on and off in between.
 */
@Component
public class LoadGenerator implements SmartLifecycle {

	/** Name of the counter of the writes, tag {@code outcome}. */
	public static final String REQUESTS = "demo.requests";

	/** Name of the gauge that tells whether the load writes (1) or not (0). */
	public static final String ENABLED = "demo.load.enabled";

	private static final Logger logger = LoggerFactory.getLogger(LoadGenerator.class);

	private static final long STOP_TIMEOUT_SECONDS = 30;

	private final OrderRepository orders;

	private final AcknowledgedOrders acknowledged;

	private final LoadProperties properties;

	private final Counter successes;

	private final Counter errors;

	private final AtomicLong writes = new AtomicLong();

	private volatile boolean enabled;

	private ScheduledExecutorService scheduler;

	LoadGenerator(OrderRepository orders, AcknowledgedOrders acknowledged, LoadProperties properties,
			MeterRegistry registry) {
		this.orders = orders;
		this.acknowledged = acknowledged;
		this.properties = properties;
		this.enabled = properties.enabled();
		this.successes = requests("success", registry);
		this.errors = requests("error", registry);
		Gauge.builder(ENABLED, this, (load) -> load.isEnabled() ? 1 : 0)
			.description("Whether the demo load writes (1) or not (0)")
			.register(registry);
	}

	private static Counter requests(String outcome, MeterRegistry registry) {
		return Counter.builder(REQUESTS)
			.description("Order writes of the demo load")
			.tag("outcome", outcome)
			.register(registry);
	}

	/**
	 * Whether the load writes.
	 * @return {@code true} while it writes
	 */
	public boolean isEnabled() {
		return this.enabled;
	}

	/**
	 * Switch the load on or off; a write under way finishes.
	 * @param enabled whether to write
	 */
	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
		logger.info("Demo load {}", enabled ? "on" : "off");
	}

	@Override
	public synchronized void start() {
		this.scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "demo-load");
			thread.setDaemon(true);
			return thread;
		});
		this.scheduler.scheduleWithFixedDelay(this::writeIfEnabled, 0, this.properties.interval().toMillis(),
				TimeUnit.MILLISECONDS);
	}

	@Override
	public synchronized void stop() {
		this.scheduler.shutdown();
		try {
			if (!this.scheduler.awaitTermination(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
				logger.warn("Demo load still writing {} s after shutdown", STOP_TIMEOUT_SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.scheduler = null;
	}

	@Override
	public synchronized boolean isRunning() {
		return this.scheduler != null;
	}

	private void writeIfEnabled() {
		if (!this.enabled) {
			return;
		}
		try {
			this.acknowledged.add(this.orders.create(new NewOrder("load-" + this.writes.incrementAndGet(), 1)));
			this.successes.increment();
		}
		catch (RuntimeException ex) {
			// caught whatever it is: an exception would cancel the schedule
			this.errors.increment();
			logger.warn("Demo write failed: {}", ex.getMessage());
		}
	}

}
