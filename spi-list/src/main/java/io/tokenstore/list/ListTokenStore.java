package io.tokenstore.list;

import io.tokenstore.OAuthToken;
import io.tokenstore.internal.JvmLeases;
import io.tokenstore.spi.AbstractLeasingTokenStore;
import io.tokenstore.spi.Lease;
import io.tokenstore.spi.MatchKey;
import io.tokenstore.spi.Tokens;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/** A list of immutable records under a read/write lock; every operation scans it. Leases are kept beside it. */
final class ListTokenStore extends AbstractLeasingTokenStore {
  private final Records records;

  ListTokenStore(Records records, String description) {
    super(description);
    this.records = records;
  }

  /** The records of one store; shared by every open of a named store. Guarded by its lock. */
  static final class Records {
    final List<OAuthToken> list = new ArrayList<>();
    final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    final JvmLeases leases = new JvmLeases();

    // Caller holds the lock.
    int indexOf(MatchKey key) {
      for (int i = 0; i < list.size(); i++) {
        if (key.matches(list.get(i))) {
          return i;
        }
      }
      return -1;
    }

    // Caller holds the lock.
    Optional<OAuthToken> find(MatchKey key) {
      int i = indexOf(key);
      return i < 0 ? Optional.empty() : Optional.of(list.get(i));
    }
  }

  @Override
  protected Optional<OAuthToken> find(MatchKey key) {
    Lock read = records.lock.readLock();
    read.lock();
    try {
      return records.find(key);
    } finally {
      read.unlock();
    }
  }

  @Override
  protected OAuthToken save(OAuthToken token) {
    Lock write = records.lock.writeLock();
    write.lock();
    try {
      Tokens.Upsert upsert = Tokens.upsert(token, records::find,
          id -> records.indexOf(MatchKey.id(id)) >= 0);
      if (upsert.inserts()) {
        records.list.add(upsert.record());
      } else {
        records.list.set(records.indexOf(MatchKey.id(Objects.requireNonNull(upsert.record().id(), "an upserted record has an id"))), upsert.record());
      }
      return upsert.record();
    } finally {
      write.unlock();
    }
  }

  @Override
  protected boolean lease(Lease lease, Duration time) {
    return records.leases.grant(lease, time);
  }

  @Override
  protected Optional<OAuthToken> saveIfLive(Lease lease, OAuthToken token) {
    // As memory does: the record's existence checked under the write lock, so a deleted record is not re-created.
    return records.leases.whileLive(lease, () -> {
      Lock write = records.lock.writeLock();
      write.lock();
      try {
        return records.indexOf(MatchKey.id(lease.id())) >= 0 ? Optional.of(save(token)) : Optional.<OAuthToken>empty();
      } finally {
        write.unlock();
      }
    }).flatMap(saved -> saved);
  }

  @Override
  protected boolean releaseIfLive(Lease lease) {
    return records.leases.release(lease);
  }

  @Override
  protected Optional<Duration> countIfLive(Lease lease, int budget, Duration window) {
    return records.leases.count(lease, budget, window);
  }

  @Override
  protected boolean delete(String id) {
    Lock write = records.lock.writeLock();
    write.lock();
    try {
      int i = records.indexOf(MatchKey.id(id));
      if (i < 0) {
        return false;
      }
      records.list.remove(i);
      return true;
    } finally {
      write.unlock();
    }
  }

  @Override
  protected List<OAuthToken> list() {
    Lock read = records.lock.readLock();
    read.lock();
    try {
      return List.copyOf(records.list);
    } finally {
      read.unlock();
    }
  }

  @Override
  protected void deleteAll() {
    Lock write = records.lock.writeLock();
    write.lock();
    try {
      records.list.clear();
    } finally {
      write.unlock();
    }
  }

  @Override
  protected void closeBackend() {
    // Nothing to release: a named store's records stay for the next open.
  }
}
