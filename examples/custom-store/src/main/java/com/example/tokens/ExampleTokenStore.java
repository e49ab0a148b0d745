package com.example.tokens;

import io.tokenstore.OAuthToken;
import io.tokenstore.spi.AbstractTokenStore;
import io.tokenstore.spi.MatchKey;
import io.tokenstore.spi.Tokens;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Storage code only: AbstractTokenStore checks arguments, applies the match-key rule, refuses calls after
 * close and wraps failures; Tokens.upsert applies the save rules. One lock makes each save atomic.
 */
final class ExampleTokenStore extends AbstractTokenStore {
  private static final Map<String, Map<String, OAuthToken>> BACKEND = new ConcurrentHashMap<>();

  private final Map<String, OAuthToken> byId;

  ExampleTokenStore(String name) {
    super("example store " + name);
    this.byId = BACKEND.computeIfAbsent(name, n -> new LinkedHashMap<>());
  }

  @Override
  protected Optional<OAuthToken> find(MatchKey key) {
    synchronized (byId) {
      return byId.values().stream().filter(key::matches).findFirst();
    }
  }

  @Override
  protected OAuthToken save(OAuthToken token) {
    synchronized (byId) {
      Tokens.Upsert upsert = Tokens.upsert(token, this::find, byId::containsKey);
      byId.put(upsert.record().id(), upsert.record());
      return upsert.record();
    }
  }

  @Override
  protected boolean delete(String id) {
    synchronized (byId) {
      return byId.remove(id) != null;
    }
  }

  @Override
  protected List<OAuthToken> list() {
    synchronized (byId) {
      return new ArrayList<>(byId.values());
    }
  }

  @Override
  protected void deleteAll() {
    synchronized (byId) {
      byId.clear();
    }
  }

  @Override
  protected void closeBackend() {}
}
