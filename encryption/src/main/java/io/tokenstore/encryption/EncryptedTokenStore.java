package io.tokenstore.encryption;

import io.tokenstore.DuplicateTokenException;
import io.tokenstore.OAuthToken;
import io.tokenstore.TokenStore;
import io.tokenstore.TokenStoreException;
import io.tokenstore.spi.Lease;
import io.tokenstore.spi.LeasingTokenStore;
import io.tokenstore.spi.MatchKey.Field;
import io.tokenstore.spi.MatchKey;
import io.tokenstore.spi.TokenField;
import io.tokenstore.spi.Tokens;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.LongConsumer;
import org.jspecify.annotations.Nullable;

/**
 * A store whose secrets are encrypted before they reach the store underneath and decrypted on the way back. The
 * access, refresh and grant tokens are encrypted deterministically under the primary AES-SIV key, so the store
 * below finds them by value and keeps them unique as it does plaintext; a value written under an older key is found
 * by probing with each key's ciphertext, primary first (one lookup per key, and only when the keyset holds several).
 * The client secret is encrypted randomized. Ids, user names, client ids, expiry times, redirect URLs and API
 * domains stay plaintext.
 */
class EncryptedTokenStore implements TokenStore {
  // Decryption is a function of the stored value and the field, and the keyset is fixed for the store's life, so
  // values read again (a record found over and over) skip the cryptography; bounded, emptied when full.
  private static final int CACHE_LIMIT = 4096;

  // Per namespace in this JVM: rekey rewrites a record under the write lock, while saves and deletes hold the read
  // lock, so rekey never writes back a value a save replaced or a record a delete removed; saves that must check
  // older keys first take the monitor, so that check and save are one step.
  private static final Map<String, ReentrantReadWriteLock> REWRITE_LOCKS = new ConcurrentHashMap<>();

  private final TokenStore inner;
  private final Keys keys;
  private final String description;
  private final ReentrantReadWriteLock rewriteLock;
  private final AtomicBoolean closed = new AtomicBoolean();
  /** The fields encrypted: the three looked up by value, then the client secret. */
  private final List<Column> columns;
  private final Map<Field, Column> lookups = new EnumMap<>(Field.class);

  EncryptedTokenStore(TokenStore inner, Keys keys, String namespace, String maskedUri) {
    this.inner = inner;
    this.keys = keys;
    this.description = "encrypted " + inner;
    this.rewriteLock = REWRITE_LOCKS.computeIfAbsent(maskedUri + "\u0000" + namespace,
        k -> new ReentrantReadWriteLock());
    // The secrets of TokenField: deterministically where they are unique, so that they are still found by value.
    for (Field f : Field.values()) {
      if (f.tokenField().secret()) {
        TokenField t = f.tokenField();
        lookups.put(f, new Column(namespace, t.property(), f, t::text, t::set));
      }
    }
    List<Column> all = new ArrayList<>(lookups.values());
    for (TokenField t : TokenField.values()) {
      if (t.secret() && !t.unique()) {
        all.add(new Column(namespace, t.property(), null, t::text, t::set));
      }
    }
    this.columns = List.copyOf(all);
  }

  /**
   * One encrypted field: its name, its associated data (the field and the namespace, so that a ciphertext moved
   * elsewhere does not decrypt), how to read and set it, and its caches.
   */
  private final class Column {
    final String property;
    final @Nullable Field lookup; // null for the client secret, which is never looked up
    final byte[] associated;
    final Function<OAuthToken, @Nullable String> get;
    final BiConsumer<OAuthToken.Builder, String> set;
    final Map<String, String> opened = new ConcurrentHashMap<>();
    // Plaintext → ciphertext under the primary key, for lookups (deterministic, so cacheable; never the secret).
    final Map<String, String> sealed = new ConcurrentHashMap<>();

    Column(String namespace, String property, @Nullable Field lookup, Function<OAuthToken, @Nullable String> get,
        BiConsumer<OAuthToken.Builder, String> set) {
      this.property = property;
      this.lookup = lookup;
      this.associated = ("tokenstore/1/" + namespace + "/" + property).getBytes(StandardCharsets.UTF_8);
      this.get = get;
      this.set = set;
    }

    /** The key new values of this field are written under. */
    int primary() {
      return lookup != null ? keys.sivPrimary() : keys.gcmPrimary();
    }

    /** The value as stored under the primary key. */
    String seal(String value) {
      return lookup != null ? sealUnder(keys.sivPrimary(), value) : keys.sealSecret(value, associated);
    }

    /** A looked-up value as stored under one deterministic key: the primary's from the cache. */
    String sealUnder(int keyId, String value) {
      if (keyId != keys.sivPrimary()) {
        return keys.sealLookup(keyId, value, associated);
      }
      String ct = sealed.get(value);
      if (ct == null) {
        ct = keys.sealLookup(keyId, value, associated);
        remember(sealed, value, ct);
      }
      return ct;
    }

    /** A stored value decrypted; {@code r} names the record in errors. */
    String open(OAuthToken r, String stored) {
      String plain = opened.get(stored);
      if (plain == null) {
        plain = decryptValue(r, stored);
        remember(opened, stored, plain);
      }
      return plain;
    }

    private String decryptValue(OAuthToken r, String stored) {
      if (Keys.keyId(stored) == -1) {
        throw new TokenStoreException("record " + r.id() + " of " + description + " holds a plaintext " + property
            + ": written by a store opened without the keyset");
      }
      try {
        return keys.open(stored, associated);
      } catch (GeneralSecurityException e) {
        throw new TokenStoreException("record " + r.id() + "'s " + property + " in " + description + " does not "
            + "decrypt with this keyset for this field and namespace (" + e.getMessage() + "): copied from "
            + "another field or store, or tampered with", e);
      }
    }
  }

  private static void remember(Map<String, String> cache, String key, String value) {
    if (cache.size() >= CACHE_LIMIT) {
      cache.clear();
    }
    cache.put(key, value);
  }

  private static boolean present(@Nullable String v) {
    return v != null && !v.isEmpty();
  }

  /**
   * Refuses, before any call, a store holding plaintext secrets or values of keys this keyset lacks: the first
   * means the store was written without encryption, the second a wrong keyset.
   */
  void verify() {
    for (OAuthToken r : inner.getTokens()) {
      for (Column c : columns) {
        String v = c.get.apply(r);
        if (!present(v)) {
          continue;
        }
        int id = Keys.keyId(v);
        if (id == -1) {
          throw new IllegalArgumentException("option 'keyset': " + inner + " holds plaintext tokens (record "
              + r.id() + "'s " + c.property + "): it was written without encryption. Copy it into an encrypted "
              + "store (tokenstore copy SOURCE 'DESTINATION?keyset=...') rather than opening it with a keyset");
        }
        if (!keys.holds(id)) {
          throw new IllegalArgumentException("option 'keyset': record " + r.id() + " of " + inner + " was "
              + "encrypted with key " + Integer.toUnsignedString(id) + ", which this keyset does not hold: "
              + "is it the keyset this store was written with?");
        }
      }
    }
  }

  // ---- the six operations ----

  // Before any work of this layer, as the store below does it (LIFE-1: a closed store refuses every call).
  final void checkOpen() {
    if (closed.get()) {
      throw new IllegalStateException("store is closed: " + description);
    }
  }

  @Override
  public Optional<OAuthToken> findToken(OAuthToken probe) {
    Objects.requireNonNull(probe, "probe");
    checkOpen();
    Optional<MatchKey> key = MatchKey.of(probe);
    if (key.isEmpty()) {
      return Optional.empty();
    }
    return findRaw(key.get()).map(this::decrypt);
  }

  @Override
  public OAuthToken saveToken(OAuthToken token) {
    Objects.requireNonNull(token, "token");
    checkOpen();
    Tokens.requireSavable(token);
    return save(token, t -> Optional.of(inner.saveToken(t))).orElseThrow();
  }

  // The one save path, of saveToken and of a leased save: write saves the encrypted record in the inner store.
  final Optional<OAuthToken> save(OAuthToken token, Function<OAuthToken, Optional<OAuthToken>> write) {
    List<Integer> ids = keys.lookupKeys();
    rewriteLock.readLock().lock();
    try {
      return ids.size() == 1 ? write.apply(encrypt(token)).map(this::decrypt) : saveAcrossKeys(token, ids, write);
    } finally {
      rewriteLock.readLock().unlock();
    }
  }

  private Optional<OAuthToken> saveAcrossKeys(OAuthToken token, List<Integer> ids,
      Function<OAuthToken, Optional<OAuthToken>> write) {
    synchronized (rewriteLock) {
      // Several keys: the record a key finds, and the owners of each value, may be under an older one.
      Optional<OAuthToken> existing = MatchKey.of(token).flatMap(this::findRaw);
      for (Column c : lookups.values()) {
        String v = c.get.apply(token);
        if (!present(v)) {
          continue;
        }
        for (int i = 1; i < ids.size(); i++) {
          Optional<OAuthToken> owner = inner.findToken(probe(Objects.requireNonNull(c.lookup), c.sealUnder(ids.get(i), v)));
          if (owner.isPresent() && (existing.isEmpty() || !Objects.equals(owner.get().id(), existing.get().id()))) {
            throw new DuplicateTokenException(c.property);
          }
        }
      }
      OAuthToken target = existing.isPresent() && token.id() == null
          ? token.toBuilder().id(existing.get().id()).build() : token;
      return write.apply(encrypt(target)).map(this::decrypt);
    }
  }

  @Override
  public boolean deleteToken(String id) {
    Objects.requireNonNull(id, "id");
    checkOpen();
    rewriteLock.readLock().lock(); // rekey must not write a record back between its read and a delete
    try {
      return inner.deleteToken(id);
    } finally {
      rewriteLock.readLock().unlock();
    }
  }

  @Override
  public List<OAuthToken> getTokens() {
    checkOpen();
    List<OAuthToken> all = inner.getTokens();
    List<OAuthToken> out = new ArrayList<>(all.size());
    for (OAuthToken r : all) {
      out.add(decrypt(r));
    }
    return List.copyOf(out);
  }

  @Override
  public void deleteTokens() {
    checkOpen();
    rewriteLock.readLock().lock();
    try {
      inner.deleteTokens();
    } finally {
      rewriteLock.readLock().unlock();
    }
  }

  @Override
  public Optional<OAuthToken> findTokenById(String id) {
    Objects.requireNonNull(id, "id");
    checkOpen();
    return inner.findTokenById(id).map(this::decrypt);
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      inner.close();
    }
  }

  @Override
  public String toString() {
    return description;
  }

  /**
   * Over a store with leases: the same leases, and the leased save encrypted as every save. Leases name record
   * ids, which are not encrypted.
   */
  static final class Leasing extends EncryptedTokenStore implements LeasingTokenStore {
    private final LeasingTokenStore leasing;

    Leasing(LeasingTokenStore inner, Keys keys, String namespace, String maskedUri) {
      super(inner, keys, namespace, maskedUri);
      this.leasing = inner;
    }

    @Override
    public Optional<Lease> tryLease(String id, Duration time) {
      checkOpen();
      return leasing.tryLease(id, time);
    }

    @Override
    public Optional<OAuthToken> saveLeased(Lease lease, OAuthToken token) {
      Objects.requireNonNull(lease, "lease");
      Objects.requireNonNull(token, "token");
      checkOpen();
      return save(lease.onRecord(token), t -> leasing.saveLeased(lease, t));
    }

    @Override
    public boolean release(Lease lease) {
      checkOpen();
      return leasing.release(lease);
    }

    @Override
    public Optional<Duration> countRefresh(Lease lease, int budget, Duration window) {
      checkOpen();
      return leasing.countRefresh(lease, budget, window);
    }
  }

  // ---- rekey ----

  long rekey(LongConsumer progress) {
    long seen = 0;
    long rewritten = 0;
    for (OAuthToken listed : inner.getTokens()) {
      rewriteLock.writeLock().lock();
      try {
        Optional<OAuthToken> current = inner.findTokenById(Objects.requireNonNull(listed.id(), "a listed record has an id"));
        if (current.isPresent()) {
          OAuthToken r = current.get();
          OAuthToken.Builder update = OAuthToken.builder().id(r.id());
          boolean stale = false;
          for (Column c : columns) {
            String v = c.get.apply(r);
            if (present(v) && Keys.keyId(v) != c.primary()) {
              c.set.accept(update, c.seal(c.open(r, v)));
              stale = true;
            }
          }
          if (stale) {
            OAuthToken saved = inner.saveToken(update.build());
            // Deleted by another process between the read and the save, the record was inserted again with only
            // the rewritten fields: delete it again.
            if (saved.userName() == null && r.userName() != null || saved.clientId() == null && r.clientId() != null
                || saved.expiryTime() == null && r.expiryTime() != null
                || saved.redirectUrl() == null && r.redirectUrl() != null
                || saved.apiDomain() == null && r.apiDomain() != null) {
              inner.deleteToken(Objects.requireNonNull(saved.id(), "a saved record has an id"));
            } else {
              rewritten++;
            }
          }
        }
      } finally {
        rewriteLock.writeLock().unlock();
      }
      progress.accept(++seen);
    }
    return rewritten;
  }

  // ---- encryption ----

  private Optional<OAuthToken> findRaw(MatchKey key) {
    Column c = lookups.get(key.field());
    if (c == null) {
      return inner.findToken(probe(key.field(), key.value()));
    }
    for (int id : keys.lookupKeys()) {
      Optional<OAuthToken> found = inner.findToken(probe(key.field(), c.sealUnder(id, key.value())));
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  // A probe whose match key is this field (the credentials a grant or refresh token needs are not compared).
  private static OAuthToken probe(Field f, String value) {
    OAuthToken.Builder b = OAuthToken.builder();
    switch (f) {
      case ID -> b.id(value);
      case USER_NAME -> b.userName(value);
      case ACCESS_TOKEN -> b.accessToken(value);
      case REFRESH_TOKEN -> b.clientId("-").clientSecret("-").refreshToken(value);
      case GRANT_TOKEN -> b.clientId("-").clientSecret("-").grantToken(value);
    }
    return b.build();
  }

  private OAuthToken encrypt(OAuthToken t) {
    OAuthToken.Builder b = t.toBuilder();
    for (Column c : columns) {
      String v = c.get.apply(t);
      if (present(v)) {
        c.set.accept(b, c.seal(v));
      }
    }
    return b.build();
  }

  private OAuthToken decrypt(OAuthToken r) {
    OAuthToken.Builder b = r.toBuilder();
    for (Column c : columns) {
      String v = c.get.apply(r);
      if (present(v)) {
        c.set.accept(b, c.open(r, v));
      }
    }
    return b.build();
  }
}
