package io.tokenstore.file;

import io.tokenstore.TokenStore;
import io.tokenstore.TokenStores;
import io.tokenstore.tck.NamespacedStoreTck;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The whole kit on token files; a namespace is a sibling file, so each test has files of its own. */
class FileTokenStoreTckTest extends NamespacedStoreTck {
  @TempDir
  static Path dir;

  @Override
  protected String baseUri() {
    return "file:" + dir.resolve("sdk_tokens.txt");
  }

  @Override
  protected TokenStore openUnavailableStore() {
    return TokenStores.open("file:" + dir.resolve("no-such-folder").resolve("tokens.txt"));
  }
}
