package io.github.failoverds.routing;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.github.failoverds.routing.ActiveNodeChange.Reason;

/**
 * The changes of the active node since start: the last {@value #RECENT_EVENTS} of them, and how many
 * there were of each {@linkplain Reason reason}. Read by health and the endpoint without touching the
 * failover decision's lock.
 */
public final class FailoverHistory {

	static final int RECENT_EVENTS = 50;

	private final Deque<ActiveNodeChange> recent = new ArrayDeque<>();

	private final Map<Reason, AtomicLong> counts = new EnumMap<>(Reason.class);

	FailoverHistory() {
		for (Reason reason : Reason.values()) {
			this.counts.put(reason, new AtomicLong());
		}
	}

	void record(ActiveNodeChange event) {
		this.counts.get(event.reason()).incrementAndGet();
		synchronized (this.recent) {
			if (this.recent.size() == RECENT_EVENTS) {
				this.recent.removeFirst();
			}
			this.recent.addLast(event);
		}
	}

	/**
	 * The last changes of the active node, oldest first.
	 * @return a copy
	 */
	public List<ActiveNodeChange> recentEvents() {
		synchronized (this.recent) {
			return new ArrayList<>(this.recent);
		}
	}

	/**
	 * How many changes of the active node had the given reason.
	 * @param reason the reason
	 * @return the count since start
	 */
	public long count(Reason reason) {
		return this.counts.get(reason).get();
	}

	/**
	 * How many times the active node changed, for any reason.
	 * @return the count since start
	 */
	public long activeNodeChanges() {
		return this.counts.values().stream().mapToLong(AtomicLong::get).sum();
	}

}
