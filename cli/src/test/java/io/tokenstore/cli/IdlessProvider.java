package io.tokenstore.cli;

import io.tokenstore.OAuthToken;
import io.tokenstore.TokenStore;
import io.tokenstore.TokenStores;
import io.tokenstore.spi.StoreUri;
import io.tokenstore.spi.TokenStoreProvider;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A source whose tokens have no id, as a plugin store may return them (and as the file store did for a Zoho line
 * with an empty id): {@code idless:NAME} lists the tokens of {@code memory:idless-NAME} without their ids. Only
 * {@link TokenStore#getTokens} differs from the memory store; it exists because no built-in store returns such
 * tokens any more.
 */
public final class IdlessProvider implements TokenStoreProvider {
  @Override
  public String name() {
    return "idless";
  }

  @Override
  public Set<String> schemes() {
    return Set.of("idless");
  }

  @Override
  public TokenStore open(String uri, Map<String, String> options) {
    TokenStore memory = TokenStores.open("memory:idless-" + StoreUri.parse(uri, options, schemes(), options()).body());
    return new TokenStore() {
      @Override
      public List<OAuthToken> getTokens() {
        return memory.getTokens().stream().map(t -> t.toBuilder().id(null).build()).toList();
      }

      @Override
      public Optional<OAuthToken> findToken(OAuthToken probe) {
        return memory.findToken(probe);
      }

      @Override
      public OAuthToken saveToken(OAuthToken token) {
        return memory.saveToken(token);
      }

      @Override
      public boolean deleteToken(String id) {
        return memory.deleteToken(id);
      }

      @Override
      public void deleteTokens() {
        memory.deleteTokens();
      }

      @Override
      public Optional<OAuthToken> findTokenById(String id) {
        return memory.findTokenById(id);
      }

      @Override
      public void close() {
        memory.close();
      }
    };
  }
}
