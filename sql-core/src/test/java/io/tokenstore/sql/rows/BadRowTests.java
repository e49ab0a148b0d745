package io.tokenstore.sql.rows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tokenstore.OAuthToken;
import io.tokenstore.TokenStore;
import io.tokenstore.TokenStoreException;
import io.tokenstore.TokenStores;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A row the store cannot read (written by another program) is reported, not fatal to a listing; a table name the
 * SQL of some backend reserves is refused before anything is created. Each backend's module extends this.
 */
public abstract class BadRowTests {
  private static final String SECRET = "access-secret-value";

  // Held strongly: java.util.logging keeps loggers weakly, and the handler would go with it.
  private final Logger log = Logger.getLogger("io.tokenstore.sql");
  private final List<LogRecord> logged = new CopyOnWriteArrayList<>();
  private final Handler capture = new Handler() {
    @Override
    public void publish(LogRecord record) {
      logged.add(record);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };
  private final List<String> tables = new ArrayList<>();

  /** A connection to the backend, outside tokenstore. */
  protected abstract Connection connect() throws SQLException;

  /** The store URI of a table. */
  protected abstract String uri(String table);

  @BeforeEach
  void captureLog() {
    log.addHandler(capture);
  }

  @AfterEach
  void dropTables() throws SQLException {
    log.removeHandler(capture);
    for (String t : tables) {
      try (Connection c = connect(); Statement st = c.createStatement()) {
        st.execute("DROP TABLE IF EXISTS " + t);
        st.execute("DELETE FROM tokenstore_schema WHERE table_name = '" + t + "'");
      }
    }
  }

  private String newTable() {
    String t = "bad_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    tables.add(t);
    return t;
  }

  private void set(String table, String column, String value, String id) throws SQLException {
    try (Connection c = connect();
        PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET " + column + " = ? WHERE id = ?")) {
      ps.setString(1, value);
      ps.setString(2, id);
      assertThat(ps.executeUpdate()).isEqualTo(1);
    }
  }

  @Test
  void getTokens_rowWithUnreadableExpiry_skipsItAndLogsTableIdAndColumn() throws SQLException {
    String table = newTable();
    try (TokenStore store = TokenStores.open(uri(table))) {
      OAuthToken bad = store.saveToken(OAuthToken.builder().userName("bad").accessToken(SECRET).build());
      OAuthToken good = store.saveToken(OAuthToken.builder().userName("good").accessToken("a").build());
      set(table, "expiry_time", "tomorrow", bad.id());

      assertThat(store.getTokens()).containsExactly(good);

      List<String> warnings = logged.stream().filter(r -> r.getLevel() == Level.WARNING)
          .map(r -> r.getMessage()).toList();
      assertThat(warnings).singleElement().asString()
          .contains(table).contains("'" + bad.id() + "'").contains("expiry_time")
          .doesNotContain(SECRET).doesNotContain("tomorrow");
    }
  }

  @Test
  void findToken_rowWithUnreadableExpiry_failsNamingTableIdAndColumn() throws SQLException {
    String table = newTable();
    try (TokenStore store = TokenStores.open(uri(table))) {
      OAuthToken bad = store.saveToken(OAuthToken.builder().userName("bad").accessToken(SECRET).build());
      set(table, "expiry_time", "tomorrow", bad.id());

      for (Runnable find : List.<Runnable>of(() -> store.findToken(OAuthToken.builder().userName("bad").build()),
          () -> store.findTokenById(bad.id()))) {
        assertThatThrownBy(find::run).isInstanceOf(TokenStoreException.class)
            .hasMessageContaining(table).hasMessageContaining("'" + bad.id() + "'").hasMessageContaining("expiry_time")
            .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET).doesNotContain("tomorrow"));
      }
    }
  }

  private String get(String table, String column, String id) throws SQLException {
    try (Connection c = connect();
        PreparedStatement ps = c.prepareStatement("SELECT " + column + " FROM " + table + " WHERE id = ?")) {
      ps.setString(1, id);
      try (var rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        return rs.getString(1);
      }
    }
  }

  @Test
  void saveToken_intoARowWithUnreadableExpiry_failsNamingItAndSaysWhetherItWrote() throws SQLException {
    String table = newTable();
    try (TokenStore store = TokenStores.open(uri(table))) {
      OAuthToken bad = store.saveToken(OAuthToken.builder().userName("bad").accessToken("old-access").build());
      set(table, "expiry_time", "tomorrow", bad.id());

      // A refresh of the stored record: where the backend writes and reads back in one statement, the write may
      // stand; the message must say which happened.
      Throwable thrown = catchThrowable(() ->
          store.saveToken(OAuthToken.builder().userName("bad").accessToken(SECRET).build()));
      assertThat(thrown).isInstanceOf(TokenStoreException.class)
          .hasMessageContaining(table).hasMessageContaining("'" + bad.id() + "'").hasMessageContaining("expiry_time");
      assertThat(thrown.getMessage()).doesNotContain(SECRET).doesNotContain("tomorrow").doesNotContain("old-access");
      String stored = get(table, "access_token", bad.id());
      if (thrown.getMessage().contains("wrote the token's fields")) {
        assertThat(stored).as("the access token the message says was written").isEqualTo(SECRET);
      } else {
        assertThat(stored).as("the access token of a save that failed").isEqualTo("old-access");
      }
      assertThat(get(table, "expiry_time", bad.id())).isEqualTo("tomorrow");
    }
  }

  /** Whether the backend stores U+0000 in a text column (PostgreSQL does not). */
  protected boolean storesNul() {
    return true;
  }

  @Test
  void getTokens_rowWithNulInASecret_skipsItAndNamesTheColumnNotTheValue() throws SQLException {
    assumeTrue(storesNul(), "this backend's text columns cannot hold U+0000");
    String table = newTable();
    try (TokenStore store = TokenStores.open(uri(table))) {
      OAuthToken bad = store.saveToken(OAuthToken.builder().userName("bad").accessToken("a").build());
      set(table, "client_secret", SECRET + "\0", bad.id());

      assertThat(store.getTokens()).isEmpty();
      assertThat(logged).singleElement().extracting(LogRecord::getMessage).asString()
          .contains(table).contains("'" + bad.id() + "'").contains("client_secret").doesNotContain(SECRET);
      assertThatThrownBy(() -> store.findTokenById(bad.id())).isInstanceOf(TokenStoreException.class)
          .hasMessageContaining("client_secret")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"order", "user", "key", "select", "table", "values"})
  void open_reservedTableName_isRefusedNamingTheOptionAndTheRule(String table) {
    assertThatThrownBy(() -> TokenStores.open(uri(table)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'table'").hasMessageContaining("reserved word").hasMessageContaining(table);
  }
}
