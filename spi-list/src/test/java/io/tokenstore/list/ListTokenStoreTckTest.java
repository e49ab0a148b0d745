package io.tokenstore.list;

import io.tokenstore.TokenStore;
import io.tokenstore.TokenStores;
import io.tokenstore.tck.TokenStoreTck;
import java.util.Optional;
import java.util.UUID;

/** The whole kit on a named list store, each test with its own name. */
class ListTokenStoreTckTest extends TokenStoreTck {
  private String name = "";

  @Override
  protected TokenStore newStore() {
    name = "tck-" + UUID.randomUUID();
    return TokenStores.open("list:" + name);
  }

  @Override
  protected TokenStore newStoreInOtherNamespace() {
    return TokenStores.open("list:other-" + UUID.randomUUID());
  }

  @Override
  protected TokenStore reopenStore() {
    return TokenStores.open("list:" + name);
  }

  @Override
  protected Optional<String> storeUri() {
    return Optional.of("list:");
  }
}
