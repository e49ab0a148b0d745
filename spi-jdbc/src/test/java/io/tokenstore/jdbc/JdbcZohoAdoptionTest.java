package io.tokenstore.jdbc;

import io.tokenstore.spi.StoreUri;
import io.tokenstore.sql.adoption.ZohoAdoptionTests;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;
import org.junit.jupiter.api.Nested;

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
