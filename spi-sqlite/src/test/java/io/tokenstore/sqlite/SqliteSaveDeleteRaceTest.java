package io.tokenstore.sqlite;

import io.tokenstore.sql.race.SaveDeleteRaceTests;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Saves racing deletes of one key, on a SQLite file. */
class SqliteSaveDeleteRaceTest extends SaveDeleteRaceTests {
  @TempDir
  Path dir;

  @Override
  protected String uri(String table) {
    return "sqlite:" + dir.resolve("race.db") + "?table=" + table + "&synchronous=normal";
  }
}
