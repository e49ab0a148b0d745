package io.tokenstore.redis;

import io.tokenstore.TokenStores;
import io.tokenstore.testing.RefreshRaceTests;
import java.util.UUID;
import org.junit.jupiter.api.Nested;

/**
 * AccessTokens across processes on a standalone server and on a local three-node cluster: one refresh per expiry,
 * a killed or stalled holder. Each test under a prefix of its own; the lease keys expire by themselves.
 */
class RedisRefreshRaceTest {
  private static String fresh(String base) {
    return TokenStores.provider(base).namespaced(base, "race-" + UUID.randomUUID()).orElseThrow();
  }

  @Nested
  class Standalone extends RefreshRaceTests {
    @Override
    protected String freshUri() {
      return fresh(RedisServers.standalone());
    }
  }

  @Nested
  class Cluster extends RefreshRaceTests {
    @Override
    protected String freshUri() {
      return fresh(RedisServers.cluster());
    }
  }
}
