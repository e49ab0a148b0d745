/**
 * tokenstore: OAuth tokens kept behind one small, exact contract.
 *
 * <p>{@code io.tokenstore} is for applications; {@code io.tokenstore.spi} is for authors of stores.
 * Providers are found with {@link java.util.ServiceLoader}.
 */
module io.tokenstore {
  requires static transitive org.jspecify;
  requires com.fasterxml.jackson.core;
  requires java.net.http;

  exports io.tokenstore;
  exports io.tokenstore.spi;
  // The one grammar of secrets in URIs, for the command line's error lines; not API.
  exports io.tokenstore.internal to io.tokenstore.cli, io.tokenstore.encryption, io.tokenstore.memory,
      io.tokenstore.list;

  uses io.tokenstore.spi.TokenStoreProvider;
  uses io.tokenstore.spi.TokenStoreDecorator;
}
