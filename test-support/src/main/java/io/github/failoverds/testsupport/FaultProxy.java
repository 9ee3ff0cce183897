package io.github.failoverds.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A TCP proxy on {@code 127.0.0.1} in front of one target (typically a real PostgreSQL server) that injects
 * network faults on demand, for failover tests and benchmarks.
 * <p>
 * Modes, switched at any time from any thread:
 * <ul>
 * <li>{@link #pass()}: forward everything, without added latency;</li>
 * <li>{@link #latency(Duration)}: forward everything, each chunk delayed in each direction (order preserved);</li>
 * <li>{@link #blackHole()}: a network partition. Nothing moves in either direction and no socket is closed:
 * existing connections hang, and new connections complete the TCP handshake in the kernel backlog (or time out
 * once it is full) but are never served. Leaving the black hole heals the partition: held bytes are delivered,
 * old connections carry on and queued new ones are served;</li>
 * <li>{@link #refuse()}: new connections are accepted then at once reset (RST) without reaching the target,
 * as when the listener is gone; established connections keep working (with the current latency).</li>
 * </ul>
 * {@link #resetAll()} additionally aborts every current connection with an RST on both sides. When the target
 * closes or resets a connection the proxy does the same to the client.
 * <p>
 * One daemon thread runs all I/O (NIO), whatever the number of connections; {@link #close()} stops it.
 * Up to {@value #MAX_BUFFERED_BYTES} bytes are buffered per connection and direction.
 */
public final class FaultProxy implements AutoCloseable {

	private static final int MAX_BUFFERED_BYTES = 1 << 20;

	private static final int READ_BUFFER_SIZE = 64 * 1024;

	private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);

	private enum Mode {

		PASS, BLACK_HOLE, REFUSE

	}

	private volatile InetSocketAddress target;

	private final Selector selector;

	private final ServerSocketChannel server;

	private final int port;

	private final SelectionKey serverKey;

	private final Thread loop;

	/** Current connections; changed by the I/O thread only. */
	private final Set<Link> links = ConcurrentHashMap.newKeySet();

	private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();

	private volatile Mode mode = Mode.PASS;

	private volatile Duration latency = Duration.ZERO;

	private volatile boolean closed;

	private FaultProxy(InetSocketAddress target) throws IOException {
		this.target = target;
		this.selector = Selector.open();
		this.server = ServerSocketChannel.open();
		this.server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
		this.server.configureBlocking(false);
		this.port = ((InetSocketAddress) this.server.getLocalAddress()).getPort();
		this.serverKey = this.server.register(this.selector, SelectionKey.OP_ACCEPT);
		this.loop = new Thread(this::run, "fault-proxy-" + this.port + "-to-" + target.getPort());
		this.loop.setDaemon(true);
	}

	/**
	 * Starts a proxy in {@linkplain #pass() pass} mode on a free loopback port.
	 * @param targetHost the host to forward to
	 * @param targetPort the port to forward to
	 * @return the running proxy
	 */
	public static FaultProxy start(String targetHost, int targetPort) {
		try {
			FaultProxy proxy = new FaultProxy(new InetSocketAddress(targetHost, targetPort));
			proxy.loop.start();
			return proxy;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** @return the port the proxy listens on, on {@code 127.0.0.1} */
	public int port() {
		return this.port;
	}

	/**
	 * A PostgreSQL JDBC URL going through this proxy.
	 * @param database the database name
	 * @return {@code jdbc:postgresql://127.0.0.1:<proxyPort>/<database>}
	 */
	public String jdbcUrl(String database) {
		return "jdbc:postgresql://127.0.0.1:" + this.port + "/" + database;
	}

	/**
	 * Forwards new connections to another server from now on, as a DNS name or a service that an HA
	 * manager flips to a new primary does; connections already open stay with the server they reached.
	 * @param targetHost the host to forward to
	 * @param targetPort the port to forward to
	 * @return this proxy
	 */
	public FaultProxy retarget(String targetHost, int targetPort) {
		this.target = new InetSocketAddress(targetHost, targetPort);
		return this;
	}

	/**
	 * Restores normal forwarding without added latency, healing a {@linkplain #blackHole() black hole}.
	 * @return this proxy
	 */
	public FaultProxy pass() {
		return switchTo(Mode.PASS, Duration.ZERO);
	}

	/**
	 * Forwards normally but delays every chunk by the given duration in each direction, preserving order.
	 * @param perDirection the delay added to each direction (a round trip gets twice as much)
	 * @return this proxy
	 */
	public FaultProxy latency(Duration perDirection) {
		if (perDirection.isNegative()) {
			throw new IllegalArgumentException("Negative latency: " + perDirection);
		}
		return switchTo(Mode.PASS, perDirection);
	}

	/**
	 * Simulates a network partition: bytes stop flowing both ways and new connections are not served, but no
	 * socket is closed or reset. See the class documentation for what happens when it heals.
	 * @return this proxy
	 */
	public FaultProxy blackHole() {
		return switchTo(Mode.BLACK_HOLE, this.latency);
	}

	/**
	 * Resets new connections (RST right after the handshake); established connections keep working.
	 * @return this proxy
	 */
	public FaultProxy refuse() {
		return switchTo(Mode.REFUSE, this.latency);
	}

	/**
	 * Aborts every current connection with an RST to both the client and the target, and returns once the
	 * resets are sent. The mode is unchanged.
	 * @return this proxy
	 */
	public FaultProxy resetAll() {
		runOnLoop(() -> {
			this.links.forEach(Link::reset);
			// deregistration of the closed channels is what releases their sockets, i.e. sends the RSTs
			this.selector.selectNow();
		});
		return this;
	}

	/** @return the number of connections currently open between a client and the proxy */
	public int activeConnections() {
		return this.links.size();
	}

	/** Resets every connection, stops listening and stops the I/O thread. Idempotent. */
	@Override
	public void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		this.selector.wakeup();
		try {
			this.loop.join(COMMAND_TIMEOUT.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public String toString() {
		return "FaultProxy[127.0.0.1:" + this.port + " -> " + this.target + ", " + this.mode + "]";
	}

	private FaultProxy switchTo(Mode mode, Duration latency) {
		this.latency = latency;
		this.mode = mode;
		this.selector.wakeup();
		return this;
	}

	private void runOnLoop(IoTask task) {
		if (this.closed) {
			throw new IllegalStateException(this + " is closed");
		}
		CompletableFuture<Void> done = new CompletableFuture<>();
		this.tasks.add(() -> {
			try {
				task.run();
				done.complete(null);
			}
			catch (IOException | RuntimeException ex) {
				done.completeExceptionally(ex);
			}
		});
		this.selector.wakeup();
		try {
			done.get(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("Proxy command failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private void run() {
		ByteBuffer buffer = ByteBuffer.allocate(READ_BUFFER_SIZE);
		try {
			while (!this.closed) {
				for (Runnable task = this.tasks.poll(); task != null; task = this.tasks.poll()) {
					task.run();
				}
				long timeoutMillis = flushDueChunks();
				updateInterests();
				this.selector.select(timeoutMillis);
				Iterator<SelectionKey> keys = this.selector.selectedKeys().iterator();
				while (keys.hasNext()) {
					SelectionKey key = keys.next();
					keys.remove();
					if (key == this.serverKey) {
						accept();
					}
					else if (key.isValid()) {
						((Link) key.attachment()).handle(key, buffer);
					}
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Fault proxy I/O loop failed", ex);
		}
		finally {
			this.closed = true;
			this.links.forEach(Link::reset);
			closeQuietly(this.server);
			closeQuietly(this.selector);
		}
	}

	/**
	 * Writes the chunks whose delay has elapsed and closes connections whose one side ended.
	 * @return how long the selector may block, in milliseconds, before another chunk is due (0: no limit)
	 */
	private long flushDueChunks() {
		if (this.mode == Mode.BLACK_HOLE) {
			return 0;
		}
		long now = System.nanoTime();
		long nextDue = Long.MAX_VALUE;
		for (Link link : this.links) {
			nextDue = Math.min(nextDue, link.flush(now));
		}
		return (nextDue == Long.MAX_VALUE) ? 0 : Math.max(1, TimeUnit.NANOSECONDS.toMillis(nextDue - now) + 1);
	}

	private void updateInterests() {
		boolean flowing = this.mode != Mode.BLACK_HOLE;
		this.serverKey.interestOps(flowing ? SelectionKey.OP_ACCEPT : 0);
		for (Link link : this.links) {
			link.updateInterests(flowing);
		}
	}

	private void accept() throws IOException {
		SocketChannel client = this.server.accept();
		if (client == null) {
			return;
		}
		if (this.mode == Mode.REFUSE) {
			reset(client);
			return;
		}
		SocketChannel upstream = null;
		try {
			upstream = SocketChannel.open();
			Link link = new Link(client, upstream);
			link.connected = upstream.connect(this.target);
			link.clientKey = client.register(this.selector, 0, link);
			link.upstreamKey = upstream.register(this.selector, 0, link);
			this.links.add(link);
		}
		catch (IOException ex) {
			reset(client);
			if (upstream != null) {
				reset(upstream);
			}
		}
	}

	private static int interest(boolean wanted, int op) {
		return wanted ? op : 0;
	}

	private static void reset(SocketChannel channel) {
		try {
			channel.setOption(StandardSocketOptions.SO_LINGER, 0);
		}
		catch (IOException ex) {
			// not connected or already closed: a plain close will do
		}
		closeQuietly(channel);
	}

	private static void closeQuietly(AutoCloseable closeable) {
		try {
			closeable.close();
		}
		catch (Exception ex) {
			// nothing left to release
		}
	}

	/** An action run on the I/O thread. */
	@FunctionalInterface
	private interface IoTask {

		void run() throws IOException;

	}

	/** Bytes read from one side, to be written to the other side once due. */
	private record Chunk(ByteBuffer data, long dueNanos) {
	}

	/** One direction of a connection: chunks read from its source, waiting to be written to its sink. */
	private static final class Flow {

		private final ArrayDeque<Chunk> chunks = new ArrayDeque<>();

		private int bufferedBytes;

		private boolean endOfStream;

		private boolean writeBlocked;

		boolean wantsRead() {
			return !this.endOfStream && this.bufferedBytes < MAX_BUFFERED_BYTES;
		}

		boolean finished() {
			return this.endOfStream && this.chunks.isEmpty();
		}

		void add(ByteBuffer data, long dueNanos) {
			this.chunks.add(new Chunk(data, dueNanos));
			this.bufferedBytes += data.capacity();
		}

		/** @return when the next chunk is due, {@link Long#MAX_VALUE} if none waits for its time */
		long flush(SocketChannel sink, long now) throws IOException {
			this.writeBlocked = false;
			for (Chunk head = this.chunks.peek(); head != null; head = this.chunks.peek()) {
				if (head.dueNanos() - now > 0) {
					return head.dueNanos();
				}
				sink.write(head.data());
				if (head.data().hasRemaining()) {
					this.writeBlocked = true;
					break;
				}
				this.chunks.poll();
				this.bufferedBytes -= head.data().capacity();
			}
			return Long.MAX_VALUE;
		}

	}

	/** A proxied connection: a client socket and its socket to the target. */
	private final class Link {

		private final SocketChannel client;

		private final SocketChannel upstream;

		private final Flow toUpstream = new Flow();

		private final Flow toClient = new Flow();

		private SelectionKey clientKey;

		private SelectionKey upstreamKey;

		private boolean connected;

		Link(SocketChannel client, SocketChannel upstream) throws IOException {
			this.client = client;
			this.upstream = upstream;
			for (SocketChannel channel : new SocketChannel[] { client, upstream }) {
				channel.configureBlocking(false);
				channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
			}
		}

		void handle(SelectionKey key, ByteBuffer buffer) {
			try {
				if (key.isConnectable()) {
					this.connected = this.upstream.finishConnect();
				}
				if (key.isValid() && key.isReadable()) {
					read((SocketChannel) key.channel(), buffer);
				}
				// writable keys need no action: the next flush writes
			}
			catch (IOException ex) {
				reset();
			}
		}

		private void read(SocketChannel source, ByteBuffer buffer) throws IOException {
			Flow flow = (source == this.client) ? this.toUpstream : this.toClient;
			buffer.clear();
			int count = source.read(buffer);
			if (count < 0) {
				flow.endOfStream = true;
			}
			else if (count > 0) {
				ByteBuffer data = ByteBuffer.allocate(count).put(buffer.flip()).flip();
				flow.add(data, System.nanoTime() + FaultProxy.this.latency.toNanos());
			}
		}

		/** @return when the next chunk is due, {@link Long#MAX_VALUE} if none */
		long flush(long now) {
			if (!this.connected) {
				return Long.MAX_VALUE;
			}
			try {
				long nextDue = Math.min(this.toUpstream.flush(this.upstream, now), this.toClient.flush(this.client, now));
				if (this.toUpstream.finished() || this.toClient.finished()) {
					close();
				}
				return nextDue;
			}
			catch (IOException ex) {
				reset();
				return Long.MAX_VALUE;
			}
		}

		void updateInterests(boolean flowing) {
			if (!this.clientKey.isValid() || !this.upstreamKey.isValid()) {
				return;
			}
			int clientOps = 0;
			int upstreamOps = this.connected ? 0 : SelectionKey.OP_CONNECT;
			if (flowing) {
				clientOps |= interest(this.toUpstream.wantsRead(), SelectionKey.OP_READ);
				clientOps |= interest(this.toClient.writeBlocked, SelectionKey.OP_WRITE);
				if (this.connected) {
					upstreamOps |= interest(this.toClient.wantsRead(), SelectionKey.OP_READ);
					upstreamOps |= interest(this.toUpstream.writeBlocked, SelectionKey.OP_WRITE);
				}
			}
			this.clientKey.interestOps(clientOps);
			this.upstreamKey.interestOps(upstreamOps);
		}

		/** Ends both sides gracefully (FIN), once one side has ended and its pending bytes are delivered. */
		void close() {
			FaultProxy.this.links.remove(this);
			closeQuietly(this.client);
			closeQuietly(this.upstream);
		}

		/** Aborts both sides (RST). */
		void reset() {
			FaultProxy.this.links.remove(this);
			FaultProxy.reset(this.client);
			FaultProxy.reset(this.upstream);
		}

	}

}
