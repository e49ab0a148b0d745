package com.example.tokens;

import io.tokenstore.TokenStore;
import io.tokenstore.spi.StoreUri;
import io.tokenstore.spi.TokenStoreProvider;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Opens {@code example:NAME}: a store kept in a map, shared by name within the JVM. */
public final class ExampleTokenStoreProvider implements TokenStoreProvider {
  @Override
  public String name() {
    return "example";
  }

  @Override
  public Set<String> schemes() {
    return Set.of("example");
  }

  @Override
  public TokenStore open(String uri, Map<String, String> options) {
    String name = StoreUri.parse(uri, options, schemes(), options()).body();
    return new ExampleTokenStore(name);
  }

  @Override
  public Optional<String> namespaced(String uri, String namespace) {
    return Optional.of("example:" + namespace);
  }

  @Override
  public boolean keepsRecordsAcrossOpens(String uri) {
    return true;
  }
}
