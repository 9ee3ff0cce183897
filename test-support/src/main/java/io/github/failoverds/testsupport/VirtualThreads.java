package io.github.failoverds.testsupport;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.lang.management.PlatformManagedObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;

/**
 * Virtual threads for code compiled for Java 17: {@code Thread.ofVirtual()} is looked up by reflection, so that
 * tests and benchmarks can use virtual threads when they run on Java 21 or later, and skip themselves on 17.
 */
public final class VirtualThreads {

	/** {@code (String prefix, long start) -> Thread.ofVirtual().name(prefix, start).factory()}, on Java 21+. */
	private static final Optional<MethodHandle> FACTORY = lookUpFactory();

	private VirtualThreads() {
	}

	/**
	 * Whether this JVM has virtual threads.
	 * @return {@code true} on Java 21 or later
	 */
	public static boolean available() {
		return FACTORY.isPresent();
	}

	/**
	 * Why {@link #available()} is {@code false}, for skip messages.
	 * @return a sentence naming the running Java version
	 */
	public static String unavailableReason() {
		return "virtual threads need Java 21 or later; this JVM is " + Runtime.version();
	}

	/**
	 * A factory of virtual threads, {@code Thread.ofVirtual().name(prefix, 0).factory()}.
	 * @param prefix thread names are this prefix and a counter
	 * @return the factory
	 * @throws UnsupportedOperationException on a JVM without virtual threads
	 */
	public static ThreadFactory factory(String prefix) {
		MethodHandle factory = FACTORY.orElseThrow(() -> new UnsupportedOperationException(unavailableReason()));
		try {
			return (ThreadFactory) factory.invoke(prefix, 0L);
		}
		catch (Throwable ex) {
			throw new IllegalStateException("Could not make a virtual thread factory", ex);
		}
	}

	/**
	 * A dump of every thread, virtual threads included, in the format of {@code jcmd <pid> Thread.dump_to_file}
	 * ({@code HotSpotDiagnosticMXBean.dumpThreads}, Java 21 or later), for failure messages: unlike
	 * {@link Thread#getAllStackTraces()}, it shows what each virtual thread waits for.
	 * @return the dump, or why there is none
	 */
	public static String threadDump() {
		try {
			Class<?> bean = Class.forName("com.sun.management.HotSpotDiagnosticMXBean");
			Class<?> format = Class.forName("com.sun.management.HotSpotDiagnosticMXBean$ThreadDumpFormat");
			Object diagnostics = ManagementFactory.getPlatformMXBean(bean.asSubclass(PlatformManagedObject.class));
			Path directory = Files.createTempDirectory("thread-dump");
			Path file = directory.resolve("threads.txt");
			bean.getMethod("dumpThreads", String.class, format)
				.invoke(diagnostics, file.toString(), format.getField("TEXT_PLAIN").get(null));
			String dump = Files.readString(file);
			Files.delete(file);
			Files.delete(directory);
			return dump;
		}
		catch (ReflectiveOperationException | IOException | RuntimeException ex) {
			return "No thread dump (" + ex + ")";
		}
	}

	private static Optional<MethodHandle> lookUpFactory() {
		try {
			Class<?> builder = Class.forName("java.lang.Thread$Builder");
			Class<?> ofVirtual = Class.forName("java.lang.Thread$Builder$OfVirtual");
			MethodHandles.Lookup lookup = MethodHandles.publicLookup();
			MethodHandle newBuilder = lookup.findStatic(Thread.class, "ofVirtual", MethodType.methodType(ofVirtual));
			MethodHandle name = lookup.findVirtual(ofVirtual, "name",
					MethodType.methodType(ofVirtual, String.class, long.class));
			MethodHandle factory = lookup.findVirtual(builder, "factory", MethodType.methodType(ThreadFactory.class))
				.asType(MethodType.methodType(ThreadFactory.class, ofVirtual));
			// factory(name(ofVirtual(), prefix, start))
			return Optional.of(MethodHandles.filterReturnValue(MethodHandles.foldArguments(name, newBuilder), factory));
		}
		catch (ReflectiveOperationException ex) {
			return Optional.empty();
		}
	}

}
