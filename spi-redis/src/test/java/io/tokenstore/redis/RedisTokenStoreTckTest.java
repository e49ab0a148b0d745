package io.tokenstore.redis;

import io.tokenstore.TokenStore;
import io.tokenstore.TokenStores;
import io.tokenstore.tck.NamespacedStoreTck;
import org.junit.jupiter.api.Nested;

/** The whole kit on a standalone server and on a local three-node cluster; each test in prefixes of its own. */
class RedisTokenStoreTckTest {
  @Nested
  class Standalone extends NamespacedStoreTck {
    @Override
    protected String baseUri() {
      return RedisServers.standalone();
    }

    @Override
    protected TokenStore openUnavailableStore() {
      return TokenStores.open("redis://127.0.0.1:1?timeout=500ms");
    }
  }

  @Nested
  class Cluster extends NamespacedStoreTck {
    @Override
    protected String baseUri() {
      return RedisServers.cluster();
    }
  }
}
