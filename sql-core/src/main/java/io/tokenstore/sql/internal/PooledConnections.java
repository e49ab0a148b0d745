package io.tokenstore.sql.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Connections from a pool: every write is a transaction of its own on a borrowed connection, but for the one-statement
 * writes of {@link #autoCommitted}. The pool hands out
 * connections at READ COMMITTED (set once, in its configuration, not per write: a per-write change costs a round
 * trip to set it and one more when the pool resets it), so that a unique index, not a gap lock, decides a race
 * between two inserts.
 */
public final class PooledConnections implements Connections {
  private final DataSource dataSource;
  private final Dialect dialect;
  private final AutoCloseable pool;

  /**
   * @param dataSource the pool
   * @param dialect the backend's dialect
   * @param pool closed by {@link #close()}
   */
  public PooledConnections(DataSource dataSource, Dialect dialect, AutoCloseable pool) {
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.pool = pool;
  }

  @Override
  public Dialect dialect() {
    return dialect;
  }

  @Override
  public <T> T read(Work<T> work) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      Session s = Session.borrowed(c);
      try {
        return work.run(s);
      } finally {
        s.release();
      }
    }
  }

  @Override
  public boolean autoCommits() {
    return true;
  }

  // The pool hands out connections in auto-commit mode, as read() relies on too.
  @Override
  public <T> Optional<T> autoCommitted(Work<Optional<T>> work) throws SQLException {
    try {
      return read(work);
    } catch (SQLException e) {
      if (dialect.isUniqueViolation(e) || dialect.isTransient(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  @Override
  public <T> T write(WriteWork<T> work) throws SQLException {
    for (int attempt = 1; ; attempt++) {
      try (Connection c = dataSource.getConnection()) {
        Session s = Session.borrowed(c);
        c.setAutoCommit(false);
        Throwable failure = null;
        try {
          T result = work.run(s, attempt);
          c.commit();
          return result;
        } catch (SQLException e) {
          failure = e;
          rollback(c, e);
          boolean transientFailure = dialect.isTransient(e);
          if (attempt < MAX_ATTEMPTS && (transientFailure || dialect.isUniqueViolation(e))) {
            if (transientFailure) {
              backOff(attempt, e);
            }
            continue;
          }
          throw e;
        } catch (RuntimeException | Error e) {
          failure = e;
          rollback(c, e);
          throw e;
        } finally {
          s.release();
          resetAutoCommit(c, failure);
        }
      }
    }
  }

  // A failed reset must not replace the failure that is already on its way out: it rides along as suppressed.
  private static void resetAutoCommit(Connection c, @Nullable Throwable failure) throws SQLException {
    try {
      c.setAutoCommit(true);
    } catch (SQLException reset) {
      if (failure == null) {
        throw reset;
      }
      failure.addSuppressed(reset);
    }
  }

  /**
   * A lost insert race is retried at once: the retry merges into the winner's row. A deadlock means writers are
   * colliding on one key, taking row locks in opposite orders (InnoDB: a locking read by a unique value, then the
   * primary key; a delete by primary key, then the unique value): the victim waits a random, growing while (at
   * most 64 ms) so that they stop colliding in step.
   */
  private static void backOff(int attempt, SQLException failure) throws SQLException {
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(1, 1 + Math.min(64, 1L << attempt)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failure.addSuppressed(e);
      throw failure;
    }
  }

  private static void rollback(Connection c, Throwable failure) {
    try {
      c.rollback();
    } catch (SQLException e) {
      failure.addSuppressed(e);
    }
  }

  @Override
  public void close() {
    try {
      pool.close();
    } catch (Exception e) {
      throw new IllegalStateException("closing the connection pool failed", e);
    }
  }
}
