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
  @Nested
  class MariaDb extends ZohoAdoptionTests {
    @Override
    protected Connection connect() throws SQLException {
      return DriverManager.getConnection(Databases.MARIADB.url());
    }

    @Override
    protected String uri(String table) {
      return StoreUri.withOption(Databases.MARIADB.url(), "table", table);
    }
  }

  @Nested
  class PostgreSql extends ZohoAdoptionTests {
    @Override
    protected Connection connect() throws SQLException {
      return DriverManager.getConnection(Databases.POSTGRESQL.url());
    }

    @Override
    protected String uri(String table) {
      return StoreUri.withOption(Databases.POSTGRESQL.url(), "table", table);
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
