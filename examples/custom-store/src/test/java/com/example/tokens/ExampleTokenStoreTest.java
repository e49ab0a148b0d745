package com.example.tokens;

import io.tokenstore.TokenStore;
import io.tokenstore.TokenStores;
import io.tokenstore.tck.TokenStoreTck;
import java.util.Optional;
import java.util.UUID;

/** The whole compatibility kit on the example store. */
class ExampleTokenStoreTest extends TokenStoreTck {
  private String uri = "";

  @Override
  protected TokenStore newStore() {
    uri = "example:" + UUID.randomUUID();
    return TokenStores.open(uri);
  }

  @Override
  protected TokenStore newStoreInOtherNamespace() {
    return TokenStores.open("example:" + UUID.randomUUID());
  }

  @Override
  protected TokenStore reopenStore() {
    return TokenStores.open(uri);
  }

  @Override
  protected Optional<String> storeUri() {
    return Optional.of(uri);
  }
}
