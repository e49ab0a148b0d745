package io.tokenstore.sqlite;

import io.tokenstore.TokenStore;
import io.tokenstore.TokenStores;
import io.tokenstore.tck.TokenStoreTck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

/** The whole kit on a SQLite file (each test in its own table) and on {@code sqlite::memory:}. */
class SqliteTokenStoreTckTest {
  @TempDir
  static Path dir;

  @Nested
  class OnAFile extends TokenStoreTck {
    private String uri = "";

    @Override
    protected TokenStore newStore() {
      uri = "sqlite:" + dir.resolve("kit.db") + "?table=t_" + UUID.randomUUID().toString().replace("-", "");
      return TokenStores.open(uri);
    }

    @Override
    protected TokenStore newStoreInOtherNamespace() {
      return TokenStores.open("sqlite:" + dir.resolve("kit.db") + "?table=other_" + UUID.randomUUID().toString()
          .replace("-", ""));
    }

    @Override
    protected TokenStore reopenStore() {
      return TokenStores.open(uri);
    }

    @Override
    protected TokenStore openUnavailableStore() {
      return TokenStores.open("sqlite:" + dir.resolve("no-such-dir").resolve("x.db"));
    }

    @Override
    protected Optional<String> storeUri() {
      return Optional.of(uri);
    }
  }

  @Nested
  class InMemory extends TokenStoreTck {
    @Override
    protected TokenStore newStore() {
      return TokenStores.open("sqlite::memory:");
    }
  }
}
