package io.tokenstore.sql.internal;

import java.sql.SQLException;
import java.util.Optional;

/**
 * Where a SQL store gets its connections, and how it runs a write: one atomic statement in auto-commit mode or a
 * transaction of its own (a pool), or
 * batched with concurrent writes into one commit (SQLite's single writer). Thread-safe.
 */
public interface Connections extends AutoCloseable {
  /**
   * How many times a write is tried when it loses a race or meets a transient failure: enough that eight writers
   * saving and deleting one key as fast as they can never exhaust it (SaveDeleteRaceTests).
   */
  int MAX_ATTEMPTS = 32;

  /** Work on a session. */
  @FunctionalInterface
  interface Work<T> {
    T run(Session session) throws SQLException;
  }

  /** Work in a transaction; {@code attempt} counts from 1 and grows when a unique violation forces a retry. */
  @FunctionalInterface
  interface WriteWork<T> {
    T run(Session session, int attempt) throws SQLException;
  }

  /**
   * Runs read-only work.
   *
   * @throws SQLException if the backend fails
   */
  <T> T read(Work<T> work) throws SQLException;

  /**
   * Runs work in a transaction that commits before this returns, so a returned write is durable. On a unique
   * violation or a transient failure, the work's effects are rolled back and it runs again with the next attempt
   * number, up to {@link #MAX_ATTEMPTS}. A {@link RuntimeException} from the work rolls back its effects and is
   * thrown to this caller alone.
   *
   * @throws SQLException if the backend fails
   */
  <T> T write(WriteWork<T> work) throws SQLException;

  /**
   * Runs work whose every write is one atomic statement, committed as it runs (auto-commit): the refresh path in
   * one or two round trips instead of a transaction's four or five. Only where the backend serves concurrent
   * writers itself; elsewhere (SQLite's single writer, which batches commits) it runs nothing and returns empty.
   * A unique violation or a transient failure also returns empty: the caller's transaction path decides it.
   *
   * @throws SQLException if the backend fails otherwise
   */
  default <T> Optional<T> autoCommitted(Work<Optional<T>> work) throws SQLException {
    return Optional.empty();
  }

  /** True where {@link #autoCommitted} runs its work. */
  default boolean autoCommits() {
    return false;
  }

  /** The dialect of the backend. */
  Dialect dialect();

  @Override
  void close();
}
