package io.github.failoverds.support;

import java.util.concurrent.ThreadFactory;

/**
 * Thread factories for the starter's background threads (probes, leak sweeping, event delivery): daemon
 * threads, so that they never keep a JVM alive, with a name that says what they do.
 */
public final class DaemonThreads {

	private DaemonThreads() {
	}

	/**
	 * A factory of daemon threads that all carry the given name.
	 * @param name the thread name
	 * @return the factory
	 */
	public static ThreadFactory named(String name) {
		return (runnable) -> {
			Thread thread = new Thread(runnable, name);
			thread.setDaemon(true);
			return thread;
		};
	}

}
