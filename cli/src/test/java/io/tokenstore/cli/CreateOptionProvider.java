package io.tokenstore.cli;

import io.tokenstore.TokenStore;
import io.tokenstore.TokenStoreException;
import io.tokenstore.TokenStores;
import io.tokenstore.spi.StoreUri;
import io.tokenstore.spi.TokenStoreProvider;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A provider with the {@code create} option as the sqlite and file providers have it: {@code createtest:NAME}
 * is an in-memory store that exists once it was opened without {@code create=false}; with {@code create=false} a
 * store that does not exist is a {@link TokenStoreException} "no such store", and nothing is created.
 */
public final class CreateOptionProvider implements TokenStoreProvider {
  /** The names of the stores that exist. */
  static final Set<String> EXISTING = ConcurrentHashMap.newKeySet();

  @Override
  public String name() {
    return "createtest";
  }

  @Override
  public Set<String> schemes() {
    return Set.of("createtest");
  }

  @Override
  public Set<String> options() {
    return Set.of("create");
  }

  @Override
  public TokenStore open(String uri, Map<String, String> options) {
    StoreUri parsed = StoreUri.parse(uri, options, schemes(), options());
    String name = parsed.body();
    boolean create = Boolean.parseBoolean(parsed.choice("create", "true", "true", "false"));
    if (!create && !EXISTING.contains(name)) {
      throw new TokenStoreException("no such store: " + StoreUri.mask(uri));
    }
    EXISTING.add(name);
    return TokenStores.open("memory:createtest-" + name);
  }
}
