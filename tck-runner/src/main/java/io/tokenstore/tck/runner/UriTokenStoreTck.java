package io.tokenstore.tck.runner;

import io.tokenstore.TokenStore;
import io.tokenstore.TokenStores;
import io.tokenstore.spi.StoreUri;
import io.tokenstore.spi.TokenStoreProvider;
import io.tokenstore.tck.TokenStoreTck;
import java.lang.reflect.Constructor;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The kit against stores opened from one URI, for the runner. Where the provider {@linkplain
 * TokenStoreProvider#namespaced names namespaces}, every test runs in the namespace {@value #NAMESPACE} (and
 * {@value #OTHER_NAMESPACE} for LIFE-3), emptied before and after, so that runs leave nothing behind and do not
 * pile up; otherwise it runs on the URI's own store, emptied first. Reopening is tested where the provider says
 * a store reopened on the URI keeps its records. One run at a time per backend.
 *
 * <p>The URI is the launcher's configuration parameter {@value #URI_PARAMETER}, given to each instance's
 * constructor, so that runs in one JVM do not share it.
 */
@ExtendWith(UriTokenStoreTck.ConfiguredUri.class)
final class UriTokenStoreTck extends TokenStoreTck {
  static final String URI_PARAMETER = "tokenstore.tck.uri";
  static final String NAMESPACE = "tck";
  static final String OTHER_NAMESPACE = "tck_other";

  // Options that wrap the provider's store (keyset) go beside each URI derived, not in it: providers refuse them.
  private static final String KEYSET = "keyset";

  private final String uri;
  private final Map<String, String> options;
  private String lastUri = "";

  UriTokenStoreTck(String given) {
    TokenStoreProvider provider = TokenStores.provider(given);
    this.options = StoreUri.parse(given, Map.of(), provider.schemes(), Set.of(KEYSET), true).option(KEYSET)
        .map(k -> Map.of(KEYSET, k)).orElse(Map.of());
    this.uri = StoreUri.withoutOption(given, KEYSET);
  }

  private TokenStoreProvider provider() {
    return TokenStores.provider(uri);
  }

  private TokenStore openEmpty(String storeUri) {
    TokenStore store = TokenStores.open(storeUri, options);
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
    Assumptions.assumeTrue(provider().keepsRecordsAcrossOpens(lastUri),
        () -> "provider " + provider().name() + " says a store reopened on this URI does not keep its records");
    return TokenStores.open(lastUri, options);
  }

  @Override
  protected TokenStore openSecondStore() {
    Assumptions.assumeTrue(provider().keepsRecordsAcrossOpens(lastUri),
        () -> "provider " + provider().name() + " says a second store on this URI does not share its records");
    return TokenStores.open(lastUri, options);
  }

  @Override
  protected Optional<String> storeUri() {
    return Optional.of(options.isEmpty() ? uri : StoreUri.withOption(uri, KEYSET, Objects.requireNonNull(options.get(KEYSET))));
  }

  // Runs before the kit closes the test's stores; those may be closed already, so open each namespace again.
  @AfterEach
  void emptyNamespaces() {
    for (String ns : new String[] {NAMESPACE, OTHER_NAMESPACE}) {
      Optional<String> namespaced = provider().namespaced(uri, ns);
      if (namespaced.isPresent()) {
        try (TokenStore s = TokenStores.open(namespaced.get(), options)) {
          s.deleteTokens();
        }
      }
    }
  }

  /** Resolves the constructor's URI from the configuration parameter {@value #URI_PARAMETER}. */
  static final class ConfiguredUri implements ParameterResolver {
    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
      return parameter.getDeclaringExecutable() instanceof Constructor
          && parameter.getDeclaringExecutable().getDeclaringClass() == UriTokenStoreTck.class
          && parameter.getParameter().getType() == String.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
      return context.getConfigurationParameter(URI_PARAMETER).orElseThrow(() -> new ParameterResolutionException(
          "configuration parameter " + URI_PARAMETER + " is not set: it names the store URI to certify"));
    }
  }
}
