package io.tokenstore.tck.internal;

import io.tokenstore.TokenStore;
import io.tokenstore.TokenStores;
import io.tokenstore.spi.TokenStoreProvider;
import io.tokenstore.tck.TokenStoreTck;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * The kit against stores opened from one URI, for the runner. Each test gets a fresh namespace when the provider
 * {@linkplain TokenStoreProvider#namespaced names one}, which the kit empties afterwards; otherwise it gets the
 * URI's own store, emptied first. Reopening is tested where the provider says the URI is durable.
 */
final class UriTokenStoreTck extends TokenStoreTck {
  // Set by TckMain before it launches the kit, in the same thread.
  static volatile String uri = "";

  private final List<String> namespacedUris = new ArrayList<>();
  private String lastUri = "";

  private static TokenStoreProvider provider() {
    return TokenStores.provider(uri);
  }

  private Optional<String> freshNamespace() {
    String ns = "tck_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
    Optional<String> namespaced = provider().namespaced(uri, ns);
    namespaced.ifPresent(namespacedUris::add);
    return namespaced;
  }

  @Override
  protected TokenStore newStore() {
    Optional<String> namespaced = freshNamespace();
    lastUri = namespaced.orElse(uri);
    TokenStore store = TokenStores.open(lastUri);
    if (namespaced.isEmpty()) {
      store.deleteTokens();
    }
    return store;
  }

  @Override
  protected TokenStore newStoreInOtherNamespace() {
    Optional<String> namespaced = freshNamespace();
    Assumptions.assumeTrue(namespaced.isPresent(),
        () -> "provider " + provider().name() + " declares no namespaces");
    return TokenStores.open(namespaced.get());
  }

  @Override
  protected TokenStore reopenStore() {
    Assumptions.assumeTrue(provider().durable(lastUri),
        () -> "provider " + provider().name() + " says this URI is not durable");
    return TokenStores.open(lastUri);
  }

  @Override
  protected Optional<String> storeUri() {
    return Optional.of(uri);
  }

  @Override
  protected void discard(TokenStore opened) {
    opened.close();
    // Remove what the test left in its namespaces; the store may be closed, so open each once more.
    for (String namespaced : namespacedUris) {
      try (TokenStore s = TokenStores.open(namespaced)) {
        s.deleteTokens();
      }
    }
    namespacedUris.clear();
  }
}
