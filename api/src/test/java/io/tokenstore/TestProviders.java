package io.tokenstore;

import io.tokenstore.spi.AbstractTokenStore;
import io.tokenstore.spi.MatchKey;
import io.tokenstore.spi.StoreUri;
import io.tokenstore.spi.TokenStoreProvider;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Providers for {@link TokenStoresTest}. */
final class TestProviders {
  private TestProviders() {}

  /** A store that remembers who opened it and with which options; it stores nothing. */
  static final class OpenedBy extends AbstractTokenStore {
    final String provider;
    final Map<String, String> options;

    OpenedBy(String provider, String uri, Map<String, String> options) {
      super(provider + " " + uri);
      this.provider = provider;
      this.options = options;
    }

    @Override
    protected Optional<OAuthToken> find(MatchKey key) {
      return Optional.empty();
    }

    @Override
    protected OAuthToken save(OAuthToken token) {
      throw new UnsupportedOperationException("nothing is stored here");
    }

    @Override
    protected boolean delete(String id) {
      return false;
    }

    @Override
    protected List<OAuthToken> list() {
      return List.of();
    }

    @Override
    protected void deleteAll() {}

    @Override
    protected void closeBackend() {}
  }

  abstract static class Base implements TokenStoreProvider {
    @Override
    public Set<String> options() {
      return Set.of("table");
    }

    @Override
    public TokenStore open(String uri, Map<String, String> options) {
      return new OpenedBy(name(), uri, StoreUri.parse(uri, options, schemes(), options()).options());
    }
  }

  public static final class Alpha extends Base {
    @Override
    public String name() {
      return "alpha";
    }

    @Override
    public Set<String> schemes() {
      return Set.of("alpha");
    }
  }

  public static final class AlphaTwin extends Base {
    @Override
    public String name() {
      return "alpha-twin";
    }

    @Override
    public Set<String> schemes() {
      return Set.of("alpha");
    }
  }

  public static final class AlphaBeta extends Base {
    @Override
    public String name() {
      return "alpha-beta";
    }

    @Override
    public Set<String> schemes() {
      return Set.of("alpha:beta");
    }
  }

  public static final class ThrowsInConstructor extends Base {
    public ThrowsInConstructor() {
      throw new IllegalStateException("this provider cannot start");
    }

    @Override
    public String name() {
      return "never";
    }

    @Override
    public Set<String> schemes() {
      return Set.of("never");
    }
  }

  /** Fails in open with an exception that quotes the URI's password, as careless drivers do. */
  public static final class Exploding extends Base {
    @Override
    public String name() {
      return "exploding";
    }

    @Override
    public Set<String> schemes() {
      return Set.of("exploding");
    }

    @Override
    public TokenStore open(String uri, Map<String, String> options) {
      throw new IllegalStateException("driver failed on " + uri);
    }
  }
}
