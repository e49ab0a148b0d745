/**
 * Encryption at rest for every store: the option {@code keyset=file:PATH} or {@code keyset=env:NAME} of
 * {@link io.tokenstore.TokenStores#open}. {@link io.tokenstore.encryption.Keysets} makes and rotates keysets.
 */
module io.tokenstore.encryption {
  requires io.tokenstore;
  requires com.google.crypto.tink;

  exports io.tokenstore.encryption;

  provides io.tokenstore.spi.TokenStoreDecorator with io.tokenstore.encryption.EncryptionDecorator;
}
