package io.tokenstore.jdbc;

import io.tokenstore.TokenStores;
import io.tokenstore.testing.RefreshRaceTests;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

/**
 * AccessTokens across processes on PostgreSQL, MariaDB and an H2 file shared through its automatic server: one
 * refresh per expiry, a killed or stalled holder. On the servers each test has tables of its own, dropped after.
 */
class JdbcRefreshRaceTest {

  /** A server: a table of its own per test, with its lease table, dropped after. */
  abstract static class OnServer extends RefreshRaceTests {
    private final List<String> tables = new ArrayList<>();

    abstract Databases database();

    @Override
    protected String freshUri() {
      String table = "race_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
      tables.add(table);
      String base = database().url();
      return TokenStores.provider(base).namespaced(base, table).orElseThrow();
    }

    @AfterEach
    void dropTables() throws Exception {
      for (String t : tables) {
        database().dropStore(t);
      }
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
  class MariaDb extends OnServer {
    @Override
    Databases database() {
      return Databases.MARIADB;
    }
  }

  @Nested
  class H2File extends RefreshRaceTests {
    @TempDir
    Path dir;

    @Override
    protected String freshUri() {
      return "jdbc:h2:file:" + dir.resolve(UUID.randomUUID().toString()) + ";AUTO_SERVER=TRUE";
    }
  }
}
