package io.tokenstore.tck;

import io.tokenstore.TokenStore;
import io.tokenstore.TokenStores;
import io.tokenstore.spi.StoreUri;
import io.tokenstore.spi.TokenStoreProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;

/**
 * The kit for a store opened by URI on a shared backend: every test runs in fresh namespaces of {@link #baseUri()}
 * that the {@linkplain TokenStoreProvider#namespaced provider derives}, and they are emptied (or dropped, see
 * {@link #dropNamespace}) after the test. The optional rules run as the provider allows: LIFE-3 where it has
 * namespaces, LIFE-2 and LEASE-2 where it says the URI is {@linkplain TokenStoreProvider#keepsRecordsAcrossOpens keeps records across opens}, DISC-1 always.
 *
 * <pre>{@code
 * class RedisTokenStoreTest extends NamespacedStoreTck {
 *   @Override protected String baseUri() { return "redis://127.0.0.1:6379"; }
 * }
 * }</pre>
 */
public abstract class NamespacedStoreTck extends TokenStoreTck {
  private final List<String> namespaces = new ArrayList<>();
  private String uri = "";

  /** The backend's URI; each test works in namespaces of its own derived from it. */
  protected abstract String baseUri();

  /**
   * Options every store of the test is opened with beside its URI (such as {@code keyset}, to run the kit on the
   * encrypted variant); none by default.
   *
   * @return option name → value
   */
  protected Map<String, String> openOptions() {
    return Map.of();
  }

  /**
   * Removes what a test left in a namespace; by default empties it. Override to drop it (a table, a collection).
   *
   * @param namespacedUri the URI of the namespace
   * @throws Exception if it cannot be removed
   */
  protected void dropNamespace(String namespacedUri) throws Exception {
    try (TokenStore s = TokenStores.open(namespacedUri, openOptions())) {
      s.deleteTokens();
    }
  }

  private String freshUri() {
    String base = baseUri();
    TokenStoreProvider provider = TokenStores.provider(base);
    String name = "tck_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
    String fresh = provider.namespaced(base, name).orElseThrow(() -> new IllegalStateException(
        "provider " + provider.name() + " has no namespaces: extend TokenStoreTck instead"));
    namespaces.add(fresh);
    return fresh;
  }

  @Override
  protected TokenStore newStore() {
    uri = freshUri();
    return TokenStores.open(uri, openOptions());
  }

  @Override
  protected TokenStore newStoreInOtherNamespace() {
    return TokenStores.open(freshUri(), openOptions());
  }

  @Override
  protected TokenStore reopenStore() {
    Assumptions.assumeTrue(TokenStores.provider(uri).keepsRecordsAcrossOpens(uri),
        "the provider says a store reopened on this URI does not keep its records");
    return TokenStores.open(uri, openOptions());
  }

  @Override
  protected TokenStore openSecondStore() {
    Assumptions.assumeTrue(TokenStores.provider(uri).keepsRecordsAcrossOpens(uri),
        "the provider says a second store on this URI does not share its records");
    return TokenStores.open(uri, openOptions());
  }

  /** The test's URI, with {@link #openOptions()} in its query. */
  @Override
  protected Optional<String> storeUri() {
    String withOptions = uri;
    for (Map.Entry<String, String> o : openOptions().entrySet()) {
      withOptions = StoreUri.withOption(withOptions, o.getKey(), o.getValue());
    }
    return Optional.of(withOptions);
  }

  @AfterEach
  final void dropNamespaces() throws Exception {
    for (String ns : namespaces) {
      dropNamespace(ns);
    }
    namespaces.clear();
  }
}
