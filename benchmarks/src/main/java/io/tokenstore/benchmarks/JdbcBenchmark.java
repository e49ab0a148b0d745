package io.tokenstore.benchmarks;

import io.tokenstore.spi.StoreUri;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;

/**
 * H2 (in memory), MariaDB and PostgreSQL through the JDBC provider, beside a raw prepared statement on one
 * connection (primary-key SELECT and UPDATE, auto-commit). MariaDB and PostgreSQL run only where reachable
 * ({@code TOKENSTORE_MARIADB_URL}, {@code TOKENSTORE_POSTGRES_URL}, else the local servers). Run:
 * {@code java -jar benchmarks/target/benchmarks.jar JdbcBenchmark}.
 */
public class JdbcBenchmark extends StoreBenchmark {
  private static final String COLUMNS = "id, user_name, client_id, client_secret, refresh_token, access_token, "
      + "grant_token, expiry_time, redirect_url, api_domain";

  @Param({"h2", "mariadb", "postgresql"})
  public String store;

  @Param({"1000", "100000"})
  public int size;

  private Connection raw;
  private PreparedStatement rawSelect;
  private PreparedStatement rawUpdate;

  private String table() {
    return "bench_" + size;
  }

  @Override
  protected String storeUri() {
    return StoreUri.withOption(Servers.JDBC.get(store), "table", table());
  }

  @Override
  protected int size() {
    return size;
  }

  @Override
  protected void afterLoad() throws SQLException {
    raw = DriverManager.getConnection(Servers.JDBC.get(store));
    rawSelect = raw.prepareStatement("SELECT " + COLUMNS + " FROM " + table() + " WHERE id = ?");
    // Where keys are hashed, the server computes the hash column on this UPDATE, as it does for the store.
    rawUpdate = raw.prepareStatement(
        "UPDATE " + table() + " SET access_token = ?, expiry_time = ? WHERE id = ?");
  }

  @Override
  protected void beforeClose() throws SQLException {
    raw.close();
  }

  /** Baseline for find: a prepared SELECT by primary key on one connection. */
  @Benchmark
  public Object rawPreparedSelect(Cursor c) throws SQLException {
    rawSelect.setString(1, stored[next(c)].id());
    try (ResultSet rs = rawSelect.executeQuery()) {
      return row(rs);
    }
  }

  /** What a raw baseline does with a result: read the ten columns of the first row, as the store does. */
  static String[] row(ResultSet rs) throws SQLException {
    if (!rs.next()) {
      return null;
    }
    String[] row = new String[10];
    for (int i = 0; i < 10; i++) {
      row[i] = rs.getString(i + 1);
    }
    return row;
  }

  /** Baseline for save: a prepared UPDATE by primary key, auto-commit, on one connection. */
  @Benchmark
  public Object rawPreparedUpdate(Cursor c) throws Exception {
    int i = next(c);
    var t = update(c, i);
    rawUpdate.setString(1, t.accessToken());
    rawUpdate.setString(2, Long.toString(t.expiryTime().toEpochMilli()));
    rawUpdate.setString(3, stored[i].id());
    return rawUpdate.executeUpdate();
  }
}
