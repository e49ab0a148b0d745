package io.tokenstore.encryption;

import io.tokenstore.DuplicateTokenException;
import io.tokenstore.OAuthToken;
import io.tokenstore.TokenStore;
import io.tokenstore.TokenStoreException;
import io.tokenstore.spi.MatchKey;
import io.tokenstore.spi.MatchKey.Field;
import io.tokenstore.spi.Tokens;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
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
final class EncryptedTokenStore implements TokenStore {
  /** The fields encrypted; all but the client secret are looked up by value. */
  private static final Field[] LOOKUP = {Field.ACCESS_TOKEN, Field.REFRESH_TOKEN, Field.GRANT_TOKEN};

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
  private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
  private final byte[] adAccess;
  private final byte[] adRefresh;
  private final byte[] adGrant;
  private final byte[] adSecret;
  private final Map<String, String> openedAccess = new ConcurrentHashMap<>();
  private final Map<String, String> openedRefresh = new ConcurrentHashMap<>();
  private final Map<String, String> openedGrant = new ConcurrentHashMap<>();
  private final Map<String, String> openedSecret = new ConcurrentHashMap<>();
  // Plaintext → ciphertext under the primary key, for lookups (deterministic, so cacheable; never the secret).
  private final Map<String, String> sealedAccess = new ConcurrentHashMap<>();
  private final Map<String, String> sealedRefresh = new ConcurrentHashMap<>();
  private final Map<String, String> sealedGrant = new ConcurrentHashMap<>();

  EncryptedTokenStore(TokenStore inner, Keys keys, String namespace, String maskedUri) {
    this.inner = inner;
    this.keys = keys;
    this.description = "encrypted " + inner;
    this.rewriteLock = REWRITE_LOCKS.computeIfAbsent(maskedUri + "\u0000" + namespace,
        k -> new ReentrantReadWriteLock());
    this.adAccess = associated(namespace, "accessToken");
    this.adRefresh = associated(namespace, "refreshToken");
    this.adGrant = associated(namespace, "grantToken");
    this.adSecret = associated(namespace, "clientSecret");
  }

  // Binds a ciphertext to its field and namespace: moved elsewhere, it does not decrypt.
  private static byte[] associated(String namespace, String field) {
    return ("tokenstore/1/" + namespace + "/" + field).getBytes(StandardCharsets.UTF_8);
  }

  private Map<String, String> opened(Field f) {
    return switch (f) {
      case ACCESS_TOKEN -> openedAccess;
      case REFRESH_TOKEN -> openedRefresh;
      case GRANT_TOKEN -> openedGrant;
      default -> throw new IllegalArgumentException(f.property() + " is not encrypted");
    };
  }

  private Map<String, String> sealed(Field f) {
    return switch (f) {
      case ACCESS_TOKEN -> sealedAccess;
      case REFRESH_TOKEN -> sealedRefresh;
      case GRANT_TOKEN -> sealedGrant;
      default -> throw new IllegalArgumentException(f.property() + " is not encrypted");
    };
  }

  private static void remember(Map<String, String> cache, String key, String value) {
    if (cache.size() >= CACHE_LIMIT) {
      cache.clear();
    }
    cache.put(key, value);
  }

  /** The value under a lookup key: the primary's ciphertext from the cache, others computed. */
  private String seal(int keyId, Field f, String value) {
    if (keyId != keys.sivPrimary()) {
      return keys.sealLookup(keyId, value, ad(f));
    }
    Map<String, String> cache = sealed(f);
    String ct = cache.get(value);
    if (ct == null) {
      ct = keys.sealLookup(keyId, value, ad(f));
      remember(cache, value, ct);
    }
    return ct;
  }

  private byte[] ad(Field f) {
    return switch (f) {
      case ACCESS_TOKEN -> adAccess;
      case REFRESH_TOKEN -> adRefresh;
      case GRANT_TOKEN -> adGrant;
      default -> throw new IllegalArgumentException(f.property() + " is not encrypted");
    };
  }

  /**
   * Refuses, before any call, a store holding plaintext secrets or values of keys this keyset lacks: the first
   * means the store was written without encryption, the second a wrong keyset.
   */
  void verify() {
    for (OAuthToken r : inner.getTokens()) {
      for (String field : new String[] {"accessToken", "refreshToken", "grantToken", "clientSecret"}) {
        String v = raw(r, field);
        if (v == null || v.isEmpty()) {
          continue;
        }
        int id = Keys.keyId(v);
        if (id == -1) {
          throw new IllegalArgumentException("option 'keyset': " + inner + " holds plaintext tokens (record "
              + r.id() + "'s " + field + "): it was written without encryption. Copy it into an encrypted "
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

  private static @Nullable String raw(OAuthToken r, String field) {
    return switch (field) {
      case "accessToken" -> r.accessToken();
      case "refreshToken" -> r.refreshToken();
      case "grantToken" -> r.grantToken();
      default -> r.clientSecret();
    };
  }

  // ---- the six operations ----

  // Before any work of this layer, as the store below does it (LIFE-1: a closed store refuses every call).
  private void checkOpen() {
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
      return inner.findToken(OAuthToken.builder().build()); // nothing, or the closed store's error
    }
    return findRaw(key.get()).map(this::decrypt);
  }

  @Override
  public OAuthToken saveToken(OAuthToken token) {
    Objects.requireNonNull(token, "token");
    checkOpen();
    Tokens.requireSavable(token);
    List<Integer> ids = keys.lookupKeys();
    rewriteLock.readLock().lock();
    try {
      return ids.size() == 1 ? decrypt(inner.saveToken(encrypt(token))) : saveAcrossKeys(token, ids);
    } finally {
      rewriteLock.readLock().unlock();
    }
  }

  private OAuthToken saveAcrossKeys(OAuthToken token, List<Integer> ids) {
    synchronized (rewriteLock) {
      // Several keys: the record a key finds, and the owners of each value, may be under an older one.
      Optional<OAuthToken> existing = MatchKey.of(token).flatMap(this::findRaw);
      for (Field f : LOOKUP) {
        String v = f.of(token);
        if (v == null || v.isEmpty()) {
          continue;
        }
        for (int i = 1; i < ids.size(); i++) {
          Optional<OAuthToken> owner = inner.findToken(probe(f, keys.sealLookup(ids.get(i), v, ad(f))));
          if (owner.isPresent() && (existing.isEmpty() || !owner.get().id().equals(existing.get().id()))) {
            throw new DuplicateTokenException(f.property());
          }
        }
      }
      OAuthToken target = existing.isPresent() && token.id() == null
          ? token.toBuilder().id(existing.get().id()).build() : token;
      return decrypt(inner.saveToken(encrypt(target)));
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

  // ---- rekey ----

  long rekey(LongConsumer progress) {
    long seen = 0;
    long rewritten = 0;
    for (OAuthToken listed : inner.getTokens()) {
      rewriteLock.writeLock().lock();
      try {
        Optional<OAuthToken> current = inner.findTokenById(listed.id());
        if (current.isPresent()) {
          OAuthToken r = current.get();
          OAuthToken.Builder update = OAuthToken.builder().id(r.id());
          boolean stale = false;
          for (Field f : LOOKUP) {
            String v = f.of(r);
            if (v != null && !v.isEmpty() && Keys.keyId(v) != keys.sivPrimary()) {
              set(update, f, keys.sealLookup(keys.sivPrimary(), open(r, f.property(), v, ad(f)), ad(f)));
              stale = true;
            }
          }
          String secret = r.clientSecret();
          if (secret != null && !secret.isEmpty() && Keys.keyId(secret) != keys.gcmPrimary()) {
            update.clientSecret(keys.sealSecret(open(r, "clientSecret", secret, adSecret), adSecret));
            stale = true;
          }
          if (stale) {
            OAuthToken saved = inner.saveToken(update.build());
            // Deleted by another process between the read and the save, the record was inserted again with only
            // the rewritten fields: delete it again.
            if (saved.userName() == null && r.userName() != null || saved.clientId() == null && r.clientId() != null
                || saved.expiryTime() == null && r.expiryTime() != null
                || saved.redirectUrl() == null && r.redirectUrl() != null
                || saved.apiDomain() == null && r.apiDomain() != null) {
              inner.deleteToken(saved.id());
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
    if (key.field() == Field.ID || key.field() == Field.USER_NAME) {
      return inner.findToken(probe(key.field(), key.value()));
    }
    for (int id : keys.lookupKeys()) {
      Optional<OAuthToken> found = inner.findToken(probe(key.field(), seal(id, key.field(), key.value())));
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

  private static void set(OAuthToken.Builder b, Field f, String value) {
    switch (f) {
      case ACCESS_TOKEN -> b.accessToken(value);
      case REFRESH_TOKEN -> b.refreshToken(value);
      case GRANT_TOKEN -> b.grantToken(value);
      default -> throw new IllegalArgumentException(f.property());
    }
  }

  private OAuthToken encrypt(OAuthToken t) {
    int primary = keys.sivPrimary();
    OAuthToken.Builder b = t.toBuilder();
    for (Field f : LOOKUP) {
      String v = f.of(t);
      if (v != null && !v.isEmpty()) {
        set(b, f, seal(primary, f, v));
      }
    }
    String secret = t.clientSecret();
    if (secret != null && !secret.isEmpty()) {
      b.clientSecret(keys.sealSecret(secret, adSecret));
    }
    return b.build();
  }

  private OAuthToken decrypt(OAuthToken r) {
    OAuthToken.Builder b = r.toBuilder();
    for (Field f : LOOKUP) {
      String v = f.of(r);
      if (v != null && !v.isEmpty()) {
        set(b, f, cachedOpen(opened(f), r, f.property(), v, ad(f)));
      }
    }
    String secret = r.clientSecret();
    if (secret != null && !secret.isEmpty()) {
      b.clientSecret(cachedOpen(openedSecret, r, "clientSecret", secret, adSecret));
    }
    return b.build();
  }

  private String cachedOpen(Map<String, String> cache, OAuthToken r, String field, String stored,
      byte[] associated) {
    String plain = cache.get(stored);
    if (plain == null) {
      plain = open(r, field, stored, associated);
      remember(cache, stored, plain);
    }
    return plain;
  }

  private String open(OAuthToken r, String field, String stored, byte[] associated) {
    if (Keys.keyId(stored) == -1) {
      throw new TokenStoreException("record " + r.id() + " of " + description + " holds a plaintext " + field
          + ": written by a store opened without the keyset");
    }
    try {
      return keys.open(stored, associated);
    } catch (GeneralSecurityException e) {
      throw new TokenStoreException("record " + r.id() + "'s " + field + " in " + description + " does not "
          + "decrypt with this keyset for this field and namespace (" + e.getMessage() + "): copied from "
          + "another field or store, or tampered with", e);
    }
  }
}
