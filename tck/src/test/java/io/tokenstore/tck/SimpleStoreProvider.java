package io.tokenstore.tck;

import io.tokenstore.TokenStore;
import io.tokenstore.spi.StoreUri;
import io.tokenstore.spi.TokenStoreProvider;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Opens {@link SimpleStore}s for the kit's own tests: {@code simple:} (private), {@code simple:NAME} (shared by
 * name for the JVM's life), {@code broken-unique:NAME}, a store without uniqueness, for the runner to fail, and
 * {@code broken-closed:}, a provider that hands out a closed store, for DISC-1 to fail.
 */
public final class SimpleStoreProvider implements TokenStoreProvider {
  private static final Map<String, List<io.tokenstore.OAuthToken>> NAMED = new ConcurrentHashMap<>();
  private static final Map<String, Map<String, SimpleStore.Held>> NAMED_LEASES = new ConcurrentHashMap<>();
  private static final Map<String, Map<String, List<Long>>> NAMED_COUNTS = new ConcurrentHashMap<>();

  @Override
  public String name() {
    return "simple";
  }

  @Override
  public Set<String> schemes() {
    return Set.of("simple", "broken-unique", "broken-closed");
  }

  @Override
  public TokenStore open(String uri, Map<String, String> options) {
    StoreUri parsed = StoreUri.parse(uri, options, schemes(), options());
    List<io.tokenstore.OAuthToken> records = parsed.body().isEmpty() ? new CopyOnWriteArrayList<>()
        : NAMED.computeIfAbsent(parsed.scheme() + ":" + parsed.body(), n -> new CopyOnWriteArrayList<>());
    Map<String, SimpleStore.Held> leases = parsed.body().isEmpty() ? new ConcurrentHashMap<>()
        : NAMED_LEASES.computeIfAbsent(parsed.scheme() + ":" + parsed.body(), n -> new ConcurrentHashMap<>());
    Map<String, List<Long>> counted = parsed.body().isEmpty() ? new ConcurrentHashMap<>()
        : NAMED_COUNTS.computeIfAbsent(parsed.scheme() + ":" + parsed.body(), n -> new ConcurrentHashMap<>());
    if (parsed.scheme().equals("broken-closed")) {
      // The try-with-resources bug: the provider closes the store it is about to return.
      try (SimpleStore store = new SimpleStore(records)) {
        return store;
      }
    }
    return parsed.scheme().equals("simple") ? new SimpleStore.Leasing(records, leases, counted) : new BrokenStores.NoUniqueness(records);
  }

  @Override
  public Optional<String> namespaced(String uri, String namespace) {
    return Optional.of(StoreUri.parse(uri, Map.of(), schemes(), options()).scheme() + ":" + namespace);
  }

  @Override
  public boolean keepsRecordsAcrossOpens(String uri) {
    return !StoreUri.parse(uri, Map.of(), schemes(), options()).body().isEmpty();
  }
}
