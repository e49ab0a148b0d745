package io.tokenstore.redis;

import io.tokenstore.TokenStore;
import io.tokenstore.TokenStores;
import io.tokenstore.spi.StoreUri;
import io.tokenstore.tck.TokenStoreTck;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Nested;

/** The whole kit on a standalone server and on a local three-node cluster; each test in prefixes of its own. */
class RedisTokenStoreTckTest {

  abstract static class OnServer extends TokenStoreTck {
    private final List<String> uris = new ArrayList<>();
    private String uri = "";

    abstract String server();

    private String newUri() {
      String u = StoreUri.withOption(server(), "prefix", "tck-" + UUID.randomUUID() + ":");
      uris.add(u);
      return u;
    }

    @Override
    protected TokenStore newStore() {
      uri = newUri();
      return TokenStores.open(uri);
    }

    @Override
    protected TokenStore newStoreInOtherNamespace() {
      return TokenStores.open(newUri());
    }

    @Override
    protected TokenStore reopenStore() {
      return TokenStores.open(uri);
    }

    @Override
    protected TokenStore openUnavailableStore() {
      return TokenStores.open("redis://127.0.0.1:1?timeout=500ms");
    }

    @Override
    protected Optional<String> storeUri() {
      return Optional.of(uri);
    }

    // Leave nothing on the shared server.
    @Override
    protected void discard(TokenStore opened) {
      opened.close();
      for (String u : uris) {
        try (TokenStore s = TokenStores.open(u)) {
          s.deleteTokens();
        }
      }
      uris.clear();
    }
  }

  @Nested
  class Standalone extends OnServer {
    @Override
    String server() {
      return RedisServers.standalone();
    }
  }

  @Nested
  class Cluster extends OnServer {
    @Override
    String server() {
      return RedisServers.cluster();
    }
  }
}
