package io.tokenstore.spi;

import io.tokenstore.OAuthToken;
import io.tokenstore.TokenStore;
import io.tokenstore.TokenStoreException;
import io.tokenstore.internal.EncryptedValues;
import io.tokenstore.internal.Secrets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The part of every store that is not storage: null checks naming the parameter, the match-key rule on
 * {@code findToken}, the savable check on {@code saveToken}, an unmodifiable snapshot from {@code getTokens},
 * {@link IllegalStateException} after {@code close()}, and backend failures wrapped in
 * {@link TokenStoreException} with the operation and the store's masked description. A subclass writes storage
 * code only, and must be thread-safe.
 *
 * <p>Any {@link RuntimeException} a storage method throws, other than a {@link TokenStoreException}, is wrapped;
 * the wrapper's message never includes the cause's message, which may quote a value. Every exception thrown has
 * the secrets of the store's URI ({@link StoreUri#scrub}) removed from its messages and its causes'.
 */
public abstract class AbstractTokenStore implements TokenStore {
  private final String description;
  private final List<String> secrets;
  private final AtomicBoolean closed = new AtomicBoolean();
  // Ciphertext handed out as a token is garbage; only the decrypting decorator may read it.
  private final boolean encryptedValuesAllowed = EncryptedValues.openingForDecorator();

  /**
   * @param description what {@link #toString()} and messages call this store, such as
   *     {@code "memory store memory:cache"}; it is {@linkplain StoreUri#mask masked} here as well. If it quotes
   *     the store's URI, the URI comes last: its secrets are also removed from every exception thrown
   */
  protected AbstractTokenStore(String description) {
    this(description, description);
  }

  /**
   * @param description what {@link #toString()} and messages call this store; it is
   *     {@linkplain StoreUri#mask masked} here as well
   * @param uri the URI the store was opened with: its secrets are removed from every exception thrown
   */
  protected AbstractTokenStore(String description, String uri) {
    this.description = StoreUri.mask(Objects.requireNonNull(description, "description"));
    this.secrets = Secrets.of(Objects.requireNonNull(uri, "uri"));
  }

  /**
   * Finds the record whose {@code key.field()} equals {@code key.value()} exactly.
   *
   * @param key the field and value; any field, including {@link MatchKey.Field#ID}
   * @return the record, or empty
   */
  protected abstract Optional<OAuthToken> find(MatchKey key);

  /**
   * Saves a savable token atomically, following {@link Tokens#upsert}.
   *
   * @param token the token, with at least one identifying field
   * @return the stored record
   * @throws io.tokenstore.DuplicateTokenException if a unique value is taken
   */
  protected abstract OAuthToken save(OAuthToken token);

  /**
   * Deletes the record with this id.
   *
   * @param id the id
   * @return true if there was one
   */
  protected abstract boolean delete(String id);

  /**
   * Returns every record once; the caller makes an unmodifiable copy unless it already is one.
   *
   * @return the records
   */
  protected abstract List<OAuthToken> list();

  /** Deletes every record of this store's namespace. */
  protected abstract void deleteAll();

  /** Releases the backend; called once, by the first {@link #close()}. */
  protected abstract void closeBackend();

  @Override
  public final Optional<OAuthToken> findToken(OAuthToken probe) {
    Objects.requireNonNull(probe, "probe");
    checkOpen();
    Optional<MatchKey> key = MatchKey.of(probe);
    if (key.isEmpty()) {
      return Optional.empty();
    }
    // The hot path of every store: no lambda, nothing allocated here beyond the key.
    try {
      return plain(find(key.get()));
    } catch (TokenStoreException e) {
      throw scrub(e);
    } catch (RuntimeException e) {
      throw wrap("findToken", e);
    }
  }

  @Override
  public final OAuthToken saveToken(OAuthToken token) {
    Objects.requireNonNull(token, "token");
    checkOpen();
    Tokens.requireSavable(token);
    return plain(call("saveToken", () -> save(token)));
  }

  @Override
  public final boolean deleteToken(String id) {
    Objects.requireNonNull(id, "id");
    checkOpen();
    if (id.isEmpty()) {
      return false;
    }
    return call("deleteToken", () -> delete(id));
  }

  @Override
  public final List<OAuthToken> getTokens() {
    checkOpen();
    List<OAuthToken> all = call("getTokens", () -> List.copyOf(list()));
    if (!encryptedValuesAllowed) {
      all.forEach(this::plain);
    }
    return all;
  }

  @Override
  public final void deleteTokens() {
    checkOpen();
    call("deleteTokens", () -> {
      deleteAll();
      return null;
    });
  }

  @Override
  public final Optional<OAuthToken> findTokenById(String id) {
    Objects.requireNonNull(id, "id");
    checkOpen();
    if (id.isEmpty()) {
      return Optional.empty();
    }
    try {
      return plain(find(MatchKey.id(id)));
    } catch (TokenStoreException e) {
      throw scrub(e);
    } catch (RuntimeException e) {
      throw wrap("findTokenById", e);
    }
  }

  @Override
  public final void close() {
    if (closed.compareAndSet(false, true)) {
      call("close", () -> {
        closeBackend();
        return null;
      });
    }
  }

  /**
   * Throws if the store is closed.
   *
   * @throws IllegalStateException if it is
   */
  protected final void checkOpen() {
    if (closed.get()) {
      throw new IllegalStateException("store is closed: " + description);
    }
  }

  // Package-private for AbstractLeasingTokenStore's fenced save.
  Optional<OAuthToken> plain(Optional<OAuthToken> found) {
    if (!encryptedValuesAllowed && found.isPresent()) {
      plain(found.get());
    }
    return found;
  }

  private OAuthToken plain(OAuthToken record) {
    if (!encryptedValuesAllowed && EncryptedValues.holdsEncrypted(record)) {
      throw new TokenStoreException(description + " holds tokens encrypted by tokenstore-encryption (record "
          + record.id() + "): open it with the option keyset=file:PATH or keyset=env:NAME");
    }
    return record;
  }

  // Package-private for AbstractLeasingTokenStore: the same wrapping for its three calls.
  <T> T call(String operation, Supplier<T> action) {
    try {
      return action.get();
    } catch (TokenStoreException e) {
      throw scrub(e);
    } catch (RuntimeException e) {
      throw wrap(operation, e);
    }
  }

  private TokenStoreException wrap(String operation, RuntimeException e) {
    return scrub(new TokenStoreException(operation + " failed on " + description + ": " + e.getClass().getName(),
        e));
  }

  // A driver's message may quote the password (a connection failure quoting the URL).
  private TokenStoreException scrub(TokenStoreException e) {
    return (TokenStoreException) Secrets.scrub(e, secrets);
  }

  /** The store's masked description. */
  @Override
  public String toString() {
    return description;
  }
}
