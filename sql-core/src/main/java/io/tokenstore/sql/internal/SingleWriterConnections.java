package io.tokenstore.sql.internal;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * One writer connection with group commit, and a few reader connections (SQLite: one writer at a time anyway,
 * readers never block in WAL mode).
 *
 * <p>Group commit: a writer queues its work, then takes the write lock. Whoever holds the lock runs the queued
 * work, oldest first, up to 256 in one transaction (each in a savepoint of its own, so that one
 * caller's failure is rolled back and reported to that caller alone), commits once, and goes on with the next
 * batch until its own work is done. A caller returns only after the commit that holds its work, so
 * its write is as durable as the database's {@code synchronous} setting makes a commit; while one commit syncs,
 * the next batch gathers.
 */
public final class SingleWriterConnections implements Connections {
  private static final int MAX_BATCH = 256;

  private final Dialect dialect;
  private final Session writer;
  private final @Nullable BlockingQueue<Session> readers;
  private final List<Session> allReaders;
  private final ReentrantLock writeLock = new ReentrantLock();
  private final ConcurrentLinkedQueue<Request<?>> pending = new ConcurrentLinkedQueue<>();

  /**
   * @param dialect the dialect
   * @param writer the connection that writes, in auto-commit mode
   * @param readers connections that only read; if empty, reads take the write lock and use the writer
   */
  public SingleWriterConnections(Dialect dialect, Session writer, List<Session> readers) {
    this.dialect = dialect;
    this.writer = writer;
    this.allReaders = List.copyOf(readers);
    this.readers = readers.isEmpty() ? null : new LinkedBlockingQueue<>(readers);
  }

  @Override
  public Dialect dialect() {
    return dialect;
  }

  @Override
  public <T> T read(Work<T> work) throws SQLException {
    if (readers == null) {
      writeLock.lock();
      try {
        return work.run(writer);
      } finally {
        writeLock.unlock();
      }
    }
    Session s;
    try {
      s = readers.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted while waiting for a reader connection", e);
    }
    try {
      return work.run(s);
    } finally {
      readers.add(s);
    }
  }

  @Override
  public <T> T write(WriteWork<T> work) throws SQLException {
    Request<T> request = new Request<>(work);
    pending.add(request);
    writeLock.lock();
    try {
      // A batch takes the oldest MAX_BATCH requests, which need not hold this one: drain until it is done.
      while (!request.done) {
        runBatch();
      }
    } finally {
      writeLock.unlock();
    }
    return request.result();
  }

  // Called with the write lock held. Completes every request it takes, with its result or a failure.
  private void runBatch() {
    List<Request<?>> batch = new ArrayList<>();
    for (Request<?> r; batch.size() < MAX_BATCH && (r = pending.poll()) != null; ) {
      batch.add(r);
    }
    try {
      if (batch.size() == 1) {
        runAlone(batch.get(0));
      } else if (!batch.isEmpty()) {
        runTogether(batch);
      }
    } catch (RuntimeException | Error e) {
      // Not from a request's work (that is caught per request) but from the driver: nothing of it commits.
      undoAll(e);
      batch.forEach(r -> r.failIfSucceeded(e));
    } finally {
      batch.forEach(Request::complete);
    }
  }

  private void runTogether(List<Request<?>> batch) {
    try {
      writer.execute("BEGIN IMMEDIATE");
    } catch (SQLException e) {
      batch.forEach(r -> r.fail(e));
      return;
    }
    for (Request<?> r : batch) {
      runInSavepoint(r);
    }
    try {
      writer.execute("COMMIT");
    } catch (SQLException e) {
      try {
        writer.execute("ROLLBACK");
      } catch (SQLException rollback) {
        e.addSuppressed(rollback);
      }
      batch.forEach(r -> r.failIfSucceeded(e));
    }
  }

  // One writer waiting: its own transaction, no savepoint; a unique violation rolls back and runs it again.
  private void runAlone(Request<?> r) {
    for (int attempt = 1; ; attempt++) {
      try {
        writer.execute("BEGIN IMMEDIATE");
        r.run(writer, attempt);
        writer.execute("COMMIT");
        break;
      } catch (SQLException e) {
        undoAll(e);
        if (attempt < MAX_ATTEMPTS && dialect.isUniqueViolation(e)) {
          continue;
        }
        r.fail(e);
        break;
      } catch (RuntimeException | Error e) {
        undoAll(e);
        r.fail(e);
        break;
      }
    }
  }

  private void undoAll(Throwable failure) {
    try {
      writer.execute("ROLLBACK");
    } catch (SQLException e) {
      // "no transaction is active" when BEGIN itself failed: nothing to undo.
      if (!String.valueOf(e.getMessage()).contains("no transaction")) {
        failure.addSuppressed(e);
      }
    }
  }

  private void runInSavepoint(Request<?> r) {
    for (int attempt = 1; ; attempt++) {
      try {
        writer.execute("SAVEPOINT w");
      } catch (SQLException e) {
        r.fail(e);
        return;
      }
      try {
        r.run(writer, attempt);
        writer.execute("RELEASE w");
        return;
      } catch (SQLException e) {
        undo(e);
        if (attempt < MAX_ATTEMPTS && dialect.isUniqueViolation(e)) {
          continue;
        }
        r.fail(e);
        return;
      } catch (RuntimeException | Error e) {
        undo(e);
        r.fail(e);
        return;
      }
    }
  }

  private void undo(Throwable failure) {
    try {
      writer.execute("ROLLBACK TO w");
      writer.execute("RELEASE w");
    } catch (SQLException e) {
      failure.addSuppressed(e);
    }
  }

  @Override
  public void close() {
    writeLock.lock();
    try {
      writer.close();
      allReaders.forEach(Session::close);
    } finally {
      writeLock.unlock();
    }
  }

  /** One caller's write: its work, then its outcome. Fields are written by the leader, read after the lock. */
  private static final class Request<T> {
    private final WriteWork<T> work;
    private @Nullable T value;
    private @Nullable Throwable failure;
    volatile boolean done;

    Request(WriteWork<T> work) {
      this.work = work;
    }

    void run(Session s, int attempt) throws SQLException {
      value = work.run(s, attempt);
    }

    void fail(Throwable t) {
      failure = t;
    }

    void failIfSucceeded(Throwable t) {
      if (failure == null) {
        failure = t;
      }
    }

    void complete() {
      done = true;
    }

    @SuppressWarnings("NullAway") // the value of work of type Void is null
    T result() throws SQLException {
      Throwable f = failure;
      if (f == null) {
        return value;
      }
      if (f instanceof SQLException) {
        throw (SQLException) f;
      }
      if (f instanceof RuntimeException) {
        throw (RuntimeException) f;
      }
      throw (Error) f;
    }
  }
}
