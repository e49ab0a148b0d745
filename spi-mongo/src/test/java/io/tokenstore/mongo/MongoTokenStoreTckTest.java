package io.tokenstore.mongo;

import io.tokenstore.TokenStore;
import io.tokenstore.TokenStores;
import io.tokenstore.spi.StoreUri;
import io.tokenstore.tck.TokenStoreTck;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Nested;

/** The whole kit on the in-process wire-protocol server and, where one exists, on a real MongoDB. */
class MongoTokenStoreTckTest {

  abstract static class OnServer extends TokenStoreTck {
    private final List<String> uris = new ArrayList<>();
    private String uri = "";

    abstract String server();

    private String newUri() {
      String u = StoreUri.withOption(server(), "collection", "tck_" + UUID.randomUUID().toString().replace("-", ""));
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
      return TokenStores.open("mongodb://127.0.0.1:1/tokenstore?timeout=500ms");
    }

    @Override
    protected Optional<String> storeUri() {
      return Optional.of(uri);
    }

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
  class InProcessServer extends OnServer {
    @Override
    String server() {
      return MongoServers.inProcess();
    }
  }

  @Nested
  class RealMongoDb extends OnServer {
    @Override
    String server() {
      return MongoServers.real();
    }
  }
}
