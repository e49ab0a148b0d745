package io.tokenstore.sqlite;

import io.tokenstore.TokenStore;
import io.tokenstore.TokenStores;
import io.tokenstore.tck.NamespacedStoreTck;
import io.tokenstore.tck.TokenStoreTck;
import java.nio.file.Path;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

/** The whole kit on a SQLite file (each test in tables of its own) and on {@code sqlite::memory:}. */
class SqliteTokenStoreTckTest {
  @TempDir
  static Path dir;

  @Nested
  class OnAFile extends NamespacedStoreTck {
    @Override
    protected String baseUri() {
      return "sqlite:" + dir.resolve("kit.db");
    }

    @Override
    protected TokenStore openUnavailableStore() {
      return TokenStores.open("sqlite:" + dir.resolve("no-such-dir").resolve("x.db"));
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
