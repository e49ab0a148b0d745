package io.tokenstore.benchmarks;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;

/**
 * SQLite at {@code synchronous=full} and {@code normal}, beside a raw prepared statement on one connection at the
 * same setting, and beside the Zoho sample's style (a connection per call, SQL built by concatenation). Run:
 * {@code java -jar benchmarks/target/benchmarks.jar SqliteBenchmark}.
 */
public class SqliteBenchmark extends StoreBenchmark {
  private static final String COLUMNS = "id, user_name, client_id, client_secret, refresh_token, access_token, "
      + "grant_token, expiry_time, redirect_url, api_domain";

  @Param({"sqlite-full", "sqlite-normal"})
  public String store;

  @Param({"1000", "100000"})
  public int size;

  private Connection raw;
  private PreparedStatement rawSelect;
  private PreparedStatement rawUpdate;

  private String file() {
    return Servers.DIR.resolve("bench.db").toString();
  }

  private String synchronous() {
    return store.substring("sqlite-".length());
  }

  private String table() {
    return "bench_" + size;
  }

  @Override
  protected String storeUri() {
    try {
      Files.createDirectories(Servers.DIR);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    return "sqlite:" + file() + "?table=" + table() + "&synchronous=" + synchronous();
  }

  @Override
  protected int size() {
    return size;
  }

  @Override
  protected void afterLoad() throws SQLException {
    raw = DriverManager.getConnection("jdbc:sqlite:" + file());
    try (Statement st = raw.createStatement()) {
      st.execute("PRAGMA synchronous=" + synchronous());
      st.execute("PRAGMA busy_timeout=30000");
    }
    rawSelect = raw.prepareStatement("SELECT " + COLUMNS + " FROM " + table() + " WHERE user_name = ?");
    rawUpdate = raw.prepareStatement("UPDATE " + table() + " SET access_token = ?, expiry_time = ? WHERE user_name = ?");
  }

  @Override
  protected void beforeClose() throws SQLException {
    raw.close();
  }

  /** Baseline for find: a prepared SELECT by user name on one connection. */
  @Benchmark
  public Object rawPreparedSelect(Cursor c) throws SQLException {
    rawSelect.setString(1, byUser[next(c)].userName());
    try (ResultSet rs = rawSelect.executeQuery()) {
      return JdbcBenchmark.row(rs);
    }
  }

  /** Baseline for save: a prepared UPDATE of the refresh path, one commit per call, at the same synchronous. */
  @Benchmark
  public Object rawPreparedUpdate(Cursor c) throws SQLException {
    int i = next(c);
    var t = update(c, i);
    rawUpdate.setString(1, t.accessToken());
    rawUpdate.setString(2, Long.toString(t.expiryTime().toEpochMilli()));
    rawUpdate.setString(3, t.userName());
    return rawUpdate.executeUpdate();
  }

  private Connection seedConnection() throws SQLException {
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + file());
    try (Statement st = c.createStatement()) {
      st.execute("PRAGMA synchronous=" + synchronous());
    }
    return c;
  }

  /** The Zoho sample's find: a new connection and concatenated SQL per call. */
  @Benchmark
  public Object seedStyleFind(Cursor c) throws SQLException {
    String user = byUser[next(c)].userName();
    try (Connection conn = seedConnection(); Statement st = conn.createStatement();
        ResultSet rs = st.executeQuery("SELECT * FROM " + table() + " WHERE user_name = '" + user + "'")) {
      return JdbcBenchmark.row(rs);
    }
  }

  /** The Zoho sample's save of an existing user: a new connection, a SELECT, then a concatenated UPDATE. */
  @Benchmark
  public Object seedStyleSave(Cursor c) throws SQLException {
    int i = next(c);
    var t = update(c, i);
    try (Connection conn = seedConnection(); Statement st = conn.createStatement()) {
      try (ResultSet rs = st.executeQuery("SELECT * FROM " + table() + " WHERE user_name = '" + t.userName() + "'")) {
        rs.next();
      }
      return st.executeUpdate("UPDATE " + table() + " SET access_token = '" + t.accessToken() + "', expiry_time = '"
          + t.expiryTime().toEpochMilli() + "' WHERE user_name = '" + t.userName() + "'");
    }
  }
}
