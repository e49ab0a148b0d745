package io.tokenstore.sqlite;

import io.tokenstore.testing.RefreshRace;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** AccessTokens across processes on one SQLite file: one refresh per expiry, a killed or stalled holder. */
class SqliteRefreshRaceTest {
  @TempDir
  Path dir;

  @Test
  void fourProcesses_eightThreads_threeExpiries_makeThreeRefreshes() throws Exception {
    RefreshRace.cycles("sqlite:" + dir.resolve("race.db"), 4, 8, 3);
  }

  @Test
  void killedHolder_anotherProcessTakesOverAfterTheLease() throws Exception {
    RefreshRace.holderKilled("sqlite:" + dir.resolve("killed.db"));
  }

  @Test
  void stalledHolder_itsLateSaveIsRefused() throws Exception {
    RefreshRace.stalledHolder("sqlite:" + dir.resolve("stalled.db"));
  }
}
