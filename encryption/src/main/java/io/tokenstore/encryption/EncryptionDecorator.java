package io.tokenstore.encryption;

import io.tokenstore.TokenStore;
import io.tokenstore.spi.StoreUri;
import io.tokenstore.spi.TokenStoreDecorator;
import io.tokenstore.spi.TokenStoreProvider;
import java.util.Map;
import java.util.Objects;

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
  public void check(String value) {
    Keysets.load(Objects.requireNonNull(value, "value"));
  }

  @Override
  public TokenStore decorate(TokenStore store, String value, String uri, Map<String, String> options,
      TokenStoreProvider provider) {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(value, "value");
    Keys keys = Keysets.load(value);
    EncryptedTokenStore encrypted = new EncryptedTokenStore(store, keys, provider.namespace(uri, options),
        StoreUri.mask(uri));
    encrypted.verify();
    return encrypted;
  }
}
