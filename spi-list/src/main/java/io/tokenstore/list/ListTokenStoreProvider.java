package io.tokenstore.list;

import io.tokenstore.TokenStore;
import io.tokenstore.spi.StoreUri;
import io.tokenstore.spi.TokenStoreProvider;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The list store: the Zoho SDK sample's list of records done right, in the simplest correct code. One list,
 * scanned linearly under a read/write lock: every lookup and save is O(n) in the number of tokens. Use it to read
 * how a store keeps the contract, or for a handful of tokens; use {@code memory:} for speed.
 *
 * <p>URIs: {@code list:} a fresh private store; {@code list:NAME} the store called NAME, shared by every open of
 * that name in this JVM for the JVM's life. No options.
 */
public final class ListTokenStoreProvider implements TokenStoreProvider {
  private static final Map<String, ListTokenStore.Records> NAMED = new ConcurrentHashMap<>();

  /** Called by {@link java.util.ServiceLoader}. */
  public ListTokenStoreProvider() {}

  @Override
  public String name() {
    return "list";
  }

  @Override
  public Set<String> schemes() {
    return Set.of("list");
  }

  @Override
  public TokenStore open(String uri, Map<String, String> options) {
    String name = StoreUri.parse(uri, options, schemes(), options()).body();
    ListTokenStore.Records records = name.isEmpty()
        ? new ListTokenStore.Records()
        : NAMED.computeIfAbsent(name, n -> new ListTokenStore.Records());
    return new ListTokenStore(records, "list store " + StoreUri.mask(uri));
  }

  @Override
  public String namespace(String uri, Map<String, String> options) {
    return StoreUri.parse(uri, options, schemes(), options()).body();
  }

  @Override
  public Optional<String> namespaced(String uri, String namespace) {
    return Optional.of("list:" + namespace);
  }

  @Override
  public boolean keepsRecordsAcrossOpens(String uri) {
    return !StoreUri.parse(uri, Map.of(), schemes(), options()).body().isEmpty();
  }
}
