package io.tokenstore.tck.internal;

import io.tokenstore.TokenStore;
import io.tokenstore.TokenStores;
import io.tokenstore.spi.TokenStoreProvider;
import io.tokenstore.tck.TokenStoreTck;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;

/**
 * The kit against stores opened from one URI, for the runner. Where the provider {@linkplain
 * TokenStoreProvider#namespaced names namespaces}, every test runs in the namespace {@value #NAMESPACE} (and
 * {@value #OTHER_NAMESPACE} for LIFE-3), emptied before and after, so that runs leave nothing behind and do not
 * pile up; otherwise it runs on the URI's own store, emptied first. Reopening is tested where the provider says
 * the URI is durable. One run at a time per backend.
 */
final class UriTokenStoreTck extends TokenStoreTck {
  static final String NAMESPACE = "tck";
  static final String OTHER_NAMESPACE = "tck_other";

  // Set by TckMain before it launches the kit, in the same thread.
  static volatile String uri = "";

  private String lastUri = "";

  private static TokenStoreProvider provider() {
    return TokenStores.provider(uri);
  }

  private static TokenStore openEmpty(String storeUri) {
    TokenStore store = TokenStores.open(storeUri);
    store.deleteTokens();
    return store;
  }

  @Override
  protected TokenStore newStore() {
    lastUri = provider().namespaced(uri, NAMESPACE).orElse(uri);
    return openEmpty(lastUri);
  }

  @Override
  protected TokenStore newStoreInOtherNamespace() {
    Optional<String> other = provider().namespaced(uri, OTHER_NAMESPACE);
    Assumptions.assumeTrue(other.isPresent(), () -> "provider " + provider().name() + " declares no namespaces");
    return openEmpty(other.get());
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

  // Runs before the kit closes the test's stores; those may be closed already, so open each namespace again.
  @AfterEach
  void emptyNamespaces() {
    for (String ns : new String[] {NAMESPACE, OTHER_NAMESPACE}) {
      Optional<String> namespaced = provider().namespaced(uri, ns);
      if (namespaced.isPresent()) {
        try (TokenStore s = TokenStores.open(namespaced.get())) {
          s.deleteTokens();
        }
      }
    }
  }
}
