package io.tokenstore.sqlite;

import io.tokenstore.sql.rows.BadRowTests;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.io.TempDir;

/** Unreadable rows and reserved table names, in a SQLite file. */
class SqliteBadRowTest extends BadRowTests {
  @TempDir
  Path dir;

  @Override
  protected Connection connect() throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("bad.db"));
  }

  @Override
  protected String uri(String table) {
    return "sqlite:" + dir.resolve("bad.db") + "?table=" + table;
  }
}
