package io.tokenstore.encryption;

import io.tokenstore.TokenStore;
import io.tokenstore.TokenStores;
import io.tokenstore.tck.NamespacedStoreTck;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole kit on the encrypted variant of the in-process stores (memory, list, the token file, SQLite); the
 * JDBC, Redis and MongoDB modules run it on theirs.
 */
class EncryptedKitTest {
  @TempDir
  static Path dir;

  abstract static class Encrypted extends NamespacedStoreTck {
    @Override
    protected Map<String, String> openOptions() {
      return TestKeysets.option(TestKeysets.shared());
    }
  }

  @Nested
  class Memory extends Encrypted {
    @Override
    protected String baseUri() {
      return "memory:";
    }
  }

  @Nested
  class List extends Encrypted {
    @Override
    protected String baseUri() {
      return "list:";
    }
  }

  @Nested
  class TokenFile extends Encrypted {
    @Override
    protected String baseUri() {
      return "file:" + dir.resolve("tokens.csv");
    }

    @Override
    protected TokenStore openUnavailableStore() {
      return TokenStores.open("file:" + dir.resolve("no-such-folder").resolve("tokens.csv"), openOptions());
    }
  }

  @Nested
  class Sqlite extends Encrypted {
    @Override
    protected String baseUri() {
      return "sqlite:" + dir.resolve("kit.db");
    }

    @Override
    protected TokenStore openUnavailableStore() {
      return TokenStores.open("sqlite:" + dir.resolve("no-such-folder").resolve("x.db"), openOptions());
    }
  }
}
