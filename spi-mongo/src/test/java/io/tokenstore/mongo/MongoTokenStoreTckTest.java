package io.tokenstore.mongo;

import io.tokenstore.TokenStore;
import io.tokenstore.TokenStores;
import io.tokenstore.tck.NamespacedStoreTck;
import java.util.Map;
import org.junit.jupiter.api.Nested;

/** The whole kit on the in-process wire-protocol server and, where one exists, on a real MongoDB. */
class MongoTokenStoreTckTest {
  @Nested
  class InProcessServer extends NamespacedStoreTck {
    @Override
    protected String baseUri() {
      return MongoServers.inProcess();
    }

    @Override
    protected TokenStore openUnavailableStore() {
      return TokenStores.open("mongodb://127.0.0.1:1/tokenstore?timeout=500ms");
    }

    @Override
    protected Map<String, String> skippedRules() {
      return MongoServers.IN_PROCESS_SKIPS;
    }
  }

  @Nested
  class RealMongoDb extends NamespacedStoreTck {
    @Override
    protected String baseUri() {
      return MongoServers.real();
    }
  }
}
