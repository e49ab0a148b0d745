package io.tokenstore.benchmarks;

import io.tokenstore.spi.StoreUri;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;

/**
 * H2 (in memory), MariaDB and PostgreSQL through the JDBC provider, beside a raw prepared statement on one
 * connection (primary-key SELECT and UPDATE, auto-commit), beside the peers a user would pick instead
 * ({@link Peers}: Spring Security's JDBC services, {@code spring*}) and beside the Zoho Java SDK's {@code DBStore}
 * style ({@code zohoStyle*}: a connection per call, SQL built by concatenation). MariaDB and PostgreSQL run only
 * where reachable ({@code TOKENSTORE_MARIADB_URL}, {@code TOKENSTORE_POSTGRES_URL}, else the local servers). Run:
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

  /** Spring Security's load of a user's tokens, beside {@link #findByUserName}. */
  @Benchmark
  public Object springLoad(Cursor c, Peers peers) {
    return peers.clients.loadAuthorizedClient(Peers.REGISTRATION, stored[next(c)].userName());
  }

  /** Spring Security's save of a user's refreshed access token, beside {@link #saveUpdate}. */
  @Benchmark
  public Object springSave(Cursor c, Peers peers) {
    int i = next(c);
    peers.clients.saveAuthorizedClient(peers.refreshed[variant(c)][i], peers.principals[i]);
    return i;
  }

  /** Spring Authorization Server's lookup by access token, beside {@link #findByAccessToken}. */
  @Benchmark
  public Object springFindByToken(Cursor c, Peers peers) {
    return peers.authorizations.findByToken(stored[next(c)].accessToken(),
        org.springframework.security.oauth2.server.authorization.OAuth2TokenType.ACCESS_TOKEN);
  }

  private Connection zohoConnection() throws SQLException {
    return DriverManager.getConnection(Servers.JDBC.get(store));
  }

  /** DBStore's findToken by user: a new connection, {@code SELECT * … LIMIT 1} with the value concatenated. */
  @Benchmark
  public Object zohoStyleFind(Cursor c) throws SQLException {
    String user = stored[next(c)].userName();
    try (Connection conn = zohoConnection(); Statement st = conn.createStatement();
         ResultSet rs = st.executeQuery("select * from " + table() + " where user_name='" + user + "' limit 1")) {
      return row(rs);
    }
  }

  /**
   * DBStore's saveToken after a refresh: a new connection and one concatenated {@code UPDATE} by user name
   * ({@code LIMIT 1} as it sends it, on MariaDB; the others have no {@code UPDATE … LIMIT}).
   */
  @Benchmark
  public Object zohoStyleSave(Cursor c) throws SQLException {
    int i = next(c);
    var t = update(c, i);
    try (Connection conn = zohoConnection(); Statement st = conn.createStatement()) {
      return st.executeUpdate("update " + table() + " set user_name='" + t.userName() + "',access_token='"
          + t.accessToken() + "',expiry_time='" + t.expiryTime().toEpochMilli() + "' where user_name='"
          + t.userName() + "'" + (store.equals("mariadb") ? " limit 1" : ""));
    }
  }
}
