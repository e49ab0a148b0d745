package io.tokenstore.sqlite;

import io.tokenstore.sql.adoption.ZohoAdoptionTests;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.io.TempDir;

/** Adopting the Zoho table in a SQLite file, such as the Kaizen sample's zohooauth.db. */
class SqliteZohoAdoptionTest extends ZohoAdoptionTests {
  @TempDir
  Path dir;

  @Override
  protected Connection connect() throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("zohooauth.db"));
  }

  @Override
  protected String uri(String table) {
    return "sqlite:" + dir.resolve("zohooauth.db") + "?table=" + table;
  }
}
