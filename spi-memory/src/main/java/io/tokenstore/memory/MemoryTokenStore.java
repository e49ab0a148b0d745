package io.tokenstore.memory;

import io.tokenstore.OAuthToken;
import io.tokenstore.internal.JvmLeases;
import io.tokenstore.spi.AbstractLeasingTokenStore;
import io.tokenstore.spi.Lease;
import io.tokenstore.spi.MatchKey;
import io.tokenstore.spi.Tokens;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * Hash maps from id and from each unique value to the (immutable) record. Readers take no lock and always see a
 * whole record of one save; writers take one lock, so the check-then-write of an upsert is atomic. Leases are kept beside the records, shared
 * by every open of a named store.
 */
final class MemoryTokenStore extends AbstractLeasingTokenStore {
  private final Data data;

  MemoryTokenStore(Data data, String description) {
    super(description);
    this.data = data;
  }

  /** The records of one store; shared by every open of a named store. Thread-safe. */
  static final class Data {
    final Map<String, OAuthToken> byId = new ConcurrentHashMap<>();
    final Map<MatchKey.Field, Map<String, OAuthToken>> byValue = new EnumMap<>(MatchKey.Field.class);
    final ReentrantLock writeLock = new ReentrantLock();
    final JvmLeases leases = new JvmLeases();

    Data() {
      for (MatchKey.Field f : Tokens.UNIQUE_FIELDS) {
        byValue.put(f, new ConcurrentHashMap<>());
      }
    }

    Optional<OAuthToken> find(MatchKey key) {
      Map<String, OAuthToken> index = key.field() == MatchKey.Field.ID ? byId
          : Objects.requireNonNull(byValue.get(key.field()));
      return Optional.ofNullable(index.get(key.value()));
    }

    // Called under writeLock.
    void put(OAuthToken record) {
      byId.put(record.id(), record);
      for (MatchKey.Field f : Tokens.UNIQUE_FIELDS) {
        String value = f.of(record);
        if (value != null) {
          Objects.requireNonNull(byValue.get(f)).put(value, record);
        }
      }
    }

    // Called under writeLock; removes the index entries of {@code old} that {@code replacement} does not reuse.
    void unindex(OAuthToken old, @Nullable OAuthToken replacement) {
      for (MatchKey.Field f : Tokens.UNIQUE_FIELDS) {
        String value = f.of(old);
        if (value != null && (replacement == null || !value.equals(f.of(replacement)))) {
          Objects.requireNonNull(byValue.get(f)).remove(value, old);
        }
      }
    }
  }

  @Override
  protected Optional<OAuthToken> find(MatchKey key) {
    return data.find(key);
  }

  @Override
  protected OAuthToken save(OAuthToken token) {
    data.writeLock.lock();
    try {
      Tokens.Upsert upsert = Tokens.upsert(token, data::find, data.byId::containsKey);
      data.put(upsert.record());
      if (upsert.previous() != null) {
        data.unindex(upsert.previous(), upsert.record());
      }
      return upsert.record();
    } finally {
      data.writeLock.unlock();
    }
  }

  @Override
  protected boolean lease(Lease lease, Duration time) {
    return data.leases.grant(lease, time);
  }

  @Override
  protected Optional<OAuthToken> saveIfLive(Lease lease, OAuthToken token) {
    // The record's existence checked under the write lock, as the save is: a fenced save never re-creates a
    // record deleted since the lease was granted.
    return data.leases.whileLive(lease, () -> {
      data.writeLock.lock();
      try {
        return data.byId.containsKey(lease.id()) ? Optional.of(save(token)) : Optional.<OAuthToken>empty();
      } finally {
        data.writeLock.unlock();
      }
    }).flatMap(saved -> saved);
  }

  @Override
  protected boolean releaseIfLive(Lease lease) {
    return data.leases.release(lease);
  }

  @Override
  protected Optional<Duration> countIfLive(Lease lease, int budget, Duration window) {
    return data.leases.count(lease, budget, window);
  }

  @Override
  protected boolean delete(String id) {
    data.writeLock.lock();
    try {
      OAuthToken old = data.byId.remove(id);
      if (old == null) {
        return false;
      }
      data.unindex(old, null);
      return true;
    } finally {
      data.writeLock.unlock();
    }
  }

  @Override
  protected List<OAuthToken> list() {
    return List.copyOf(data.byId.values());
  }

  @Override
  protected void deleteAll() {
    data.writeLock.lock();
    try {
      data.byId.clear();
      data.byValue.values().forEach(Map::clear);
    } finally {
      data.writeLock.unlock();
    }
  }

  @Override
  protected void closeBackend() {
    // Nothing to release: a named store's records stay for the next open.
  }
}
