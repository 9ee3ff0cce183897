package io.github.failoverds.leak;

/**
 * The stack of the thread that borrowed a connection, captured at the borrow and shown only when the
 * connection becomes a suspected leak. It is never thrown.
 */
final class BorrowSite extends Throwable {

	private static final long serialVersionUID = 1L;

	BorrowSite() {
		super("Connection borrowed here", null, false, true);
	}

}
