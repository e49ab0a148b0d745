package com.example.broken;

import io.tokenstore.OAuthToken;
import io.tokenstore.TokenStore;
import io.tokenstore.spi.AbstractTokenStore;
import io.tokenstore.spi.MatchKey;
import io.tokenstore.spi.StoreUri;
import io.tokenstore.spi.TokenStoreProvider;
import io.tokenstore.spi.Tokens;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A third-party store with a classic bug: an update replaces the record instead of merging into it. */
public final class ForgetfulProvider implements TokenStoreProvider {
  @Override
  public String name() {
    return "forgetful";
  }

  @Override
  public Set<String> schemes() {
    return Set.of("forgetful");
  }

  @Override
  public TokenStore open(String uri, Map<String, String> options) {
    StoreUri.parse(uri, options, schemes(), options());
    return new Store();
  }

  static final class Store extends AbstractTokenStore {
    private final Map<String, OAuthToken> byId = new LinkedHashMap<>();

    Store() {
      super("forgetful store");
    }

    @Override
    protected synchronized Optional<OAuthToken> find(MatchKey key) {
      return byId.values().stream().filter(key::matches).findFirst();
    }

    @Override
    protected synchronized OAuthToken save(OAuthToken token) {
      Tokens.Upsert upsert = Tokens.upsert(token, this::find, byId::containsKey);
      OAuthToken record = upsert.inserts() ? upsert.record()
          : token.toBuilder().id(upsert.record().id()).build();
      byId.put(record.id(), record);
      return record;
    }

    @Override
    protected synchronized boolean delete(String id) {
      return byId.remove(id) != null;
    }

    @Override
    protected synchronized List<OAuthToken> list() {
      return new ArrayList<>(byId.values());
    }

    @Override
    protected synchronized void deleteAll() {
      byId.clear();
    }

    @Override
    protected void closeBackend() {}
  }
}
