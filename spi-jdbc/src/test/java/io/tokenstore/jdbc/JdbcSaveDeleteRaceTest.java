package io.tokenstore.jdbc;

import io.tokenstore.spi.StoreUri;
import io.tokenstore.sql.race.SaveDeleteRaceTests;
import java.sql.SQLException;
import java.util.UUID;
import org.junit.jupiter.api.Nested;

/** Saves racing deletes of one key, on every JDBC backend. */
class JdbcSaveDeleteRaceTest {
  abstract static class OnServer extends SaveDeleteRaceTests {
    abstract Databases database();

    @Override
    protected String uri(String table) {
      return StoreUri.withOption(database().url(), "table", table);
    }

    @Override
    protected void drop(String table) throws SQLException {
      database().dropStore(table);
    }
  }

  @Nested
  class H2 extends SaveDeleteRaceTests {
    private final String url = "jdbc:h2:mem:race" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1";

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
