package io.tokenstore.jdbc;

import io.tokenstore.spi.StoreUri;
import io.tokenstore.sql.rows.BadRowTests;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;
import org.junit.jupiter.api.Nested;

/** Unreadable rows and reserved table names, on every JDBC backend. */
class JdbcBadRowTest {
  abstract static class OnServer extends BadRowTests {
    abstract Databases database();

    @Override
    protected Connection connect() throws SQLException {
      return DriverManager.getConnection(database().url());
    }

    @Override
    protected String uri(String table) {
      return StoreUri.withOption(database().url(), "table", table);
    }
  }

  @Nested
  class H2 extends BadRowTests {
    private final String url = "jdbc:h2:mem:bad" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1";

    @Override
    protected Connection connect() throws SQLException {
      return DriverManager.getConnection(url);
    }

    @Override
    protected String uri(String table) {
      return url + "?table=" + table;
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

    @Override
    protected boolean storesNul() {
      return false;
    }
  }
}
