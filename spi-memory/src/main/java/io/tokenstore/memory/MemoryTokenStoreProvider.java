package io.tokenstore.memory;

import io.tokenstore.TokenStore;
import io.tokenstore.spi.StoreUri;
import io.tokenstore.spi.TokenStoreProvider;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-memory store, the reference implementation of the contract and the fastest store: lookups by every key
 * are hash-table lookups (O(1), flat from a thousand to a million tokens) and reads take no lock.
 *
 * <p>URIs:
 * <ul>
 *   <li>{@code memory:} a fresh store, private to the caller;</li>
 *   <li>{@code memory:NAME} the store called NAME, shared by every open of that name in this JVM. Its records
 *       live as long as the JVM (closing a store does not drop them), so reopening finds them.</li>
 * </ul>
 * No options. Nothing survives the JVM.
 */
public final class MemoryTokenStoreProvider implements TokenStoreProvider {
  private static final Map<String, MemoryTokenStore.Data> NAMED = new ConcurrentHashMap<>();

  /** Called by {@link java.util.ServiceLoader}. */
  public MemoryTokenStoreProvider() {}

  @Override
  public String name() {
    return "memory";
  }

  @Override
  public Set<String> schemes() {
    return Set.of("memory");
  }

  @Override
  public TokenStore open(String uri, Map<String, String> options) {
    String name = StoreUri.parse(uri, options, schemes(), options()).body();
    MemoryTokenStore.Data data = name.isEmpty()
        ? new MemoryTokenStore.Data()
        : NAMED.computeIfAbsent(name, n -> new MemoryTokenStore.Data());
    return new MemoryTokenStore(data, "memory store " + StoreUri.mask(uri));
  }

  @Override
  public String namespace(String uri, Map<String, String> options) {
    return StoreUri.parse(uri, options, schemes(), options()).body();
  }

  @Override
  public Optional<String> namespaced(String uri, String namespace) {
    return Optional.of("memory:" + namespace);
  }

  @Override
  public boolean keepsRecordsAcrossOpens(String uri) {
    return !StoreUri.parse(uri, Map.of(), schemes(), options()).body().isEmpty();
  }
}
