package io.github.failoverds.leak;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.ShardingKey;
import java.sql.Statement;
import java.sql.Struct;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;

/**
 * A borrowed connection as the application sees it while leak detection is on: every call goes to the
 * pool's connection, and {@link #close()} also tells the {@link ConnectionTracker} that the connection
 * is back ({@link #abort(Executor)} does not: the pool still counts an aborted connection as borrowed).
 * {@link #unwrap(Class)} and {@link #isWrapperFor(Class)} go straight to the pool's connection, so the
 * wrapper is invisible to code that looks for the driver's own connection class.
 * <p>
 * Its lifecycle is one atomic state: in use, suspected (flagged as a leak by the sweeper) and returned.
 * Flagging is a compare-and-set from in use, returning an exchange to returned, so exactly one of
 * several returns at once frees the connection's slot, and a connection is never flagged once returned.
 */
final class TrackedConnection implements Connection {

	private static final int IN_USE = 0;

	private static final int SUSPECTED = 1;

	private static final int RETURNED = 2;

	private static final VarHandle STATE;

	static {
		try {
			STATE = MethodHandles.lookup().findVarHandle(TrackedConnection.class, "state", int.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private final Connection delegate;

	private final ConnectionTracker tracker;

	private final String node;

	private final String thread;

	private final long borrowedAtNanos;

	private final BorrowSite borrowSite;

	private volatile int state = IN_USE;

	/** Where the tracker keeps this connection while it is out; {@code -1} for its overflow set. */
	int slot;

	TrackedConnection(Connection delegate, ConnectionTracker tracker, String node, String thread, long borrowedAtNanos,
			BorrowSite borrowSite) {
		this.delegate = delegate;
		this.tracker = tracker;
		this.node = node;
		this.thread = thread;
		this.borrowedAtNanos = borrowedAtNanos;
		this.borrowSite = borrowSite;
	}

	String node() {
		return this.node;
	}

	String thread() {
		return this.thread;
	}

	BorrowSite borrowSite() {
		return this.borrowSite;
	}

	Duration heldFor(long nowNanos) {
		return Duration.ofNanos(nowNanos - this.borrowedAtNanos);
	}

	/**
	 * Flag the connection as a suspected leak, once.
	 * @return {@code true} if this call flagged it, {@code false} if it was flagged or returned before
	 */
	boolean markSuspected() {
		return STATE.compareAndSet(this, IN_USE, SUSPECTED);
	}

	boolean isSuspected() {
		return this.state == SUSPECTED;
	}

	SuspectedLeak report(long nowNanos, Instant now) {
		Duration heldFor = heldFor(nowNanos);
		return new SuspectedLeak(this.node, this.thread, now.minus(heldFor), heldFor, stackTrace());
	}

	private String stackTrace() {
		if (this.borrowSite == null) {
			return null;
		}
		StringWriter text = new StringWriter();
		this.borrowSite.printStackTrace(new PrintWriter(text));
		return text.toString();
	}

	/**
	 * Take the connection off the tracker, once however many threads close it at once.
	 */
	private void returned() {
		release(claimReturn());
	}

	/**
	 * The first step of a return, one atomic exchange: mark the connection returned. Only the call that
	 * found it not returned yet may {@linkplain #release(int) release} its slot, and the sweeper can no
	 * longer flag it. Package-private, as is the second step, so that tests can interleave two returns.
	 * @return the state before
	 */
	int claimReturn() {
		return (int) STATE.getAndSet(this, RETURNED);
	}

	/**
	 * The second step of a return: free the connection's slot, unless another return claimed it first.
	 * @param previous the state that {@link #claimReturn()} found
	 */
	void release(int previous) {
		if (previous != RETURNED) {
			this.tracker.returned(this, previous == SUSPECTED);
		}
	}

	@Override
	public void close() throws SQLException {
		returned();
		this.delegate.close();
	}

	/**
	 * Abort the pool's connection. It stays tracked, and is reported once held past the threshold, until
	 * it is closed: HikariCP counts an aborted connection as borrowed, holding its place in the pool,
	 * until {@link #close()} gives it back.
	 */
	@Override
	public void abort(Executor executor) throws SQLException {
		this.delegate.abort(executor);
	}

	@Override
	public <T> T unwrap(Class<T> iface) throws SQLException {
		return this.delegate.unwrap(iface);
	}

	@Override
	public boolean isWrapperFor(Class<?> iface) throws SQLException {
		return this.delegate.isWrapperFor(iface);
	}

	@Override
	public String toString() {
		return this.delegate.toString();
	}

	@Override
	public Statement createStatement() throws SQLException {
		return this.delegate.createStatement();
	}

	@Override
	public PreparedStatement prepareStatement(String sql) throws SQLException {
		return this.delegate.prepareStatement(sql);
	}

	@Override
	public CallableStatement prepareCall(String sql) throws SQLException {
		return this.delegate.prepareCall(sql);
	}

	@Override
	public String nativeSQL(String sql) throws SQLException {
		return this.delegate.nativeSQL(sql);
	}

	@Override
	public void setAutoCommit(boolean autoCommit) throws SQLException {
		this.delegate.setAutoCommit(autoCommit);
	}

	@Override
	public boolean getAutoCommit() throws SQLException {
		return this.delegate.getAutoCommit();
	}

	@Override
	public void commit() throws SQLException {
		this.delegate.commit();
	}

	@Override
	public void rollback() throws SQLException {
		this.delegate.rollback();
	}

	@Override
	public boolean isClosed() throws SQLException {
		return this.delegate.isClosed();
	}

	@Override
	public DatabaseMetaData getMetaData() throws SQLException {
		return this.delegate.getMetaData();
	}

	@Override
	public void setReadOnly(boolean readOnly) throws SQLException {
		this.delegate.setReadOnly(readOnly);
	}

	@Override
	public boolean isReadOnly() throws SQLException {
		return this.delegate.isReadOnly();
	}

	@Override
	public void setCatalog(String catalog) throws SQLException {
		this.delegate.setCatalog(catalog);
	}

	@Override
	public String getCatalog() throws SQLException {
		return this.delegate.getCatalog();
	}

	@Override
	public void setTransactionIsolation(int level) throws SQLException {
		this.delegate.setTransactionIsolation(level);
	}

	@Override
	public int getTransactionIsolation() throws SQLException {
		return this.delegate.getTransactionIsolation();
	}

	@Override
	public SQLWarning getWarnings() throws SQLException {
		return this.delegate.getWarnings();
	}

	@Override
	public void clearWarnings() throws SQLException {
		this.delegate.clearWarnings();
	}

	@Override
	public Statement createStatement(int resultSetType, int resultSetConcurrency) throws SQLException {
		return this.delegate.createStatement(resultSetType, resultSetConcurrency);
	}

	@Override
	public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency)
			throws SQLException {
		return this.delegate.prepareStatement(sql, resultSetType, resultSetConcurrency);
	}

	@Override
	public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency) throws SQLException {
		return this.delegate.prepareCall(sql, resultSetType, resultSetConcurrency);
	}

	@Override
	public Map<String, Class<?>> getTypeMap() throws SQLException {
		return this.delegate.getTypeMap();
	}

	@Override
	public void setTypeMap(Map<String, Class<?>> map) throws SQLException {
		this.delegate.setTypeMap(map);
	}

	@Override
	public void setHoldability(int holdability) throws SQLException {
		this.delegate.setHoldability(holdability);
	}

	@Override
	public int getHoldability() throws SQLException {
		return this.delegate.getHoldability();
	}

	@Override
	public Savepoint setSavepoint() throws SQLException {
		return this.delegate.setSavepoint();
	}

	@Override
	public Savepoint setSavepoint(String name) throws SQLException {
		return this.delegate.setSavepoint(name);
	}

	@Override
	public void rollback(Savepoint savepoint) throws SQLException {
		this.delegate.rollback(savepoint);
	}

	@Override
	public void releaseSavepoint(Savepoint savepoint) throws SQLException {
		this.delegate.releaseSavepoint(savepoint);
	}

	@Override
	public Statement createStatement(int resultSetType, int resultSetConcurrency, int resultSetHoldability)
			throws SQLException {
		return this.delegate.createStatement(resultSetType, resultSetConcurrency, resultSetHoldability);
	}

	@Override
	public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency,
			int resultSetHoldability) throws SQLException {
		return this.delegate.prepareStatement(sql, resultSetType, resultSetConcurrency, resultSetHoldability);
	}

	@Override
	public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency,
			int resultSetHoldability) throws SQLException {
		return this.delegate.prepareCall(sql, resultSetType, resultSetConcurrency, resultSetHoldability);
	}

	@Override
	public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
		return this.delegate.prepareStatement(sql, autoGeneratedKeys);
	}

	@Override
	public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
		return this.delegate.prepareStatement(sql, columnIndexes);
	}

	@Override
	public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
		return this.delegate.prepareStatement(sql, columnNames);
	}

	@Override
	public Clob createClob() throws SQLException {
		return this.delegate.createClob();
	}

	@Override
	public Blob createBlob() throws SQLException {
		return this.delegate.createBlob();
	}

	@Override
	public NClob createNClob() throws SQLException {
		return this.delegate.createNClob();
	}

	@Override
	public SQLXML createSQLXML() throws SQLException {
		return this.delegate.createSQLXML();
	}

	@Override
	public boolean isValid(int timeout) throws SQLException {
		return this.delegate.isValid(timeout);
	}

	@Override
	public void setClientInfo(String name, String value) throws SQLClientInfoException {
		this.delegate.setClientInfo(name, value);
	}

	@Override
	public void setClientInfo(Properties properties) throws SQLClientInfoException {
		this.delegate.setClientInfo(properties);
	}

	@Override
	public String getClientInfo(String name) throws SQLException {
		return this.delegate.getClientInfo(name);
	}

	@Override
	public Properties getClientInfo() throws SQLException {
		return this.delegate.getClientInfo();
	}

	@Override
	public Array createArrayOf(String typeName, Object[] elements) throws SQLException {
		return this.delegate.createArrayOf(typeName, elements);
	}

	@Override
	public Struct createStruct(String typeName, Object[] attributes) throws SQLException {
		return this.delegate.createStruct(typeName, attributes);
	}

	@Override
	public void setSchema(String schema) throws SQLException {
		this.delegate.setSchema(schema);
	}

	@Override
	public String getSchema() throws SQLException {
		return this.delegate.getSchema();
	}

	@Override
	public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
		this.delegate.setNetworkTimeout(executor, milliseconds);
	}

	@Override
	public int getNetworkTimeout() throws SQLException {
		return this.delegate.getNetworkTimeout();
	}

	@Override
	public void beginRequest() throws SQLException {
		this.delegate.beginRequest();
	}

	@Override
	public void endRequest() throws SQLException {
		this.delegate.endRequest();
	}

	@Override
	public boolean setShardingKeyIfValid(ShardingKey shardingKey, ShardingKey superShardingKey, int timeout)
			throws SQLException {
		return this.delegate.setShardingKeyIfValid(shardingKey, superShardingKey, timeout);
	}

	@Override
	public boolean setShardingKeyIfValid(ShardingKey shardingKey, int timeout) throws SQLException {
		return this.delegate.setShardingKeyIfValid(shardingKey, timeout);
	}

	@Override
	public void setShardingKey(ShardingKey shardingKey, ShardingKey superShardingKey) throws SQLException {
		this.delegate.setShardingKey(shardingKey, superShardingKey);
	}

	@Override
	public void setShardingKey(ShardingKey shardingKey) throws SQLException {
		this.delegate.setShardingKey(shardingKey);
	}

}
