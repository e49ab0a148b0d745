package io.tokenstore.tck;

import io.tokenstore.DuplicateTokenException;
import io.tokenstore.OAuthToken;
import io.tokenstore.TokenStore;
import io.tokenstore.spi.MatchKey;
import io.tokenstore.spi.Tokens;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A correct store written plainly, with one overridable method per step, so that each broken store in
 * {@link BrokenStores} is this store with one realistic bug. Implements {@link TokenStore} directly (not the
 * SPI base class) so that bugs the base class prevents can be written.
 */
class SimpleStore implements TokenStore {
  final List<OAuthToken> records;
  volatile boolean closed;

  SimpleStore() {
    this(new CopyOnWriteArrayList<>());
  }

  SimpleStore(List<OAuthToken> records) {
    this.records = records;
  }

  void checkOpen() {
    if (closed) {
      throw new IllegalStateException("store is closed");
    }
  }

  boolean matches(String value, String probe) {
    return value.equals(probe);
  }

  Optional<OAuthToken> lookup(MatchKey key) {
    return records.stream().filter(r -> {
      String v = key.field().of(r);
      return v != null && matches(v, key.value());
    }).findFirst();
  }

  OAuthToken merge(OAuthToken stored, OAuthToken update) {
    return Tokens.merge(stored, update);
  }

  String newId() {
    String id;
    do {
      id = Tokens.randomId();
    } while (lookup(MatchKey.id(id)).isPresent());
    return id;
  }

  void checkUnique(OAuthToken record) {
    for (MatchKey.Field f : Tokens.UNIQUE_FIELDS) {
      String v = f.of(record);
      if (v != null) {
        Optional<OAuthToken> owner = lookup(new MatchKey(f, v));
        if (owner.isPresent() && !owner.get().id().equals(record.id())) {
          throw new DuplicateTokenException(f.property());
        }
      }
    }
  }

  /** Called between finding nothing and inserting: where a racy store loses. */
  void beforeInsert() {}

  @Override
  public synchronized Optional<OAuthToken> findToken(OAuthToken probe) {
    Objects.requireNonNull(probe, "probe");
    checkOpen();
    return MatchKey.of(probe).flatMap(this::lookup);
  }

  @Override
  public synchronized OAuthToken saveToken(OAuthToken token) {
    return doSave(token);
  }

  final OAuthToken doSave(OAuthToken token) {
    Objects.requireNonNull(token, "token");
    checkOpen();
    Tokens.requireSavable(token);
    Optional<OAuthToken> found = MatchKey.of(token).flatMap(this::lookup);
    if (found.isPresent()) {
      OAuthToken merged = merge(found.get(), token);
      checkUnique(merged);
      records.set(records.indexOf(found.get()), merged);
      return merged;
    }
    beforeInsert();
    OAuthToken record = token.id() != null ? token : token.toBuilder().id(newId()).build();
    checkUnique(record);
    insert(record);
    return record;
  }

  void insert(OAuthToken record) {
    records.add(record);
  }

  @Override
  public synchronized boolean deleteToken(String id) {
    Objects.requireNonNull(id, "id");
    checkOpen();
    return records.removeIf(r -> r.id().equals(id));
  }

  @Override
  public synchronized List<OAuthToken> getTokens() {
    checkOpen();
    return List.copyOf(records);
  }

  @Override
  public synchronized void deleteTokens() {
    checkOpen();
    records.clear();
  }

  @Override
  public synchronized Optional<OAuthToken> findTokenById(String id) {
    Objects.requireNonNull(id, "id");
    checkOpen();
    return id.isEmpty() ? Optional.empty() : lookup(MatchKey.id(id));
  }

  @Override
  public void close() {
    closed = true;
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + records.size() + " records]";
  }
}
