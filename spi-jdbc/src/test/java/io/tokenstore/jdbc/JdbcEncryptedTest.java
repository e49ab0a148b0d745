package io.tokenstore.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenstore.OAuthToken;
import io.tokenstore.TokenStore;
import io.tokenstore.TokenStores;
import io.tokenstore.encryption.TestKeysets;
import io.tokenstore.spi.StoreUri;
import io.tokenstore.tck.NamespacedStoreTck;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The kit on the encrypted variant of H2, MariaDB and PostgreSQL, and what a raw SELECT of such a table shows. */
class JdbcEncryptedTest {
  @Nested
  class H2Kit extends NamespacedStoreTck {
    private final String url = "jdbc:h2:mem:enc" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1";

    @Override
    protected String baseUri() {
      return url;
    }

    @Override
    protected Map<String, String> openOptions() {
      return TestKeysets.option();
    }
  }

  abstract static class OnServer extends NamespacedStoreTck {
    abstract Databases database();

    @Override
    protected String baseUri() {
      return database().url();
    }

    @Override
    protected Map<String, String> openOptions() {
      return TestKeysets.option();
    }

    @Override
    protected void dropNamespace(String uri) throws Exception {
      String table = uri.substring(uri.lastIndexOf("table=") + "table=".length());
      database().dropStore(table);
    }

    /** Every column of every row, read with the driver alone, holds none of the secrets saved. */
    @Test
    void rawSelect_holdsNoSecret() throws Exception {
      String table = "enc_raw_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
      String uri = StoreUri.withOption(database().url(), "table", table);
      try (TokenStore s = TokenStores.open(uri, TestKeysets.option())) {
        s.saveToken(OAuthToken.builder().userName("alice@example.com").clientId("client-a")
            .clientSecret("secret-a").accessToken("access-a").refreshToken("refresh-a").grantToken("grant-a")
            .expiryTime(Instant.ofEpochMilli(1_700_000_000_123L)).build());
        StringBuilder all = new StringBuilder();
        try (Connection c = DriverManager.getConnection(database().url()); Statement st = c.createStatement();
            ResultSet rs = st.executeQuery("SELECT * FROM " + table)) {
          while (rs.next()) {
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
              all.append(rs.getString(i)).append('|');
            }
          }
        }
        assertThat(all.toString()).contains("alice@example.com", "client-a", "tse1.")
            .doesNotContain("secret-a", "access-a", "refresh-a", "grant-a");
        assertThat(s.findToken(OAuthToken.builder().clientId("x").clientSecret("y").refreshToken("refresh-a")
            .build())).map(OAuthToken::clientSecret).contains("secret-a");
      } finally {
        dropNamespace(uri);
      }
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
}
