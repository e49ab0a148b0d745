package io.tokenstore.sql.adoption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenstore.DuplicateTokenException;
import io.tokenstore.OAuthToken;
import io.tokenstore.TokenStore;
import io.tokenstore.TokenStoreException;
import io.tokenstore.TokenStores;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Opening a table that Zoho's DBStore created: its rows are kept and usable, and a table whose rows break the
 * uniqueness rules is refused without a change. Each backend's module extends this with a raw connection.
 */
public abstract class ZohoAdoptionTests {
  private final List<String> tables = new ArrayList<>();

  /** A connection to the backend, outside tokenstore. */
  protected abstract Connection connect() throws SQLException;

  /** The store URI of a table. */
  protected abstract String uri(String table);

  /** Zoho's DDL for the table, as the SDK's documentation gives it for this backend. */
  protected String zohoDdl(String table) {
    return "CREATE TABLE " + table + " (id varchar(10) NOT NULL, user_name varchar(255) NOT NULL, "
        + "client_id varchar(255), client_secret varchar(255), refresh_token varchar(255), "
        + "access_token varchar(255), grant_token varchar(255), expiry_time varchar(20), "
        + "redirect_url varchar(255), api_domain varchar(255), PRIMARY KEY (id))";
  }

  protected final String newTable() {
    String t = "zoho_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    tables.add(t);
    return t;
  }

  protected final void sql(String... statements) throws SQLException {
    try (Connection c = connect(); Statement st = c.createStatement()) {
      for (String s : statements) {
        st.execute(s);
      }
    }
  }

  @AfterEach
  void dropTables() throws SQLException {
    for (String t : tables) {
      sql("DROP TABLE IF EXISTS " + t);
      try {
        sql("DELETE FROM tokenstore_schema WHERE table_name = '" + t + "'");
      } catch (SQLException e) {
        // The refused adoption never created it.
      }
    }
  }

  protected final void insertZohoRows(String table) throws SQLException {
    sql(zohoDdl(table),
        "INSERT INTO " + table + " VALUES ('1', 'alice@example.com', 'client', 'secret', 'refresh-a', "
            + "'access-a', '', '1700000000123', 'https://example.com/cb', 'https://www.zohoapis.com')",
        "INSERT INTO " + table + " VALUES ('2', 'bob@example.com', 'client', 'secret', 'refresh-b', "
            + "'access-b', 'grant-b', '1700000000456', 'https://example.com/cb', 'https://www.zohoapis.eu')");
  }

  @Test
  void open_zohoTable_keepsEveryRowUsable() throws SQLException {
    String table = newTable();
    insertZohoRows(table);
    try (TokenStore store = TokenStores.open(uri(table))) {
      OAuthToken alice = store.findToken(OAuthToken.builder().userName("alice@example.com").build()).orElseThrow();
      assertThat(alice).isEqualTo(OAuthToken.builder().id("1").userName("alice@example.com").clientId("client")
          .clientSecret("secret").refreshToken("refresh-a").accessToken("access-a")
          .expiryTime(Instant.ofEpochMilli(1_700_000_000_123L)).redirectUrl("https://example.com/cb")
          .apiDomain("https://www.zohoapis.com").build());
      assertThat(store.findToken(OAuthToken.builder().accessToken("access-b").build()).map(OAuthToken::id))
          .contains("2");
      assertThat(store.findToken(OAuthToken.builder().clientId("c").clientSecret("s").grantToken("grant-b")
          .build()).map(OAuthToken::id)).contains("2");

      OAuthToken updated = store.saveToken(OAuthToken.builder().userName("alice@example.com")
          .accessToken("access-a2").build());
      assertThat(updated.id()).isEqualTo("1");
      assertThat(updated.refreshToken()).isEqualTo("refresh-a");

      OAuthToken carol = store.saveToken(OAuthToken.builder().userName("carol@example.com").accessToken("c").build());
      assertThat(carol.id()).isNotIn("1", "2").hasSizeLessThanOrEqualTo(10);
      assertThatThrownBy(() -> store.saveToken(OAuthToken.builder().userName("dave@example.com")
          .refreshToken("refresh-b").build())).isInstanceOf(DuplicateTokenException.class);
      assertThat(store.getTokens()).extracting(OAuthToken::id).containsExactlyInAnyOrder("1", "2", carol.id());

      String big = "x".repeat(16 * 1024);
      OAuthToken large = store.saveToken(OAuthToken.builder().userName("erin@example.com").accessToken(big).build());
      assertThat(store.findToken(OAuthToken.builder().accessToken(big).build())).contains(large);
    }
    try (TokenStore again = TokenStores.open(uri(table))) {
      assertThat(again.getTokens()).hasSize(4);
    }
    assertThat(columns(table).subList(0, 10)).containsExactly("id", "user_name", "client_id", "client_secret",
        "refresh_token", "access_token", "grant_token", "expiry_time", "redirect_url", "api_domain");
  }

  @Test
  void open_zohoTableWithAnExtraColumn_keepsTheColumnAndItsData() throws SQLException {
    String table = newTable();
    insertZohoRows(table);
    sql("ALTER TABLE " + table + " ADD COLUMN tenant varchar(20) DEFAULT 'eu'",
        "UPDATE " + table + " SET tenant = 'in' WHERE id = '1'",
        "UPDATE " + table + " SET tenant = 'us' WHERE id = '2'");
    String carol;
    try (TokenStore store = TokenStores.open(uri(table))) {
      assertThat(store.findToken(OAuthToken.builder().userName("alice@example.com").build()).map(OAuthToken::id))
          .contains("1");
      store.saveToken(OAuthToken.builder().userName("alice@example.com").accessToken("access-a2").build());
      carol = store.saveToken(OAuthToken.builder().userName("carol@example.com").build()).id();
    }
    try (Connection c = connect(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT id, tenant FROM " + table)) {
      java.util.Map<String, String> tenants = new java.util.HashMap<>();
      while (rs.next()) {
        tenants.put(rs.getString(1), rs.getString(2));
      }
      assertThat(tenants).containsOnly(java.util.Map.entry("1", "in"), java.util.Map.entry("2", "us"),
          java.util.Map.entry(carol, "eu"));
    }
  }

  @Test
  void open_legacyTableWithoutApiDomain_addsTheColumn() throws SQLException {
    String table = newTable();
    sql("CREATE TABLE " + table + " (id varchar(10) NOT NULL PRIMARY KEY, user_name varchar(255), "
        + "client_id varchar(255), client_secret varchar(255), refresh_token varchar(255), "
        + "access_token varchar(255), grant_token varchar(255), expiry_time varchar(20), redirect_url varchar(255))",
        "INSERT INTO " + table + " VALUES ('1', 'alice@example.com', 'c', 's', 'r', 'a', NULL, '5', NULL)");
    try (TokenStore store = TokenStores.open(uri(table))) {
      OAuthToken saved = store.saveToken(OAuthToken.builder().id("1").apiDomain("https://www.zohoapis.in").build());
      assertThat(saved.userName()).isEqualTo("alice@example.com");
      assertThat(store.findTokenById("1").map(OAuthToken::apiDomain)).contains("https://www.zohoapis.in");
    }
  }

  @Test
  void open_rowsSharingAUserName_failsNamingTheColumnAndChangesNothing() throws SQLException {
    String table = newTable();
    sql(zohoDdl(table),
        "INSERT INTO " + table + " (id, user_name, access_token) VALUES ('1', 'alice@example.com', 'a1')",
        "INSERT INTO " + table + " (id, user_name, access_token) VALUES ('2', 'alice@example.com', 'a2')",
        "INSERT INTO " + table + " (id, user_name, access_token) VALUES ('3', 'bob@example.com', 'a3')");
    List<String> before = columns(table);
    assertThatThrownBy(() -> TokenStores.open(uri(table)))
        .isInstanceOf(TokenStoreException.class)
        .hasMessageContaining("user_name")
        .hasMessageContaining("2 rows")
        .hasMessageContaining("nothing was changed");
    assertThat(columns(table)).isEqualTo(before);
    try (Connection c = connect(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(3);
    }
  }

  @Test
  void open_newerSchemaVersion_isRefused() throws SQLException {
    String table = newTable();
    try (TokenStore store = TokenStores.open(uri(table))) {
      store.saveToken(OAuthToken.builder().userName("u").build());
    }
    sql("UPDATE tokenstore_schema SET version = 99 WHERE table_name = '" + table + "'");
    assertThatThrownBy(() -> TokenStores.open(uri(table))).isInstanceOf(TokenStoreException.class)
        .hasMessageContaining("version 99");
  }

  /** Inserts a row as Zoho's DBStore does: its nine columns, no others. */
  protected final void zohoInsert(String table, String id, String user, String refresh, String access,
      String grant) throws SQLException {
    sql("INSERT INTO " + table + " (id, user_name, client_id, client_secret, refresh_token, access_token, "
        + "grant_token, expiry_time, redirect_url) VALUES ('" + id + "', '" + user + "', '1000.Z', 'zs', "
        + (refresh == null ? "NULL" : "'" + refresh + "'") + ", " + (access == null ? "NULL" : "'" + access + "'")
        + ", " + (grant == null ? "NULL" : "'" + grant + "'") + ", '1700000000999', 'https://example.com/cb')");
  }

  @Test
  void afterAdoption_rowsZohoInsertsAndUpdates_areFoundByEveryKey_andUniquenessHoldsForEveryWriter()
      throws SQLException {
    String table = newTable();
    insertZohoRows(table);
    try (TokenStore store = TokenStores.open(uri(table))) {
      zohoInsert(table, "3", "carol@example.com", "refresh-c", "access-c", "grant-c");
      assertThat(store.findToken(OAuthToken.builder().userName("carol@example.com").build()).map(OAuthToken::id))
          .contains("3");
      assertThat(store.findToken(OAuthToken.builder().accessToken("access-c").build()).map(OAuthToken::id))
          .contains("3");
      assertThat(store.findToken(OAuthToken.builder().clientId("c").clientSecret("s").refreshToken("refresh-c")
          .build()).map(OAuthToken::id)).contains("3");
      assertThat(store.findToken(OAuthToken.builder().clientId("c").clientSecret("s").grantToken("grant-c")
          .build()).map(OAuthToken::id)).contains("3");

      // A refresh as Zoho's DBStore writes it, or a DBA's fix: the new value finds the row, the old one nothing.
      sql("UPDATE " + table + " SET access_token = 'access-c2', expiry_time = '1700000009999' "
          + "WHERE user_name = 'carol@example.com'");
      assertThat(store.findToken(OAuthToken.builder().accessToken("access-c2").build()).map(OAuthToken::id))
          .contains("3");
      assertThat(store.findToken(OAuthToken.builder().accessToken("access-c").build())).isEmpty();

      // Our save merges into Zoho's row.
      OAuthToken merged = store.saveToken(OAuthToken.builder().userName("carol@example.com")
          .accessToken("access-c3").build());
      assertThat(merged.id()).isEqualTo("3");
      assertThat(merged.grantToken()).isEqualTo("grant-c");

      // Another writer cannot take a value a record holds.
      assertThatThrownBy(() -> zohoInsert(table, "4", "dave@example.com", "refresh-c", "access-d", null))
          .isInstanceOf(SQLException.class);
      assertThatThrownBy(() -> zohoInsert(table, "4", "carol@example.com", null, "access-d", null))
          .isInstanceOf(SQLException.class);
      assertThat(store.getTokens()).hasSize(3);
    }
  }

  @Test
  void newIds_continueZohosNumericSequence_comparedAsNumbers_soZohosMaxPlusOneKeepsWorking() throws SQLException {
    String table = newTable();
    sql(zohoDdl(table));
    zohoInsert(table, "9", "a@example.com", "r9", "a9", null);
    zohoInsert(table, "10", "b@example.com", "r10", "a10", null);
    try (TokenStore store = TokenStores.open(uri(table))) {
      assertThat(store.saveToken(OAuthToken.builder().userName("c@example.com").build()).id()).isEqualTo("11");
      store.saveToken(OAuthToken.builder().id("x7").userName("d@example.com").build());
      assertThat(store.saveToken(OAuthToken.builder().userName("e@example.com").build()).id()).isEqualTo("12");
      // The Java SDK's DBStore: the largest id as a number (its getInt), plus one.
      long zohoNext;
      try (Connection c = connect(); Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT id FROM " + table)) {
        long max = 0;
        while (rs.next()) {
          String id = rs.getString(1);
          if (id.chars().allMatch(Character::isDigit)) {
            max = Math.max(max, Long.parseLong(id));
          }
        }
        zohoNext = max + 1;
      }
      zohoInsert(table, Long.toString(zohoNext), "f@example.com", "r13", "a13", null);
      assertThat(zohoNext).isEqualTo(13);
      assertThat(store.saveToken(OAuthToken.builder().userName("g@example.com").build()).id()).isEqualTo("14");
      assertThat(store.findToken(OAuthToken.builder().userName("f@example.com").build()).map(OAuthToken::id))
          .contains("13");
    }
  }

  @Test
  void open_versionOneTable_isUpgradedToVersionTwo_andKeepsEveryRow() throws SQLException {
    String table = newTable();
    insertZohoRows(table);
    try (TokenStore store = TokenStores.open(uri(table))) {
      store.saveToken(OAuthToken.builder().userName("carol@example.com").accessToken("access-c").build());
    }
    sql("UPDATE tokenstore_schema SET version = 1 WHERE table_name = '" + table + "'");
    try (TokenStore store = TokenStores.open(uri(table))) {
      assertThat(store.getTokens()).hasSize(3);
      assertThat(store.findToken(OAuthToken.builder().accessToken("access-c").build())).isPresent();
    }
    try (Connection c = connect(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT version FROM tokenstore_schema WHERE table_name = '" + table + "'")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getInt(1)).isEqualTo(2);
    }
  }

  protected final List<String> columns(String table) throws SQLException {
    List<String> names = new ArrayList<>();
    try (Connection c = connect(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT * FROM " + table + " WHERE 1 = 0")) {
      ResultSetMetaData md = rs.getMetaData();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        names.add(md.getColumnName(i).toLowerCase(java.util.Locale.ROOT));
      }
    }
    return names;
  }
}
