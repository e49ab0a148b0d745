package io.tokenstore.file;

import io.tokenstore.TokenStore;
import io.tokenstore.TokenStores;
import io.tokenstore.tck.TokenStoreTck;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.io.TempDir;

/** The whole kit on token files, each test in files of its own. */
class FileTokenStoreTckTest extends TokenStoreTck {
  @TempDir
  Path dir;

  private String uri = "";

  @Override
  protected TokenStore newStore() {
    uri = "file:" + dir.resolve("tokens-" + UUID.randomUUID() + ".txt");
    return TokenStores.open(uri);
  }

  @Override
  protected TokenStore newStoreInOtherNamespace() {
    return TokenStores.open(TokenStores.provider(uri).namespaced(uri, "other").orElseThrow());
  }

  @Override
  protected TokenStore reopenStore() {
    return TokenStores.open(uri);
  }

  @Override
  protected TokenStore openUnavailableStore() {
    return TokenStores.open("file:" + dir.resolve("no-such-folder").resolve("tokens.txt"));
  }

  @Override
  protected Optional<String> storeUri() {
    return Optional.of(uri);
  }
}
