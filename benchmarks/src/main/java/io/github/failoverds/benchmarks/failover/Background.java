package io.github.failoverds.benchmarks.failover;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/**
 * Runs a blocking task on a daemon thread of its own (never on the common pool, which has one thread on a
 * 2-core machine).
 */
final class Background {

	private Background() {
	}

	/**
	 * Start a task.
	 * @param <T> what it returns
	 * @param name the thread's name
	 * @param task the task
	 * @return its result, or its failure
	 */
	static <T> CompletableFuture<T> supply(String name, Callable<T> task) {
		CompletableFuture<T> result = new CompletableFuture<>();
		Thread thread = new Thread(() -> {
			try {
				result.complete(task.call());
			}
			catch (Throwable ex) {
				result.completeExceptionally(ex);
			}
		}, name);
		thread.setDaemon(true);
		thread.start();
		return result;
	}

}
