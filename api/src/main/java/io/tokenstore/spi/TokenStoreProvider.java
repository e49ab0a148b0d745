package io.tokenstore.spi;

import io.tokenstore.TokenStore;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Opens stores of one kind. Found by {@link java.util.ServiceLoader}: list the implementation in
 * {@code META-INF/services/io.tokenstore.spi.TokenStoreProvider} for the class path and declare
 * {@code provides io.tokenstore.spi.TokenStoreProvider with ...} in {@code module-info.java} for the module path.
 *
 * <p>An implementation has a public no-argument constructor, is thread-safe, and does no I/O until
 * {@link #open}. {@link io.tokenstore.TokenStores#open(String)} picks the provider that declares the longest
 * scheme that, followed by {@code ':'}, prefixes the URI (ignoring case), so {@code jdbc:postgresql} and
 * {@code jdbc:h2} can live beside each other.
 */
public interface TokenStoreProvider {

  /** A short name for messages and listings, such as {@code "memory"}. */
  String name();

  /**
   * The URI schemes this provider opens, without the trailing colon, such as {@code "memory"} or
   * {@code "jdbc:postgresql"}.
   */
  Set<String> schemes();

  /**
   * The names of the options {@link #open} accepts, as URI query parameters or in the options map. Used for
   * listings and error messages; {@link StoreUri#parse} rejects any other name.
   */
  default Set<String> options() {
    return Set.of();
  }

  /**
   * Opens a store.
   *
   * @param uri a URI with one of {@link #schemes()}; options may be given as query parameters
   * @param options more options; a key given in both places must have the same value
   * @return an open store, which the caller closes
   * @throws IllegalArgumentException if the URI or an option is malformed or unknown; the message names it and
   *     the valid choices, never a credential
   * @throws io.tokenstore.TokenStoreException if the backend cannot be opened; its message shows the URI
   *     {@linkplain StoreUri#mask masked}, and it is {@linkplain StoreUri#scrub scrubbed} of the URI's secrets
   */
  TokenStore open(String uri, Map<String, String> options);

  /**
   * Returns the URI of a store on the same backend as {@code uri} but in another namespace, whose records are
   * invisible to and untouched by the store at {@code uri}; empty if this provider has no namespaces. The
   * compatibility kit's command-line runner uses it to give every test a fresh store.
   *
   * @param uri a URI this provider opens
   * @param namespace a name of letters, digits and underscores
   * @return the URI of the store in that namespace, or empty
   */
  default Optional<String> namespaced(String uri, String namespace) {
    return Optional.empty();
  }

  /**
   * Returns the name of the namespace the store at {@code uri} lives in (a table, a collection, a key prefix, a
   * file's name), the same wherever the backend runs and whoever logs in: what an encrypting
   * {@link TokenStoreDecorator} binds its ciphertexts to, so that a value moved to another namespace does not
   * decrypt. Empty (the default) if this provider has no namespaces.
   *
   * @param uri a URI this provider opens
   * @param options the options given beside it, as to {@link #open}
   * @return the namespace's name, or empty
   */
  default String namespace(String uri, Map<String, String> options) {
    return "";
  }

  /**
   * Tells whether a store opened again on {@code uri} (after the first is closed) sees what the first saved: true
   * for a database or a file, and for {@code memory:NAME} within one process. The kit tests LIFE-2 where it is.
   *
   * @param uri a URI this provider opens
   * @return true if a store reopened on that URI keeps the records saved before
   */
  default boolean keepsRecordsAcrossOpens(String uri) {
    return durable(uri);
  }

  /**
   * The former name of {@link #keepsRecordsAcrossOpens}, which providers written before it may still override;
   * "durable" suggested a disk, while the question is only whether a second open sees the first's records.
   *
   * @param uri a URI this provider opens
   * @return true if a store reopened on that URI keeps the records saved before
   * @deprecated override and call {@link #keepsRecordsAcrossOpens} instead
   */
  @Deprecated(since = "0.1.0", forRemoval = true)
  default boolean durable(String uri) {
    return false;
  }
}
