package io.tokenstore.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenstore.OAuthToken;
import io.tokenstore.TokenStore;
import io.tokenstore.TokenStoreException;
import io.tokenstore.TokenStores;
import io.tokenstore.spi.StoreUri;
import io.tokenstore.sql.adoption.ZohoAdoptionTests;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Adopting tables built with Zoho's DDL on every JDBC backend. */
class JdbcZohoAdoptionTest {
  abstract static class OnServer extends ZohoAdoptionTests {
    abstract Databases database();

    @Override
    protected Connection connect() throws SQLException {
      return DriverManager.getConnection(database().url());
    }

    @Override
    protected String uri(String table) {
      return StoreUri.withOption(database().url(), "table", table);
    }

    // A table as version 1 left it: plain hash columns that only tokenstore's writes filled.
    private String versionOneTable() throws SQLException {
      String table = newTable();
      try (TokenStore store = TokenStores.open(uri(table))) {
        assertThat(store.saveToken(OAuthToken.builder().userName("alice@example.com").accessToken("access-a")
            .refreshToken("refresh-a").build()).id()).isEqualTo("1");
      }
      String[] keys = {"user_name", "access_token", "refresh_token", "grant_token"};
      List<String> drop = new java.util.ArrayList<>();
      List<String> add = new java.util.ArrayList<>();
      for (String c : keys) {
        drop.add("DROP COLUMN " + c + "_h");
        add.add("ADD COLUMN " + c + "_h varchar(64)");
      }
      sql("ALTER TABLE " + table + " " + String.join(", ", drop), "ALTER TABLE " + table + " " + String.join(", ", add),
          "UPDATE " + table + " SET user_name_h = '" + sha256("alice@example.com") + "', access_token_h = '"
              + sha256("access-a") + "', refresh_token_h = '" + sha256("refresh-a") + "' WHERE id = '1'");
      for (String c : keys) {
        sql("CREATE UNIQUE INDEX " + table + "_" + c + "_uq ON " + table + " (" + c + "_h)");
      }
      sql("UPDATE tokenstore_schema SET version = 1 WHERE table_name = '" + table + "'");
      return table;
    }

    @Test
    void open_versionOneTable_withRowsZohoWroteSince_generatesTheirKeys_andFindsThemByEveryKey()
        throws SQLException {
      String table = versionOneTable();
      // Written by Zoho's SDK while version 1 was in place: no hashes, so version 1 could not find them.
      zohoInsert(table, "2", "bob@example.com", "refresh-b", "access-b", "grant-b");
      try (TokenStore store = TokenStores.open(uri(table))) {
        assertThat(store.findToken(OAuthToken.builder().userName("bob@example.com").build()).map(OAuthToken::id))
            .contains("2");
        assertThat(store.findToken(OAuthToken.builder().accessToken("access-b").build()).map(OAuthToken::id))
            .contains("2");
        assertThat(store.findToken(OAuthToken.builder().clientId("c").clientSecret("s").grantToken("grant-b")
            .build()).map(OAuthToken::id)).contains("2");
        assertThat(store.findToken(OAuthToken.builder().accessToken("access-a").build()).map(OAuthToken::id))
            .contains("1");
        assertThat(store.saveToken(OAuthToken.builder().userName("carol@example.com").build()).id()).isEqualTo("3");
      }
      assertThat(columns(table)).contains("user_name_h", "grant_token_h");
    }

    @Test
    void open_versionOneTable_whoseZohoRowsBreakUniqueness_isRefusedUnchanged() throws SQLException {
      String table = versionOneTable();
      zohoInsert(table, "2", "alice@example.com", "refresh-b", "access-b", null);
      List<String> before = columns(table);
      assertThatThrownBy(() -> TokenStores.open(uri(table))).isInstanceOf(TokenStoreException.class)
          .hasMessageContaining("user_name").hasMessageContaining("nothing was changed");
      assertThat(columns(table)).isEqualTo(before);
      try (Connection c = connect(); Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT version FROM tokenstore_schema WHERE table_name = '" + table + "'")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(1);
      }
    }

    @Test
    void zohoRowsWithEmptyStrings_doNotCollide_andReadAsAbsent() throws SQLException {
      String table = newTable();
      insertZohoRows(table);
      try (TokenStore store = TokenStores.open(uri(table))) {
        zohoInsert(table, "3", "carol@example.com", "", "access-c", "");
        zohoInsert(table, "4", "dave@example.com", "", "access-d", "");
        assertThat(store.findTokenById("4").orElseThrow().grantToken()).isNull();
        assertThat(store.findToken(OAuthToken.builder().accessToken("access-d").build()).map(OAuthToken::id))
            .contains("4");
      }
    }

    @Test
    void keyHashes_areTheSha256OfTheUtf8Bytes_forValuesWithBackslashesAndBeyondTheBmp() throws SQLException {
      String table = newTable();
      try (TokenStore store = TokenStores.open(uri(table))) {
        for (String v : new String[] {"\\x41", "a\\b\\\\c", "é", "😀 token", "'quoted'"}) {
          OAuthToken t = store.saveToken(OAuthToken.builder().accessToken(v).build());
          try (Connection c = connect(); Statement st = c.createStatement();
              ResultSet rs = st.executeQuery("SELECT access_token_h FROM " + table + " WHERE id = '" + t.id() + "'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).as(v).isEqualTo(sha256(v));
          }
          assertThat(store.findToken(OAuthToken.builder().accessToken(v).build())).contains(t);
        }
      }
    }
  }

  static String sha256(String value) {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
          .digest(value.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Nested
  class MariaDb extends OnServer {
    @Override
    Databases database() {
      return Databases.MARIADB;
    }
  }

  @Nested
  class PostgreSql extends OnServer {
    @Override
    Databases database() {
      return Databases.POSTGRESQL;
    }
  }

  @Nested
  class H2 extends ZohoAdoptionTests {
    private final String url = "jdbc:h2:mem:zoho" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1";

    @Override
    protected Connection connect() throws SQLException {
      return DriverManager.getConnection(url);
    }

    @Override
    protected String uri(String table) {
      return url + "?table=" + table;
    }
  }
}
