package io.tokenstore.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenstore.OAuthToken;
import io.tokenstore.TokenStore;
import io.tokenstore.TokenStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
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
        assertThat(rs.getInt(1)).isEqualTo(1);
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
        .hasMessageContaining("[busyTimeout, synchronous, table]");
    assertThatThrownBy(() -> TokenStores.open("sqlite:" + dir.resolve("x.db") + "?table=Robert'); DROP"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'table'");
    assertThatThrownBy(() -> TokenStores.open("sqlite:")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(":memory:");
  }
}
