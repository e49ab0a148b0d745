package io.tokenstore.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenstore.OAuthToken;
import io.tokenstore.TokenStore;
import io.tokenstore.TokenStoreException;
import io.tokenstore.TokenStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteTokenStoreProviderTest {
  @TempDir
  Path dir;

  @Test
  void open_newFile_isReadableByItsOwnerOnly() throws Exception {
    Path db = dir.resolve("tokens.db");
    try (TokenStore store = TokenStores.open("sqlite:" + db)) {
      store.saveToken(OAuthToken.builder().userName("u").build());
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(db))).isEqualTo("rw-------");
  }

  @Test
  void open_plainClientSeesZohoColumnsAndTheSchemaVersion() throws Exception {
    Path db = dir.resolve("tokens.db");
    try (TokenStore store = TokenStores.open("sqlite:" + db + "?synchronous=normal")) {
      store.saveToken(OAuthToken.builder().userName("u").accessToken("a").build());
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
      try (ResultSet rs = st.executeQuery("SELECT user_name, access_token, expiry_time FROM oauthtoken")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("u");
        assertThat(rs.getString(2)).isEqualTo("a");
      }
      try (ResultSet rs = st.executeQuery("SELECT version FROM tokenstore_schema WHERE table_name = 'oauthtoken'")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(2);
      }
      try (ResultSet rs = st.executeQuery("PRAGMA journal_mode")) {
        rs.next();
        assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
      }
    }
  }

  @Test
  void open_memory_isPrivateToTheStore() {
    try (TokenStore a = TokenStores.open("sqlite::memory:"); TokenStore b = TokenStores.open("sqlite::memory:")) {
      a.saveToken(OAuthToken.builder().userName("u").build());
      assertThat(b.getTokens()).isEmpty();
    }
  }

  @Test
  void open_badOptions_areNamedWithTheValidChoices() {
    assertThatThrownBy(() -> TokenStores.open("sqlite:" + dir.resolve("x.db") + "?synchronous=off"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'synchronous'")
        .hasMessageContaining("full, normal");
    assertThatThrownBy(() -> TokenStores.open("sqlite:" + dir.resolve("x.db") + "?tabel=x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'tabel'")
        .hasMessageContaining("[busyTimeout, create, synchronous, table]");
    assertThatThrownBy(() -> TokenStores.open("sqlite:" + dir.resolve("x.db") + "?create=no"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'create'")
        .hasMessageContaining("true, false");
    assertThatThrownBy(() -> TokenStores.open("sqlite:" + dir.resolve("x.db") + "?table=Robert'); DROP"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'table'");
    assertThatThrownBy(() -> TokenStores.open("sqlite:")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(":memory:");
  }

  @Test
  void open_createFalseAndNoFile_isNoSuchStoreAndCreatesNothing() throws Exception {
    Path db = dir.resolve("typo.db");
    assertThatThrownBy(() -> TokenStores.open("sqlite:" + db + "?create=false"))
        .isInstanceOf(TokenStoreException.class)
        .hasMessageContaining("no such store: sqlite:" + db + "?create=false");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void open_createFalseAndNoTokenTable_isNoSuchStoreAndCreatesNoTable() throws Exception {
    Path db = dir.resolve("other.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
      st.execute("CREATE TABLE other (x TEXT)");
    }
    assertThatThrownBy(() -> TokenStores.open("sqlite:" + db + "?create=false"))
        .isInstanceOf(TokenStoreException.class).hasMessageContaining("no such store: sqlite:" + db);
    assertThatThrownBy(() -> TokenStores.open("sqlite:" + db + "?create=false&table=other_tokens"))
        .isInstanceOf(TokenStoreException.class).hasMessageContaining("no such store: sqlite:" + db);
    assertThat(tables(db)).containsExactly("other");
  }

  @Test
  void open_createFalseOnMemory_isNoSuchStore() {
    assertThatThrownBy(() -> TokenStores.open("sqlite::memory:?create=false"))
        .isInstanceOf(TokenStoreException.class).hasMessageContaining("no such store: sqlite::memory:");
  }

  @Test
  void open_createFalseOnAStoreOrAZohoTable_opensIt() throws Exception {
    Path db = dir.resolve("tokens.db");
    try (TokenStore store = TokenStores.open("sqlite:" + db + "?create=true")) {
      store.saveToken(OAuthToken.builder().userName("u").build());
    }
    try (TokenStore store = TokenStores.open("sqlite:" + db + "?create=false")) {
      assertThat(store.getTokens()).extracting(OAuthToken::userName).containsExactly("u");
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
      st.execute("CREATE TABLE zoho (id varchar(10) NOT NULL PRIMARY KEY, user_name varchar(255) NOT NULL, "
          + "client_id varchar(255), client_secret varchar(255), refresh_token varchar(255), "
          + "access_token varchar(255), grant_token varchar(255), expiry_time varchar(20), "
          + "redirect_url varchar(255), api_domain varchar(255))");
      st.execute("INSERT INTO zoho (id, user_name) VALUES ('1', 'z')");
    }
    try (TokenStore store = TokenStores.open("sqlite:" + db + "?create=false&table=zoho")) {
      assertThat(store.getTokens()).extracting(OAuthToken::userName).containsExactly("z");
    }
  }

  private static List<String> tables(Path db) throws Exception {
    List<String> names = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }
    return names;
  }
}
