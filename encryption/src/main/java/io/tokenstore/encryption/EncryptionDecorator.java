package io.tokenstore.encryption;

import io.tokenstore.TokenStore;
import io.tokenstore.spi.LeasingTokenStore;
import io.tokenstore.spi.StoreUri;
import io.tokenstore.spi.TokenStoreDecorator;
import io.tokenstore.spi.TokenStoreProvider;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The option {@code keyset}: {@code keyset=file:PATH} (a keyset file only its owner may read) or
 * {@code keyset=env:NAME} (the keyset's JSON in an environment variable) opens any store encrypted at rest.
 * Found by {@link java.util.ServiceLoader}; not called directly.
 */
public final class EncryptionDecorator implements TokenStoreDecorator {
  /** Called by {@link java.util.ServiceLoader}. */
  public EncryptionDecorator() {}

  @Override
  public String option() {
    return "keyset";
  }

  @Override
  public UnaryOperator<TokenStore> wrapper(String value, String uri, Map<String, String> options,
      TokenStoreProvider provider) {
    Keys keys = Keysets.load(Objects.requireNonNull(value, "value"));
    String namespace = provider.namespace(uri, options);
    return store -> {
      Objects.requireNonNull(store, "store");
      EncryptedTokenStore encrypted = store instanceof LeasingTokenStore
          ? new EncryptedTokenStore.Leasing((LeasingTokenStore) store, keys, namespace, StoreUri.mask(uri))
          : new EncryptedTokenStore(store, keys, namespace, StoreUri.mask(uri));
      encrypted.verify();
      return encrypted;
    };
  }
}
