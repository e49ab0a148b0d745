package io.tokenstore.sql.internal;

import io.tokenstore.spi.Lease;
import io.tokenstore.spi.Tokens;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Leases in a table of their own beside the token table ({@code <table>_leases}: record id, holder, expiry in the
 * server's epoch milliseconds), created at the first lease, so that opening a store, or adopting a Zoho table,
 * adds nothing. Every step is a conditional statement in a write transaction, measured by the server's clock: no
 * connection-bound lock (such as {@code GET_LOCK}), which a pool would break. A fenced save locks the holder's
 * live lease row first ({@code SELECT … FOR UPDATE}; SQLite's write lock covers the whole database), so a taker's
 * {@code UPDATE} waits for the save to commit. A released lease keeps its row with expiry 0, so the next lease is
 * one {@code UPDATE}. H2's clock stands still within a transaction, so there the client's clock is bound instead.
 *
 * <p>Counted refreshes are rows of a second table ({@code <table>_refreshes}: record id and the time the count
 * leaves its window), created with the lease table and written only under the locked live lease row, so counts of
 * one record never race. A record's rows past their time are deleted at its next count.
 */
final class Leases {
  // Where a statement reads the clock: the server's expression, or a parameter bound to the client's clock.
  private static final Object NOW = new Object();
  private final boolean clientClock;

  private final String table;
  private final String create;
  private final String probe;
  private final String deleteAll;
  private final String takeExpired;
  private final String exists;
  private final String insert;
  private final String lockLive;
  private final String release;
  private final String counts;
  private final String createCounts;
  private final String forgetCounts;
  private final String readCounts;
  private final String insertCount;
  private final String deleteAllCounts;

  Leases(TableDefinition definition) {
    Dialect d = definition.dialect();
    String t = definition.table() + "_leases";
    this.table = t;
    String serverNow = d.epochMillis();
    this.clientClock = serverNow == null;
    String now = serverNow == null ? "CAST(? AS BIGINT)" : serverNow;
    this.create = "CREATE TABLE IF NOT EXISTS " + t + " (id " + d.idType() + " NOT NULL PRIMARY KEY, holder "
        + d.shortTextType() + " NOT NULL, expires_at BIGINT NOT NULL)" + d.tableOptions();
    String c = definition.table() + "_refreshes";
    this.counts = c;
    this.createCounts = "CREATE TABLE IF NOT EXISTS " + c + " (id " + d.idType() + " NOT NULL, ends_at BIGINT NOT NULL,"
        + " PRIMARY KEY (id, ends_at))" + d.tableOptions();
    this.forgetCounts = "DELETE FROM " + c + " WHERE id = ? AND ends_at <= ?";
    this.readCounts = "SELECT ends_at FROM " + c + " WHERE id = ? ORDER BY ends_at";
    this.insertCount = "INSERT INTO " + c + " (id, ends_at) VALUES (?, ?)";
    this.deleteAllCounts = "DELETE FROM " + c;
    this.takeExpired = "UPDATE " + t + " SET holder = ?, expires_at = " + now + " + ? WHERE id = ? AND expires_at <= "
        + now;
    this.exists = "SELECT 1 FROM " + t + " WHERE id = ?";
    this.probe = "SELECT 1 FROM " + t + ", " + c + " WHERE 1 = 0";
    this.deleteAll = "DELETE FROM " + t;
    this.insert = "INSERT INTO " + t + " (id, holder, expires_at) VALUES (?, ?, " + now + " + ?)";
    this.lockLive = "SELECT " + now + " FROM " + t + " WHERE id = ? AND holder = ? AND expires_at > " + now
        + d.forUpdate();
    this.release = "UPDATE " + t + " SET expires_at = 0 WHERE id = ? AND holder = ? AND expires_at > " + now;
  }

  /** The lease tables' names. */
  String tables() {
    return table + " and " + counts;
  }

  /** Their DDL, for a DBA to run where the store's user may not create tables. */
  String createStatements() {
    return create + "; " + createCounts;
  }

  /** Reads nothing from the lease tables: fails if either is not there. */
  void probe(Session s) throws SQLException {
    s.prepare(probe).executeQuery().close();
  }

  /** Ends every lease, with the records of a store emptied. */
  void deleteAll(Session s) throws SQLException {
    s.prepare(deleteAll).executeUpdate();
    s.prepare(deleteAllCounts).executeUpdate();
  }

  /** Creates the lease tables that are not there. */
  void create(Session s) throws SQLException {
    s.execute(create);
    s.execute(createCounts);
  }

  /**
   * Grants the lease: takes over an expired or released row, or inserts one; a live row refuses. Two takers that
   * both insert meet the primary key, and {@link Connections#write} runs the loser again, which then finds the row.
   */
  boolean take(Session s, Lease lease, Duration time) throws SQLException {
    if (run(s, takeExpired, lease.holder(), NOW, time.toMillis(), lease.id(), NOW) == 1) {
      return true;
    }
    PreparedStatement ex = s.prepare(exists);
    ex.setString(1, lease.id());
    try (ResultSet rs = ex.executeQuery()) {
      if (rs.next()) {
        return false;
      }
    }
    return run(s, insert, lease.id(), lease.holder(), NOW, time.toMillis()) == 1;
  }

  /** If the lease is live, the clock leases go by (epoch milliseconds), its row locked until the transaction ends. */
  OptionalLong lockIfLive(Session s, Lease lease) throws SQLException {
    PreparedStatement ps = bind(s, lockLive, NOW, lease.id(), lease.holder(), NOW);
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
    }
  }

  /**
   * Counts a refresh under the live lease, whose row stays locked to the transaction's end: zero if counted, the
   * wait until the window has room if the budget is spent, empty if the lease is not live.
   */
  Optional<Duration> count(Session s, Lease lease, int budget, Duration window) throws SQLException {
    OptionalLong live = lockIfLive(s, lease);
    if (live.isEmpty()) {
      return Optional.empty();
    }
    long now = live.getAsLong();
    run(s, forgetCounts, lease.id(), now);
    List<Long> ends = new ArrayList<>();
    PreparedStatement read = bind(s, readCounts, lease.id());
    try (ResultSet rs = read.executeQuery()) {
      while (rs.next()) {
        ends.add(rs.getLong(1));
      }
    }
    long wait = Tokens.untilRoom(ends, now, budget);
    if (wait > 0) {
      return Optional.of(Duration.ofMillis(wait));
    }
    // The primary key wants distinct times: a count ending in the same millisecond as another ends one later.
    // (Not after the last: a count with a shorter window ends before the longer ones.)
    long end = now + window.toMillis();
    while (ends.contains(end)) {
      end++;
    }
    run(s, insertCount, lease.id(), end);
    return Optional.of(Duration.ZERO);
  }

  /** Ends the lease if it is live. */
  boolean release(Session s, Lease lease) throws SQLException {
    return run(s, release, lease.id(), lease.holder(), NOW) == 1;
  }

  private int run(Session s, String sql, Object... values) throws SQLException {
    return bind(s, sql, values).executeUpdate();
  }

  private PreparedStatement bind(Session s, String sql, Object... values) throws SQLException {
    PreparedStatement ps = s.prepare(sql);
    int i = 0;
    long now = System.currentTimeMillis();
    for (Object v : values) {
      if (v == NOW) {
        if (clientClock) {
          ps.setLong(++i, now);
        }
      } else if (v instanceof Long) {
        ps.setLong(++i, (Long) v);
      } else {
        ps.setString(++i, (String) v);
      }
    }
    return ps;
  }
}
