package io.tokenstore.redis;

import io.tokenstore.TokenStores;
import io.tokenstore.testing.RefreshRace;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * AccessTokens across processes on a standalone server and on a local three-node cluster: one refresh per expiry,
 * a killed or stalled holder. Each test under a prefix of its own; the lease keys expire by themselves.
 */
class RedisRefreshRaceTest {

  abstract static class Backend {
    abstract String baseUri();

    String fresh() {
      String base = baseUri();
      return TokenStores.provider(base).namespaced(base, "race-" + UUID.randomUUID()).orElseThrow();
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

  @Nested
  class Standalone extends Backend {
    @Override
    String baseUri() {
      return RedisServers.standalone();
    }
  }

  @Nested
  class Cluster extends Backend {
    @Override
    String baseUri() {
      return RedisServers.cluster();
    }
  }
}
