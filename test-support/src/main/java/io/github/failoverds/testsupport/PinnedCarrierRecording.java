package io.github.failoverds.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * A Flight Recorder recording of {@value #PINNED} events with threshold 0: every time a virtual thread blocked
 * without releasing its carrier thread, with the stack where it did. Used around a load of virtual threads to show
 * that nothing on its path pins a carrier.
 * <p>
 * The recording is dumped and read back when it stops, so every event committed until then is counted (a
 * {@code RecordingStream} delivers asynchronously and needs Java 20 to be flushed on stop).
 */
public final class PinnedCarrierRecording implements AutoCloseable {

	/** The JFR event a virtual thread emits when it parks or blocks while pinned to its carrier. */
	public static final String PINNED = "jdk.VirtualThreadPinned";

	private final Recording recording = new Recording();

	private PinnedCarrierRecording() {
		this.recording.setName("pinned-carriers");
		this.recording.enable(PINNED).withThreshold(Duration.ZERO).withStackTrace();
		this.recording.setToDisk(true);
	}

	/**
	 * Start recording.
	 * @return the running recording
	 */
	public static PinnedCarrierRecording start() {
		PinnedCarrierRecording pinned = new PinnedCarrierRecording();
		pinned.recording.start();
		return pinned;
	}

	/**
	 * Stop recording and read every {@value #PINNED} event recorded since {@link #start()}.
	 * @return the events, in the order they were read
	 * @throws UncheckedIOException if the recording cannot be dumped or read
	 */
	public List<RecordedEvent> stop() {
		this.recording.stop();
		try {
			Path file = Files.createTempFile("pinned-carriers", ".jfr");
			try {
				this.recording.dump(file);
				return RecordingFile.readAllEvents(file)
					.stream()
					.filter((event) -> PINNED.equals(event.getEventType().getName()))
					.toList();
			}
			finally {
				Files.deleteIfExists(file);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Events for a failure message: each with its thread, reason, blocking operation and whole stack (an event's
	 * {@code toString()} shows five frames only).
	 * @param events events from {@link #stop()}
	 * @return one block per event
	 */
	public static String describe(List<RecordedEvent> events) {
		return events.stream().map(PinnedCarrierRecording::describe).collect(Collectors.joining("\n"));
	}

	private static String describe(RecordedEvent event) {
		String stack = (event.getStackTrace() != null) ? event.getStackTrace()
			.getFrames()
			.stream()
			.map((frame) -> "\tat " + frame.getMethod().getType().getName() + "." + frame.getMethod().getName() + ":"
					+ frame.getLineNumber() + (frame.getType().equals("Native") ? " (native)" : ""))
			.collect(Collectors.joining("\n")) : "\t(no stack)";
		return PINNED + " on " + event.getThread("eventThread").getJavaName() + " for " + event.getDuration().toNanos()
				+ " ns: " + event.getString("blockingOperation") + ", " + event.getString("pinnedReason") + "\n" + stack;
	}

	@Override
	public void close() {
		this.recording.close();
	}

}
