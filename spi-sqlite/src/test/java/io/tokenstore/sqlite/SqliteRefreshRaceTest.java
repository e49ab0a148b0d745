package io.tokenstore.sqlite;

import io.tokenstore.testing.RefreshRaceTests;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.io.TempDir;

/** AccessTokens across processes on one SQLite file: one refresh per expiry, a killed or stalled holder. */
class SqliteRefreshRaceTest extends RefreshRaceTests {
  @TempDir
  Path dir;

  @Override
  protected String freshUri() {
    return "sqlite:" + dir.resolve(UUID.randomUUID() + ".db");
  }
}
