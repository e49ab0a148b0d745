package io.tokenstore.mongo;

import io.tokenstore.TokenStores;
import io.tokenstore.testing.RefreshRace;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * AccessTokens across processes on the in-process wire-protocol server, which the worker processes reach over its
 * socket: one refresh per expiry, a killed or stalled holder. Each test in a collection of its own.
 */
class MongoRefreshRaceTest {
  private static String fresh() {
    String base = MongoServers.inProcess();
    return TokenStores.provider(base).namespaced(base, "race_" + UUID.randomUUID().toString().replace("-", ""))
        .orElseThrow();
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
