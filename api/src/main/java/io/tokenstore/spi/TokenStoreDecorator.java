package io.tokenstore.spi;

import io.tokenstore.TokenStore;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Wraps the stores {@link io.tokenstore.TokenStores#open} opens when the URI or the options map carry this
 * decorator's {@linkplain #option() option}, for every provider, ours and third-party. The API looks up the
 * options it knows (today only {@code keyset}, so that it can name the artifact when the decorator is missing). Found by
 * {@link java.util.ServiceLoader} like providers ({@code META-INF/services/io.tokenstore.spi.TokenStoreDecorator},
 * {@code provides io.tokenstore.spi.TokenStoreDecorator with ...}).
 *
 * <p>The option is taken out before the provider sees the URI, so providers need not know it. An implementation
 * has a public no-argument constructor and is thread-safe.
 */
public interface TokenStoreDecorator {

  /** The option that turns this decorator on, such as {@code "keyset"}. */
  String option();

  /**
   * Reads the option's value before the store is opened (so that a bad value opens and creates nothing) and returns
   * what wraps the store once it is open. If the wrapping throws, the store is closed.
   *
   * @param value the option's value, decoded
   * @param uri the store's URI without the option (for {@link TokenStoreProvider#namespace} and messages, which
   *     show it {@linkplain StoreUri#mask masked})
   * @param options the other options the store is opened with
   * @param provider the provider that opens it
   * @return a function from the provider's store to the store handed to the caller, which closes the provider's
   *     store when it is closed
   * @throws IllegalArgumentException if the value is malformed or names what cannot be used, or the wrapped store
   *     does not fit it; the message names the option, never a secret
   * @throws io.tokenstore.TokenStoreException if what the value names cannot be read
   */
  UnaryOperator<TokenStore> wrapper(String value, String uri, Map<String, String> options,
      TokenStoreProvider provider);
}
