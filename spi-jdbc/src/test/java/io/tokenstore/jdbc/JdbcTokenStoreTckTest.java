package io.tokenstore.jdbc;

import io.tokenstore.TokenStore;
import io.tokenstore.TokenStores;
import io.tokenstore.spi.StoreUri;
import io.tokenstore.tck.TokenStoreTck;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Nested;

/** The whole kit on H2, MariaDB (through both drivers) and PostgreSQL; each test in tables of its own. */
class JdbcTokenStoreTckTest {

  /** The kit on one backend; every table a test creates is dropped afterwards. */
  abstract static class OnServer extends TokenStoreTck {
    private final List<String> tables = new ArrayList<>();
    private String uri = "";

    abstract String baseUrl();

    void drop(String table) throws SQLException {}

    private String uriFor(String table) {
      tables.add(table);
      return StoreUri.withOption(baseUrl(), "table", table);
    }

    private static String newTable() {
      return "t_" + UUID.randomUUID().toString().replace("-", "");
    }

    @Override
    protected TokenStore newStore() {
      uri = uriFor(newTable());
      return TokenStores.open(uri);
    }

    @Override
    protected TokenStore newStoreInOtherNamespace() {
      return TokenStores.open(uriFor(newTable()));
    }

    @Override
    protected TokenStore reopenStore() {
      return TokenStores.open(uri);
    }

    @Override
    protected Optional<String> storeUri() {
      return Optional.of(uri);
    }

    @Override
    protected void discard(TokenStore opened) {
      opened.close();
      for (String table : tables) {
        try {
          drop(table);
        } catch (SQLException e) {
          throw new IllegalStateException("cannot drop test table " + table, e);
        }
      }
      tables.clear();
    }
  }

  @Nested
  class H2 extends OnServer {
    private final String db = "kit" + UUID.randomUUID().toString().replace("-", "");

    @Override
    String baseUrl() {
      return "jdbc:h2:mem:" + db + ";DB_CLOSE_DELAY=-1";
    }

    @Override
    protected TokenStore openUnavailableStore() {
      return TokenStores.open("jdbc:h2:tcp://127.0.0.1:1/nowhere?connectTimeout=500ms");
    }
  }

  abstract static class OnNetworkServer extends OnServer {
    abstract Databases database();

    @Override
    String baseUrl() {
      return database().url();
    }

    @Override
    void drop(String table) throws SQLException {
      database().execute("DROP TABLE IF EXISTS " + table);
      database().execute("DELETE FROM tokenstore_schema WHERE table_name = '" + table + "'");
    }
  }

  @Nested
  class MariaDb extends OnNetworkServer {
    @Override
    Databases database() {
      return Databases.MARIADB;
    }

    @Override
    protected TokenStore openUnavailableStore() {
      return TokenStores.open("jdbc:mariadb://127.0.0.1:1/test?user=root&connectTimeout=500ms");
    }
  }

  @Nested
  class MySqlDriver extends OnNetworkServer {
    @Override
    Databases database() {
      return Databases.MYSQL_DRIVER;
    }

    @Override
    protected TokenStore openUnavailableStore() {
      return TokenStores.open("jdbc:mysql://127.0.0.1:1/test?user=root&connectTimeout=500ms");
    }
  }

  @Nested
  class PostgreSql extends OnNetworkServer {
    @Override
    Databases database() {
      return Databases.POSTGRESQL;
    }

    @Override
    protected TokenStore openUnavailableStore() {
      return TokenStores.open("jdbc:postgresql://127.0.0.1:1/test?user=postgres&connectTimeout=500ms");
    }
  }
}
