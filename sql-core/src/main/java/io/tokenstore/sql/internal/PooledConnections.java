package io.tokenstore.sql.internal;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Connections from a pool: every write is a transaction of its own on a borrowed connection. The pool hands out
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
  public <T> T write(WriteWork<T> work) throws SQLException {
    for (int attempt = 1; ; attempt++) {
      try (Connection c = dataSource.getConnection()) {
        Session s = Session.borrowed(c);
        c.setAutoCommit(false);
        try {
          T result = work.run(s, attempt);
          c.commit();
          return result;
        } catch (SQLException e) {
          rollback(c, e);
          if (attempt < MAX_ATTEMPTS && (dialect.isUniqueViolation(e) || dialect.isTransient(e))) {
            continue;
          }
          throw e;
        } catch (RuntimeException | Error e) {
          rollback(c, e);
          throw e;
        } finally {
          s.release();
          c.setAutoCommit(true);
        }
      }
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
