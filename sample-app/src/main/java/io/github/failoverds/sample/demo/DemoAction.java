package io.github.failoverds.sample.demo;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What the demo controls can do to a node: real process and network faults, their repair, and the promotion of
 * a replica.
 */
enum DemoAction {

	/** Shut the server down cleanly: clients are told and disconnected. */
	STOP("stop", "Shut the server down cleanly") {
		@Override
		void applyTo(DemoCluster cluster, DemoNode node) {
			node.server().stop();
		}
	},

	/** SIGKILL the server and its processes, as a crash or an OOM kill would. */
	KILL("kill", "Crash the server: SIGKILL of every PostgreSQL process") {
		@Override
		void applyTo(DemoCluster cluster, DemoNode node) {
			node.server().kill();
		}
	},

	/** Start the server again on the same port and data (stopping it cleanly first if it runs). */
	RESTART("restart", "Start the server again on the same port and data") {
		@Override
		void applyTo(DemoCluster cluster, DemoNode node) {
			node.server().restart();
		}
	},

	/** Cut the network: nothing moves either way, nothing is closed. */
	BLACK_HOLE("black-hole", "Cut the network to the server: packets are dropped, connections hang") {
		@Override
		void applyTo(DemoCluster cluster, DemoNode node) {
			node.proxy().blackHole();
		}
	},

	/** Restore the network after a black hole. */
	HEAL("heal", "Restore the network to the server") {
		@Override
		void applyTo(DemoCluster cluster, DemoNode node) {
			node.proxy().pass();
		}
	},

	/** Promote a replica to primary, as a cluster manager does when the primary is gone. */
	PROMOTE("promote", "Promote the replica to primary (pg_promote()), as a cluster manager would") {
		@Override
		void applyTo(DemoCluster cluster, DemoNode node) {
			cluster.promote(node);
		}
	};

	private final String pathName;

	private final String description;

	DemoAction(String pathName, String description) {
		this.pathName = pathName;
		this.description = description;
	}

	/** @return the name in the URL, e.g. {@code black-hole} */
	String pathName() {
		return this.pathName;
	}

	String description() {
		return this.description;
	}

	/**
	 * Apply the action, returning once it is done.
	 * @param cluster the demo cluster
	 * @param node the node to act on
	 * @throws IllegalStateException if the node's state does not allow the action
	 */
	abstract void applyTo(DemoCluster cluster, DemoNode node);

	static Optional<DemoAction> forPathName(String pathName) {
		return Arrays.stream(values()).filter((action) -> action.pathName.equals(pathName)).findFirst();
	}

	static List<String> pathNames() {
		return Arrays.stream(values()).map(DemoAction::pathName).toList();
	}

}
