package io.github.failoverds.routing;

import java.util.List;
import java.util.function.Function;

import org.slf4j.Logger;

import io.github.failoverds.health.NodeRole;

/**
 * One thing a {@link FailoverDecision} announces: a log line and, for most, a call on every
 * {@link FailoverListener}. Plain data that the decision returns; {@link FailoverPolicy} hands it to the
 * {@link FailoverNotifier}, which logs and calls the listeners after the lock, in the decided order.
 */
sealed interface Announcement {

	/**
	 * Write the log line.
	 * @param logger the logger to write to
	 */
	void log(Logger logger);

	/**
	 * Call one listener; nothing for an announcement that is only logged.
	 * @param listener the listener
	 * @param nodes the nodes by name
	 */
	default void notify(FailoverListener listener, Function<String, DatabaseNode> nodes) {
	}

	/**
	 * Whether the listeners are called.
	 * @return {@code true} unless the announcement is only logged
	 */
	default boolean notifiesListeners() {
		return true;
	}

	/**
	 * A node was marked DOWN.
	 *
	 * @param node the node's name
	 * @param reason why, free of secrets
	 */
	record NodeDown(String node, String reason) implements Announcement {

		@Override
		public void log(Logger logger) {
			logger.warn("Database node '{}' is DOWN: {}", this.node, this.reason);
		}

		@Override
		public void notify(FailoverListener listener, Function<String, DatabaseNode> nodes) {
			listener.onNodeDown(nodes.apply(this.node), this.reason);
		}

	}

	/**
	 * A DOWN node is UP again.
	 *
	 * @param node the node's name
	 */
	record NodeUp(String node) implements Announcement {

		@Override
		public void log(Logger logger) {
			logger.info("Database node '{}' is UP again", this.node);
		}

		@Override
		public void notify(FailoverListener listener, Function<String, DatabaseNode> nodes) {
			listener.onNodeUp(nodes.apply(this.node));
		}

	}

	/**
	 * A node reported another role than before.
	 *
	 * @param node the node's name
	 * @param previous the role before
	 * @param current the role now
	 */
	record RoleChanged(String node, NodeRole previous, NodeRole current) implements Announcement {

		@Override
		public void log(Logger logger) {
			logger.info("Database node '{}' changed role from {} to {}", this.node, this.previous, this.current);
		}

		@Override
		public void notify(FailoverListener listener, Function<String, DatabaseNode> nodes) {
			listener.onRoleChange(nodes.apply(this.node), this.previous, this.current);
		}

	}

	/**
	 * The active node changed.
	 *
	 * @param change the change, also recorded in the history
	 */
	record NewActiveNode(ActiveNodeChange change) implements Announcement {

		@Override
		public void log(Logger logger) {
			String from = (this.change.from() != null) ? "'" + this.change.from() + "'" : "no node";
			if (this.change.reason() == ActiveNodeChange.Reason.FAILOVER) {
				logger.warn("Failover from {} to '{}': {}", from, this.change.to(), this.change.detail());
			}
			else {
				logger.info("{} from {} to '{}': {}",
						(this.change.reason() == ActiveNodeChange.Reason.FAILBACK) ? "Fail-back" : "Switchover", from,
						this.change.to(), this.change.detail());
			}
		}

		@Override
		public void notify(FailoverListener listener, Function<String, DatabaseNode> nodes) {
			listener.onActiveNodeChange(this.change);
		}

	}

	/**
	 * The node that was last active serves again after no node was writable: no change of the active node.
	 *
	 * @param node the node's name
	 */
	record ServesAgain(String node) implements Announcement {

		@Override
		public void log(Logger logger) {
			logger.info("Database node '{}' serves again", this.node);
		}

		@Override
		public boolean notifiesListeners() {
			return false;
		}

	}

	/**
	 * Other nodes than the active one were found accepting writes.
	 *
	 * @param active the active node's name
	 * @param others the other writable nodes' names, kept off writes
	 */
	record SplitBrainFound(String active, List<String> others) implements Announcement {

		@Override
		public void log(Logger logger) {
			logger.warn("Split brain: {} accept writes besides the active node '{}'; writes stay on '{}'", this.others,
					this.active, this.active);
		}

		@Override
		public void notify(FailoverListener listener, Function<String, DatabaseNode> nodes) {
			listener.onSplitBrain(nodes.apply(this.active), this.others.stream().map(nodes).toList());
		}

	}

	/**
	 * A state of the whole data source that is only logged.
	 */
	enum Notice implements Announcement {

		/** No node is writable any more. */
		NO_WRITABLE_NODE {

			@Override
			public void log(Logger logger) {
				logger.error("No writable node is available; borrows wait for one, within their budget");
			}

		},

		/** A node on one side of the split brain reports read-only: it is over. */
		SPLIT_BRAIN_OVER {

			@Override
			public void log(Logger logger) {
				logger.info("Split brain is over: a node on one side of it reports read-only");
			}

		};

		@Override
		public boolean notifiesListeners() {
			return false;
		}

	}

}
