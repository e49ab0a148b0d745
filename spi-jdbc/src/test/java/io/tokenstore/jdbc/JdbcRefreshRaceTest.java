package io.tokenstore.jdbc;

import io.tokenstore.TokenStores;
import io.tokenstore.testing.RefreshRace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * AccessTokens across processes on PostgreSQL, MariaDB and an H2 file shared through its automatic server: one
 * refresh per expiry, a killed or stalled holder. Each test in tables of its own, dropped after.
 */
class JdbcRefreshRaceTest {

  abstract static class Backend {
    private final List<String> tables = new ArrayList<>();

    abstract String baseUrl();

    /** Drops a table of this test; nothing to do where the database is the test's own. */
    void drop(String table) throws Exception {}

    String fresh() {
      String table = "race_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
      tables.add(table);
      String base = baseUrl();
      return TokenStores.provider(base).namespaced(base, table).orElseThrow();
    }

    @AfterEach
    void dropTables() throws Exception {
      for (String t : tables) {
        drop(t);
        drop(t + "_leases");
      }
    }

    @Test
    void fourProcesses_eightThreads_threeExpiries_makeThreeRefreshes() throws Exception {
      RefreshRace.cycles(fresh(), 4, 8, 3);
    }

    @Test
    void killedHolder_anotherProcessTakesOverAfterTheLease() throws Exception {
      RefreshRace.holderKilled(fresh());
    }

    @Test
    void stalledHolder_itsLateSaveIsRefused() throws Exception {
      RefreshRace.stalledHolder(fresh());
    }
  }

  abstract static class OnServer extends Backend {
    abstract Databases database();

    @Override
    String baseUrl() {
      return database().url();
    }

    @Override
    void drop(String table) throws Exception {
      database().execute("DROP TABLE IF EXISTS " + table);
      database().execute("DELETE FROM tokenstore_schema WHERE table_name = '" + table + "'");
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
  class H2File extends Backend {
    @TempDir
    Path dir;

    @Override
    String baseUrl() {
      return "jdbc:h2:file:" + dir.resolve("race") + ";AUTO_SERVER=TRUE";
    }
  }
}
