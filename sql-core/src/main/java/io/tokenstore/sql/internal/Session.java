package io.tokenstore.sql.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A connection with the statements prepared on it. A long-lived session (SQLite's own connections) keeps its
 * prepared statements for reuse; a borrowed one (from a pool, whose driver caches statements itself) closes them
 * when released. Not thread-safe: one thread at a time.
 */
public final class Session {
  private final Connection connection;
  private final @Nullable Map<String, PreparedStatement> cache;
  private final List<PreparedStatement> transientStatements = new ArrayList<>();

  private Session(Connection connection, boolean cacheStatements) {
    this.connection = connection;
    this.cache = cacheStatements ? new HashMap<>() : null;
  }

  /** A session that keeps its statements until {@link #close()}. */
  public static Session caching(Connection connection) {
    return new Session(connection, true);
  }

  /** A session whose statements are closed by {@link #release()}. */
  public static Session borrowed(Connection connection) {
    return new Session(connection, false);
  }

  /** The connection. */
  public Connection connection() {
    return connection;
  }

  PreparedStatement prepare(String sql) throws SQLException {
    if (cache == null) {
      PreparedStatement ps = connection.prepareStatement(sql);
      transientStatements.add(ps);
      return ps;
    }
    PreparedStatement ps = cache.get(sql);
    if (ps == null) {
      ps = connection.prepareStatement(sql);
      cache.put(sql, ps);
    }
    return ps;
  }

  void execute(String sql) throws SQLException {
    if (cache == null) {
      try (Statement st = connection.createStatement()) {
        st.execute(sql);
      }
      return;
    }
    // Prepared once and kept, like any other statement of a long-lived session: BEGIN and COMMIT run per write.
    prepare(sql).execute();
  }

  /** Closes the statements prepared since the last release, unless they are cached. */
  public void release() {
    for (PreparedStatement ps : transientStatements) {
      try {
        ps.close();
      } catch (SQLException ignored) {
        // The connection goes back to its pool, which closes what is left.
      }
    }
    transientStatements.clear();
  }

  /** Closes every statement and the connection. */
  public void close() {
    release();
    if (cache != null) {
      for (PreparedStatement ps : cache.values()) {
        try {
          ps.close();
        } catch (SQLException ignored) {
          // Closing the connection below releases it anyway.
        }
      }
      cache.clear();
    }
    try {
      connection.close();
    } catch (SQLException ignored) {
      // Nothing more can be done with a connection that fails to close.
    }
  }
}
