package io.tokenstore.jdbc;

import io.tokenstore.TokenStore;
import io.tokenstore.TokenStores;
import io.tokenstore.tck.NamespacedStoreTck;
import java.util.UUID;
import org.junit.jupiter.api.Nested;

/** The whole kit on H2, MariaDB (through both drivers) and PostgreSQL; each test in tables of its own, dropped after. */
class JdbcTokenStoreTckTest {

  @Nested
  class H2 extends NamespacedStoreTck {
    private final String url = "jdbc:h2:mem:kit" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1";

    @Override
    protected String baseUri() {
      return url;
    }

    @Override
    protected TokenStore openUnavailableStore() {
      return TokenStores.open("jdbc:h2:tcp://127.0.0.1:1/nowhere?connectTimeout=500ms");
    }
  }

  /** The kit on a server; every table a test creates is dropped afterwards. */
  abstract static class OnServer extends NamespacedStoreTck {
    abstract Databases database();

    @Override
    protected String baseUri() {
      return database().url();
    }

    @Override
    protected TokenStore openUnavailableStore() {
      String url = database().url();
      return TokenStores.open(url.substring(0, url.indexOf("//")) + "//127.0.0.1:1/test?user=root&connectTimeout=500ms");
    }

    @Override
    protected void dropNamespace(String uri) throws Exception {
      String table = uri.substring(uri.lastIndexOf("table=") + "table=".length());
      database().dropStore(table);
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
  class MySqlDriver extends OnServer {
    @Override
    Databases database() {
      return Databases.MYSQL_DRIVER;
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
