package io.tokenstore.memory;

import io.tokenstore.TokenStore;
import io.tokenstore.TokenStores;
import io.tokenstore.tck.TokenStoreTck;
import java.util.Optional;
import java.util.UUID;

/** The whole kit on a named memory store, each test with its own name. */
class MemoryTokenStoreTckTest extends TokenStoreTck {
  private String name = "";

  @Override
  protected TokenStore newStore() {
    name = "tck-" + UUID.randomUUID();
    return TokenStores.open("memory:" + name);
  }

  @Override
  protected TokenStore newStoreInOtherNamespace() {
    return TokenStores.open("memory:other-" + UUID.randomUUID());
  }

  @Override
  protected TokenStore reopenStore() {
    return TokenStores.open("memory:" + name);
  }

  @Override
  protected Optional<String> storeUri() {
    return Optional.of("memory:");
  }
}
