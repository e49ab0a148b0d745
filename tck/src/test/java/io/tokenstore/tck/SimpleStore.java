package io.tokenstore.tck;

import io.tokenstore.DuplicateTokenException;
import io.tokenstore.OAuthToken;
import io.tokenstore.TokenStore;
import io.tokenstore.spi.Lease;
import io.tokenstore.spi.LeasingTokenStore;
import io.tokenstore.spi.MatchKey;
import io.tokenstore.spi.Tokens;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A correct store written plainly, with one overridable method per step, so that each broken store in
 * {@link BrokenStores} is this store with one realistic bug. Implements {@link TokenStore} directly (not the
 * SPI base class) so that bugs the base class prevents can be written. It has the methods of
 * {@link LeasingTokenStore} without declaring it, so that the broken stores of other rules skip the LEASE rules;
 * {@link Leasing} declares it. Leases and counted refreshes live in maps shared, like the records, by every object
 * on the same records; the lease map's monitor orders grants, fenced saves, counts and releases.
 */
class SimpleStore implements TokenStore {
  final List<OAuthToken> records;
  final Map<String, Held> leases;
  /** Per record, the {@link System#nanoTime} at which each counted refresh leaves its window. */
  final Map<String, List<Long>> counted;
  volatile boolean closed;

  /** A live or expired lease: its holder and its deadline in {@link System#nanoTime} terms. */
  record Held(String holder, long deadline) {}

  SimpleStore() {
    this(new CopyOnWriteArrayList<>());
  }

  SimpleStore(List<OAuthToken> records) {
    this(records, new ConcurrentHashMap<>(), new ConcurrentHashMap<>());
  }

  SimpleStore(List<OAuthToken> records, Map<String, Held> leases, Map<String, List<Long>> counted) {
    this.records = records;
    this.leases = leases;
    this.counted = counted;
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

  boolean live(@Nullable Held h) {
    return h != null && h.deadline() - System.nanoTime() > 0;
  }

  /** Whether the lease on the record now refuses a new one. */
  boolean refuses(@Nullable Held current) {
    return live(current);
  }

  final boolean holds(Lease lease) {
    Held h = leases.get(lease.id());
    return live(h) && h.holder().equals(lease.holder());
  }

  /** The check of a fenced save. */
  boolean fenceHolds(Lease lease) {
    return holds(lease);
  }

  /** The check of a release. */
  boolean releasable(Lease lease) {
    return holds(lease);
  }

  /** Whether a fenced save may write the leased record: it exists. */
  boolean fenceFinds(Lease lease) {
    return lookup(MatchKey.id(lease.id())).isPresent();
  }

  /** Called after a lease is granted. */
  void granted(Lease lease) {}

  public Optional<Lease> tryLease(String id, Duration time) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(time, "time");
    checkOpen();
    if (id.isEmpty()) {
      throw new IllegalArgumentException("id must not be empty");
    }
    Lease lease = new Lease(id, UUID.randomUUID().toString());
    synchronized (leases) {
      if (refuses(leases.get(id))) {
        return Optional.empty();
      }
      leases.put(id, new Held(lease.holder(), System.nanoTime() + time.toNanos()));
    }
    granted(lease);
    return Optional.of(lease);
  }

  public Optional<OAuthToken> saveLeased(Lease lease, OAuthToken token) {
    Objects.requireNonNull(lease, "lease");
    Objects.requireNonNull(token, "token");
    checkOpen();
    if (token.id() != null && !token.id().equals(lease.id())) {
      throw new IllegalArgumentException("token names another record than the lease");
    }
    OAuthToken withId = token.toBuilder().id(lease.id()).build();
    synchronized (leases) {
      if (!fenceHolds(lease)) {
        return Optional.empty();
      }
      synchronized (this) {
        return fenceFinds(lease) ? Optional.of(doSave(withId)) : Optional.empty();
      }
    }
  }

  /** The check of a count. */
  boolean countHolds(Lease lease) {
    return holds(lease);
  }

  /** Whether a count that ends at {@code end} still counts. */
  boolean counts(long end) {
    return end - System.nanoTime() > 0;
  }

  /** Called after a refusal, with the record's counts. */
  void refused(List<Long> ends, Duration window) {}

  public Optional<Duration> countRefresh(Lease lease, int budget, Duration window) {
    Objects.requireNonNull(lease, "lease");
    Objects.requireNonNull(window, "window");
    checkOpen();
    if (budget < 1 || window.compareTo(Duration.ofMillis(1)) < 0 || window.compareTo(Duration.ofDays(1)) > 0) {
      throw new IllegalArgumentException("budget must be at least 1 and window between 1 ms and 1 day");
    }
    synchronized (leases) {
      if (!countHolds(lease)) {
        return Optional.empty();
      }
      List<Long> ends = counted.computeIfAbsent(lease.id(), k -> new ArrayList<>());
      ends.removeIf(end -> !counts(end));
      long now = System.nanoTime();
      if (ends.size() >= budget) {
        List<Long> sorted = ends.stream().sorted().collect(Collectors.toList());
        refused(ends, window);
        return Optional.of(Duration.ofNanos(Math.max(1, sorted.get(sorted.size() - budget) - now)));
      }
      ends.add(now + window.toNanos());
      return Optional.of(Duration.ZERO);
    }
  }

  public boolean release(Lease lease) {
    Objects.requireNonNull(lease, "lease");
    checkOpen();
    synchronized (leases) {
      if (!releasable(lease)) {
        return false;
      }
      leases.remove(lease.id());
      return true;
    }
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

  /** The correct store, declaring its leases. */
  static class Leasing extends SimpleStore implements LeasingTokenStore {
    Leasing() {}

    Leasing(List<OAuthToken> records, Map<String, Held> leases, Map<String, List<Long>> counted) {
      super(records, leases, counted);
    }
  }
}
