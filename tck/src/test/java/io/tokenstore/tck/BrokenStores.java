package io.tokenstore.tck;

import io.tokenstore.DuplicateTokenException;
import io.tokenstore.OAuthToken;
import io.tokenstore.spi.MatchKey;
import io.tokenstore.spi.Tokens;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import io.tokenstore.spi.Lease;
import org.jspecify.annotations.Nullable;

/** Stores with one realistic bug each, taken from the token stores of the Zoho SDKs and their users. */
final class BrokenStores {
  private BrokenStores() {}

  // How long a racy mutant holds one thread for a second to arrive, so the race it loses happens every run;
  // bounded so a test that runs one thread at a time is only slowed, never hung.
  private static final Duration PARTNER_WAIT = Duration.ofSeconds(1);

  /** Writes the given token over the stored one: fields the caller left out are lost. */
  static final class ReplaceInsteadOfMerge extends SimpleStore {
    @Override
    OAuthToken merge(OAuthToken stored, OAuthToken update) {
      return update.toBuilder().id(stored.id()).build();
    }
  }

  /** {@code SELECT * FROM oauthtoken} with no WHERE when the probe has no key: returns the first row. */
  static final class MatchAnyOnKeylessProbe extends SimpleStore {
    @Override
    public synchronized Optional<OAuthToken> findToken(OAuthToken probe) {
      Optional<OAuthToken> found = super.findToken(probe);
      return MatchKey.of(probe).isEmpty() ? records.stream().findFirst() : found;
    }
  }

  /** Tries the next key when the deciding one finds nothing. */
  static final class FallbackToWeakerKey extends SimpleStore {
    @Override
    public synchronized Optional<OAuthToken> findToken(OAuthToken probe) {
      checkOpen();
      boolean creds = probe.clientId() != null && probe.clientSecret() != null;
      List<MatchKey> keys = new ArrayList<>();
      if (probe.id() != null) {
        keys.add(MatchKey.id(probe.id()));
      }
      if (probe.userName() != null) {
        keys.add(new MatchKey(MatchKey.Field.USER_NAME, probe.userName()));
      }
      if (probe.accessToken() != null && probe.clientId() == null && probe.clientSecret() == null) {
        keys.add(new MatchKey(MatchKey.Field.ACCESS_TOKEN, probe.accessToken()));
      }
      if (creds && probe.grantToken() != null) {
        keys.add(new MatchKey(MatchKey.Field.GRANT_TOKEN, probe.grantToken()));
      }
      if (creds && probe.refreshToken() != null) {
        keys.add(new MatchKey(MatchKey.Field.REFRESH_TOKEN, probe.refreshToken()));
      }
      return keys.stream().map(this::lookup).flatMap(Optional::stream).findFirst();
    }
  }

  /** No unique index: a second record may take a user name or a token. */
  static final class NoUniqueness extends SimpleStore {
    NoUniqueness() {}

    NoUniqueness(List<OAuthToken> records) {
      super(records);
    }

    @Override
    void checkUnique(OAuthToken record) {}
  }

  /** A case-insensitive collation (MySQL's default) on the key columns. */
  static final class CaseInsensitive extends SimpleStore {
    @Override
    boolean matches(String value, String probe) {
      return value.equalsIgnoreCase(probe);
    }
  }

  /** A debugging {@code toString} that prints the last token saved. */
  static final class SecretInToString extends SimpleStore {
    private volatile String last = "";

    @Override
    public synchronized OAuthToken saveToken(OAuthToken token) {
      OAuthToken saved = super.saveToken(token);
      last = saved.accessToken() + "/" + saved.refreshToken();
      return saved;
    }

    @Override
    public String toString() {
      return "SecretInToString[last=" + last + "]";
    }
  }

  /** Returns an unmodifiable view of its live list instead of a snapshot. */
  static final class LiveList extends SimpleStore {
    @Override
    public synchronized List<OAuthToken> getTokens() {
      checkOpen();
      return Collections.unmodifiableList(records);
    }
  }

  /** Checks, then inserts, without a lock: concurrent first saves of one user both insert. */
  static final class RacyUpsert extends SimpleStore {
    // Updates are locked and correct; the insert path checks, waits, then inserts without the lock.
    @Override
    public OAuthToken saveToken(OAuthToken token) {
      synchronized (this) {
        if (MatchKey.of(token).flatMap(this::lookup).isPresent()) {
          return doSave(token);
        }
      }
      return doSave(token);
    }

    // Once, on a thread other than the test's own, holds the first inserter until a second one has also found
    // nothing: the two then both insert, every run.
    private final Thread owner = Thread.currentThread();
    private final CyclicBarrier pair = new CyclicBarrier(2);
    private final AtomicBoolean raceShown = new AtomicBoolean();

    @Override
    void beforeInsert() {
      if (Thread.currentThread() == owner || raceShown.get()) {
        return;
      }
      try {
        pair.await(PARTNER_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException | BrokenBarrierException e) {
        // no second saver came: insert alone
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        raceShown.set(true);
      }
    }
  }

  /** Keeps working after close. */
  static final class NoErrorAfterClose extends SimpleStore {
    @Override
    void checkOpen() {}
  }

  /** A store with a value-to-id index ({@code field:value}), cleaned on every delete; its subclasses get it wrong. */
  abstract static class Indexed extends SimpleStore {
    final Map<String, String> index = new ConcurrentHashMap<>();

    @Override
    public synchronized boolean deleteToken(String id) {
      boolean deleted = super.deleteToken(id);
      index.values().removeIf(id::equals);
      return deleted;
    }

    @Override
    public synchronized void deleteTokens() {
      index.clear();
      super.deleteTokens();
    }
  }

  /** A unique index of every value ever saved, cleaned on delete but not when an update replaces a value. */
  static final class StaleIndexOnUpdate extends Indexed {

    @Override
    void checkUnique(OAuthToken record) {
      for (MatchKey.Field f : Tokens.UNIQUE_FIELDS) {
        String owner = f.of(record) == null ? null : index.get(f + ":" + f.of(record));
        if (owner != null && !owner.equals(record.id())) {
          throw new DuplicateTokenException(f.property());
        }
      }
      for (MatchKey.Field f : Tokens.UNIQUE_FIELDS) {
        if (f.of(record) != null) {
          index.put(f + ":" + f.of(record), record.id());
        }
      }
    }
  }

  /**
   * Claims each new value in a unique index as it checks it (one step, not a check and a write, as the Redis
   * script does), but a refused save does not take back the claims made before the duplicate: a value of a
   * record that was never stored stays taken.
   */
  static final class ClaimsKeptAfterRefusal extends Indexed {

    @Override
    void checkUnique(OAuthToken record) {
      Set<String> held = new HashSet<>();
      for (MatchKey.Field f : Tokens.UNIQUE_FIELDS) {
        if (f.of(record) != null) {
          String entry = f + ":" + f.of(record);
          String owner = index.putIfAbsent(entry, record.id());
          if (owner != null && !owner.equals(record.id())) {
            throw new DuplicateTokenException(f.property());
          }
          held.add(entry);
        }
      }
      index.entrySet().removeIf(e -> e.getValue().equals(record.id()) && !held.contains(e.getKey()));
    }
  }

  /**
   * A lookup index (value to id, as the Redis layout keeps) that a save adds to and a delete cleans, but an update
   * never cleans: a replaced access, refresh or grant token or user name still finds the record.
   */
  static final class StaleLookupAfterUpdate extends Indexed {

    @Override
    void checkUnique(OAuthToken record) {
      super.checkUnique(record);
      for (MatchKey.Field f : Tokens.UNIQUE_FIELDS) {
        if (f.of(record) != null) {
          index.put(f + ":" + f.of(record), record.id());
        }
      }
    }

    @Override
    public synchronized Optional<OAuthToken> findToken(OAuthToken probe) {
      Optional<MatchKey> key = MatchKey.of(Objects.requireNonNull(probe, "probe"));
      if (key.isPresent() && key.get().field() != MatchKey.Field.ID) {
        String id = index.get(key.get().field() + ":" + key.get().value());
        if (id != null) {
          return findTokenById(id);
        }
      }
      return super.findToken(probe);
    }
  }

  /** Says it deleted something whether or not it did. */
  static final class DeleteAlwaysTrue extends SimpleStore {
    @Override
    public synchronized boolean deleteToken(String id) {
      super.deleteToken(id);
      return true;
    }
  }

  /** Lets a null argument fail deep inside, with a message that names no parameter. */
  static final class NullWithoutName extends SimpleStore {
    @Override
    public synchronized Optional<OAuthToken> findToken(OAuthToken probe) {
      checkOpen();
      return keyOf(probe).flatMap(this::lookup);
    }

    private static Optional<MatchKey> keyOf(OAuthToken t) {
      return t.id() != null ? Optional.of(MatchKey.id(t.id())) : MatchKey.of(t);
    }
  }

  /** Ids from the record count (the Zoho samples' max+1): after a delete, a new id overwrites another record. */
  static final class CountingIds extends SimpleStore {
    @Override
    String newId() {
      return String.valueOf(records.size() + 1);
    }

    @Override
    void insert(OAuthToken record) {
      records.removeIf(r -> r.id().equals(record.id()));
      records.add(record);
    }
  }

  /** UUIDs for ids: too long for the Zoho schema's varchar(10). */
  static final class UuidIds extends SimpleStore {
    @Override
    String newId() {
      return UUID.randomUUID().toString();
    }
  }

  /** Throws for an unknown id, as one of the Zoho SDK stores does. */
  static final class ThrowsOnUnknownId extends SimpleStore {
    @Override
    public synchronized Optional<OAuthToken> findTokenById(String id) {
      return Optional.of(super.findTokenById(id).orElseThrow(
          () -> new NoSuchElementException("no token with id " + id)));
    }
  }

  /**
   * Writes a record's fields one at a time where readers can see them (as a store of one key per field would);
   * saves are serialized, reads are not.
   */
  static final class TornWrites extends SimpleStore {
    private final Map<String, String[]> live = new ConcurrentHashMap<>();
    private final Object writeLock = new Object();

    @Override
    public OAuthToken saveToken(OAuthToken token) {
      users.add(Thread.currentThread());
      synchronized (writeLock) {
        OAuthToken saved = super.saveToken(token);
        String[] fields = live.computeIfAbsent(saved.id(), id -> new String[5]);
        fields[0] = saved.accessToken();
        fields[1] = saved.refreshToken();
        awaitTornRead();
        fields[2] = saved.clientSecret();
        fields[3] = saved.grantToken();
        fields[4] = saved.apiDomain();
        return saved;
      }
    }

    // Set while a write is half done; a reader that sees it set reads the half-written fields, then releases it.
    private volatile @Nullable CountDownLatch halfWritten;

    // Once, when another thread uses the store too, the first half-done write waits for a read to see it.
    private void awaitTornRead() {
      Thread self = Thread.currentThread();
      if (tornReadShown || users.stream().noneMatch(t -> t != self && t.isAlive())) {
        return;
      }
      tornReadShown = true;
      CountDownLatch seen = new CountDownLatch(1);
      halfWritten = seen;
      try {
        seen.await(PARTNER_WAIT.toMillis(), TimeUnit.MILLISECONDS); // no reader came: finish the write
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        halfWritten = null;
      }
    }

    private final Set<Thread> users = ConcurrentHashMap.newKeySet();
    private volatile boolean tornReadShown;

    private Optional<OAuthToken> fromLive(Optional<OAuthToken> found) {
      CountDownLatch torn = halfWritten;
      Optional<OAuthToken> read = found.map(r -> {
        String[] f = live.get(r.id());
        return f == null ? r : r.toBuilder().accessToken(f[0]).refreshToken(f[1]).clientSecret(f[2])
            .grantToken(f[3]).apiDomain(f[4]).build();
      });
      if (torn != null) {
        torn.countDown();
      }
      return read;
    }

    @Override
    public Optional<OAuthToken> findToken(OAuthToken probe) {
      users.add(Thread.currentThread());
      return fromLive(super.findToken(probe));
    }

    @Override
    public Optional<OAuthToken> findTokenById(String id) {
      users.add(Thread.currentThread());
      return fromLive(super.findTokenById(id));
    }

    @Override
    public synchronized boolean deleteToken(String id) {
      boolean deleted = super.deleteToken(id);
      live.remove(id);
      return deleted;
    }

    @Override
    public synchronized void deleteTokens() {
      live.clear();
      super.deleteTokens();
    }
  }

  /**
   * Compares keys in a column that cannot hold characters beyond the Basic Multilingual Plane (MySQL's 3-byte
   * {@code utf8} in a lenient SQL mode stores each as {@code ?}), while the values themselves are kept exactly:
   * {@code u😀}, {@code u😁} and {@code u?} are one key.
   */
  static final class BmpOnlyKeys extends SimpleStore {
    @Override
    boolean matches(String value, String probe) {
      return bmpOnly(value).equals(bmpOnly(probe));
    }

    private static String bmpOnly(String s) {
      StringBuilder b = new StringBuilder(s.length());
      s.codePoints().forEach(c -> b.append(Character.isBmpCodePoint(c) ? (char) c : '?'));
      return b.toString();
    }
  }

  /**
   * Deletes a record in two steps, the record and then its unique-index entries (two round trips, no
   * transaction); a save between them finds no record by its key but sees the user name taken, and reports a
   * duplicate where it should insert. A latch makes that interleaving happen every time rather than once in a
   * while: once per store, a delete from a thread other than the one that opened the store waits between its
   * steps until a save has run in between (bounded). Deletes from the opening thread never wait, so the
   * single-threaded rules see a correct store.
   */
  static final class TwoStepDelete extends SimpleStore {
    private final Thread opener = Thread.currentThread();
    // Deleted records whose index entries are still there.
    private final Set<OAuthToken> ghosts = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean paused = new AtomicBoolean();
    private final CountDownLatch saveInBetween = new CountDownLatch(1);

    @Override
    void checkUnique(OAuthToken record) {
      super.checkUnique(record);
      for (OAuthToken ghost : ghosts) {
        for (MatchKey.Field f : Tokens.UNIQUE_FIELDS) {
          if (f.of(record) != null && f.of(record).equals(f.of(ghost)) && !ghost.id().equals(record.id())) {
            throw new DuplicateTokenException(f.property());
          }
        }
      }
    }

    @Override
    public synchronized OAuthToken saveToken(OAuthToken token) {
      boolean inBetween = !ghosts.isEmpty();
      try {
        return super.saveToken(token);
      } finally {
        if (inBetween) {
          saveInBetween.countDown();
        }
      }
    }

    @Override
    public boolean deleteToken(String id) {
      OAuthToken removed;
      synchronized (this) {
        java.util.Objects.requireNonNull(id, "id");
        checkOpen();
        removed = records.stream().filter(r -> r.id().equals(id)).findFirst().orElse(null);
        if (removed == null) {
          return false;
        }
        records.remove(removed);
        ghosts.add(removed);
      }
      try {
        if (Thread.currentThread() != opener && paused.compareAndSet(false, true)) {
          saveInBetween.await(20, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        synchronized (this) {
          ghosts.remove(removed);
        }
      }
      return true;
    }
  }

  /**
   * {@code WHERE user_name = ? OR access_token = ? ... ORDER BY updated DESC LIMIT 1}: when the user name and a
   * token of the probe name two records, the newer one wins, not the user name's.
   */
  static final class NewerRowWins extends SimpleStore {
    @Override
    public synchronized Optional<OAuthToken> findToken(OAuthToken probe) {
      Optional<OAuthToken> decided = super.findToken(probe);
      if (decided.isEmpty() || probe.id() != null || probe.userName() == null) {
        return decided;
      }
      Optional<OAuthToken> byToken = MatchKey.of(probe.toBuilder().userName(null).build()).flatMap(this::lookup);
      return byToken.isPresent() && records.indexOf(byToken.get()) > records.indexOf(decided.get())
          ? byToken : decided;
    }
  }

  /** Reads the client id alone as "credentials present": {@code if (clientId != null)}, the secret forgotten. */
  static final class ClientIdIsEnough extends SimpleStore {
    @Override
    public synchronized Optional<OAuthToken> findToken(OAuthToken probe) {
      Objects.requireNonNull(probe, "probe");
      checkOpen();
      if (probe.id() != null || probe.userName() != null || probe.clientId() == null || probe.clientSecret() != null) {
        return super.findToken(probe);
      }
      if (probe.grantToken() != null) {
        return lookup(new MatchKey(MatchKey.Field.GRANT_TOKEN, probe.grantToken()));
      }
      return probe.refreshToken() == null ? Optional.empty()
          : lookup(new MatchKey(MatchKey.Field.REFRESH_TOKEN, probe.refreshToken()));
    }
  }

  /** {@code REPLACE INTO} with a new id when a token finds the record: the row is replaced, its id lost. */
  static final class ReplaceWithNewId extends SimpleStore {
    @Override
    public synchronized OAuthToken saveToken(OAuthToken token) {
      Optional<MatchKey> key = MatchKey.of(Objects.requireNonNull(token, "token"));
      boolean byToken = key.isPresent() && key.get().field() != MatchKey.Field.ID
          && key.get().field() != MatchKey.Field.USER_NAME;
      Optional<OAuthToken> found = byToken ? lookup(key.get()) : Optional.empty();
      OAuthToken saved = doSave(token);
      if (found.isEmpty()) {
        return saved;
      }
      OAuthToken moved = saved.toBuilder().id(newId()).build();
      records.set(records.indexOf(saved), moved);
      return moved;
    }
  }

  /**
   * Returns the caller's token with the id set, not the merged record, when an update brings a grant token (a
   * grant exchange path that answers with what it was given).
   */
  static final class ReturnsTheArgument extends SimpleStore {
    @Override
    public synchronized OAuthToken saveToken(OAuthToken token) {
      boolean update = token != null && token.id() == null && token.grantToken() != null
          && MatchKey.of(token).flatMap(this::lookup).isPresent();
      OAuthToken saved = doSave(token);
      return update ? token.toBuilder().id(saved.id()).build() : saved;
    }
  }

  /** Skips the savable check: a token with no key is inserted under a new id, where no lookup can find it. */
  static final class StoresKeylessTokens extends SimpleStore {
    @Override
    public synchronized OAuthToken saveToken(OAuthToken token) {
      if (token != null && token.id() == null && MatchKey.of(token).isEmpty()) {
        checkOpen();
        OAuthToken record = token.toBuilder().id(newId()).build();
        insert(record);
        return record;
      }
      return doSave(token);
    }
  }

  /**
   * Answers as Zoho's stores do: the probe, its empty fields filled from the row, so a field the probe holds
   * (an API domain, a redirect URL) hides the stored one.
   */
  static final class FillsTheProbe extends SimpleStore {
    @Override
    public synchronized Optional<OAuthToken> findToken(OAuthToken probe) {
      return super.findToken(probe).map(r -> {
        OAuthToken.Builder b = r.toBuilder();
        if (probe.apiDomain() != null) {
          b.apiDomain(probe.apiDomain());
        }
        if (probe.redirectUrl() != null) {
          b.redirectUrl(probe.redirectUrl());
        }
        return b.build();
      });
    }
  }

  /** Remembers every id it handed out in a set that deletes do not clean: a deleted id stays taken. */
  static final class DeletedIdsStayTaken extends SimpleStore {
    private final Set<String> used = ConcurrentHashMap.newKeySet();

    @Override
    void insert(OAuthToken record) {
      if (!used.add(record.id())) {
        throw new DuplicateTokenException("id");
      }
      super.insert(record);
    }

    @Override
    public synchronized void deleteTokens() {
      super.deleteTokens();
      used.clear();
    }
  }

  /** Deletes one page of a scan (four keys, as a {@code SCAN ... COUNT} loop that stops after the first reply). */
  static final class DeletesOnePage extends SimpleStore {
    @Override
    public synchronized void deleteTokens() {
      checkOpen();
      List<OAuthToken> page = new ArrayList<>(records.subList(0, Math.min(4, records.size())));
      records.removeAll(page);
    }
  }

  /**
   * Lists in pages of twelve and takes a page of one record for the end-of-scan marker of its cursor protocol:
   * with 13, 25, 37 … records, the last one is never listed.
   */
  static final class LastPageOfOneLost extends SimpleStore {
    @Override
    public synchronized List<OAuthToken> getTokens() {
      List<OAuthToken> all = super.getTokens();
      return all.size() > 12 && all.size() % 12 == 1 ? all.subList(0, all.size() - 1) : all;
    }
  }

  /** Writes through a text-mode writer that turns {@code \r\n} into {@code \n}. */
  static final class NormalizesLineEnds extends SimpleStore {
    @Override
    void insert(OAuthToken record) {
      super.insert(lf(record));
    }

    @Override
    OAuthToken merge(OAuthToken stored, OAuthToken update) {
      return lf(super.merge(stored, update));
    }

    private static OAuthToken lf(OAuthToken t) {
      return OAuthToken.builder().id(t.id()).userName(lf(t.userName())).clientId(lf(t.clientId()))
          .clientSecret(lf(t.clientSecret())).refreshToken(lf(t.refreshToken())).accessToken(lf(t.accessToken()))
          .grantToken(lf(t.grantToken())).expiryTime(t.expiryTime()).redirectUrl(lf(t.redirectUrl()))
          .apiDomain(lf(t.apiDomain())).build();
    }

    private static String lf(String v) {
      return v == null ? null : v.replace("\r\n", "\n");
    }
  }

  /** A {@code VARCHAR(4096)} in MySQL's lenient mode: longer values are cut, silently. */
  static final class Truncates extends SimpleStore {
    @Override
    void insert(OAuthToken record) {
      super.insert(OAuthToken.builder().id(record.id()).userName(cut(record.userName()))
          .clientId(cut(record.clientId())).clientSecret(cut(record.clientSecret()))
          .refreshToken(cut(record.refreshToken())).accessToken(cut(record.accessToken()))
          .grantToken(cut(record.grantToken())).expiryTime(record.expiryTime()).redirectUrl(cut(record.redirectUrl()))
          .apiDomain(cut(record.apiDomain())).build());
    }

    private static String cut(String v) {
      return v == null || v.length() <= 4096 ? v : v.substring(0, 4096);
    }
  }

  /** Keeps the expiry as a 32-bit count of seconds plus the milliseconds: past January 2038 it wraps. */
  static final class ExpiryIn32Bits extends SimpleStore {
    @Override
    void insert(OAuthToken record) {
      java.time.Instant e = record.expiryTime();
      super.insert(e == null ? record : record.toBuilder()
          .expiryTime(java.time.Instant.ofEpochSecond((int) e.getEpochSecond(), e.getNano())).build());
    }
  }

  /**
   * Picks a new id ({@code max(id) + 1}) before it takes the lock for the insert, so two first saves at once pick
   * the same id and the second lands on the first's record. To lose that race every time: once per store, a
   * first save that starts while a first save of another user is running waits (bounded) for a first save of a
   * third user, and the two read {@code max(id)} at the same moment (the barrier's action, while no insert can run)
   * and insert under that one id. Saves of one user never wait.
   */
  static final class IdPickedOutsideTheLock extends SimpleStore {
    private final Map<String, Boolean> running = new ConcurrentHashMap<>();
    private volatile String waiting = "";
    private volatile String picked = "";
    private final java.util.concurrent.CyclicBarrier pair = new java.util.concurrent.CyclicBarrier(2, () -> {
      synchronized (this) {
        picked = nextId();
      }
    });
    private final AtomicBoolean raced = new AtomicBoolean();
    private final AtomicBoolean partnered = new AtomicBoolean();

    private String nextId() {
      long max = 0;
      for (OAuthToken r : records) {
        if (Tokens.isSequenceId(r.id())) {
          max = Math.max(max, Long.parseLong(r.id()));
        }
      }
      return Long.toString(max + 1);
    }

    @Override
    public OAuthToken saveToken(OAuthToken token) {
      OAuthToken t = Objects.requireNonNull(token, "token");
      String user = String.valueOf(t.userName());
      boolean mine = running.putIfAbsent(user, Boolean.TRUE) == null;
      try {
        if (t.id() == null && MatchKey.of(t).isPresent() && findToken(t).isEmpty()) {
          String id = nextId();
          boolean first = running.size() > 1 && raced.compareAndSet(false, true);
          if (first) {
            waiting = user;
          }
          // The partner is the next save of another key, chosen by a flag rather than by the barrier's count,
          // which a loaded machine can read before the first saver has reached it.
          boolean partner = !first && raced.get() && !waiting.equals(user) && partnered.compareAndSet(false, true);
          if (first || partner) {
            try {
              pair.await(10, TimeUnit.SECONDS);
              id = picked;
            } catch (Exception e) {
              // No partner came: insert alone, and let a later pair of saves race instead.
              pair.reset();
              partnered.set(false);
              raced.set(false);
            }
          }
          t = t.toBuilder().id(id).build();
        }
        synchronized (this) {
          // Under the lock it does see a record the key now finds, so only ids of different keys collide.
          return doSave(MatchKey.of(token).flatMap(this::lookup).isPresent() ? token : t);
        }
      } finally {
        if (mine) {
          running.remove(user);
        }
      }
    }
  }

  /** Persists saves but keeps deletes in memory (a write-behind cache that flushes only writes). */
  static final class DeletesNotPersisted extends SimpleStore {
    private final List<OAuthToken> disk;

    DeletesNotPersisted(List<OAuthToken> disk) {
      super(new java.util.concurrent.CopyOnWriteArrayList<>(disk));
      this.disk = disk;
    }

    @Override
    public synchronized OAuthToken saveToken(OAuthToken token) {
      OAuthToken saved = doSave(token);
      disk.removeIf(r -> r.id().equals(saved.id()));
      disk.add(saved);
      return saved;
    }
  }

  /** Namespaces whose records are apart but whose unique index is one (a Redis index key without the prefix). */
  static final class SharedUniqueIndex extends SimpleStore {
    private final List<List<OAuthToken>> everyNamespace;

    SharedUniqueIndex(List<List<OAuthToken>> everyNamespace) {
      this.everyNamespace = everyNamespace;
      everyNamespace.add(records);
    }

    @Override
    void checkUnique(OAuthToken record) {
      super.checkUnique(record);
      for (List<OAuthToken> other : everyNamespace) {
        if (other == records) {
          continue;
        }
        for (OAuthToken r : other) {
          for (MatchKey.Field f : Tokens.UNIQUE_FIELDS) {
            if (f.of(record) != null && f.of(record).equals(f.of(r))) {
              throw new DuplicateTokenException(f.property());
            }
          }
        }
      }
    }
  }

  /** Grants a lease whatever lease is live: a lock that only checks, never refuses. */
  static final class NoExclusion extends SimpleStore.Leasing {
    @Override
    boolean refuses(@Nullable Held current) {
      return false;
    }
  }

  /** Keeps leases in the store object, as an in-process lock would: a second object sees none of them. */
  static final class LeasesPerObject extends SimpleStore.Leasing {
    LeasesPerObject(List<OAuthToken> records) {
      super(records, new ConcurrentHashMap<>(), new ConcurrentHashMap<>());
    }
  }

  /** Ignores the lease time: a holder that died holds the record for good. */
  static final class NeverExpires extends SimpleStore.Leasing {
    @Override
    boolean live(@Nullable Held h) {
      return h != null;
    }
  }

  /** The fence checks the holder, not the time: a holder that stalled past its lease still writes. */
  static final class FenceIgnoresExpiry extends SimpleStore.Leasing {
    @Override
    boolean fenceHolds(Lease lease) {
      Held h = leases.get(lease.id());
      return h != null && h.holder().equals(lease.holder());
    }
  }

  /** Saves whatever the lease: the fenced save is a plain save. */
  static final class Unfenced extends SimpleStore.Leasing {
    @Override
    boolean fenceHolds(Lease lease) {
      return true;
    }
  }

  /** Releases by record id alone: a stalled holder's late release frees the next holder's lease. */
  static final class ReleasesAnyHolder extends SimpleStore.Leasing {
    @Override
    boolean releasable(Lease lease) {
      return live(leases.get(lease.id()));
    }
  }

  /** Takes a lease with an upsert on the record (MongoDB's findOneAndUpdate with upsert): creates a missing one. */
  static final class LeaseUpsertsRecord extends SimpleStore.Leasing {
    @Override
    synchronized void granted(Lease lease) {
      if (lookup(MatchKey.id(lease.id())).isEmpty()) {
        insert(OAuthToken.builder().id(lease.id()).build());
      }
    }
  }

  /** Keeps the leases in the backend but counts refreshes in the store object: every process has a budget. */
  static final class CountsPerObject extends SimpleStore.Leasing {
    CountsPerObject(List<OAuthToken> records, Map<String, Held> leases) {
      super(records, leases, new ConcurrentHashMap<>());
    }
  }

  /** Never forgets a count: the first budget's worth of refreshes bans the record for good. */
  static final class CountsForever extends SimpleStore.Leasing {
    @Override
    boolean counts(long end) {
      return true;
    }
  }

  /** Counts a refused refresh too: callers that keep asking keep the window shut. */
  static final class CountsRefusals extends SimpleStore.Leasing {
    @Override
    void refused(List<Long> ends, Duration window) {
      ends.add(System.nanoTime() + window.toNanos());
    }
  }

  /** Counts whatever the lease: a stalled holder spends the next holder's budget. */
  static final class CountsUnfenced extends SimpleStore.Leasing {
    @Override
    boolean countHolds(Lease lease) {
      return true;
    }
  }

  /** The fenced save is an upsert: a record deleted while its refresh ran comes back, with the refreshed fields. */
  static final class FenceRecreatesDeleted extends SimpleStore.Leasing {
    @Override
    boolean fenceFinds(Lease lease) {
      return true;
    }
  }
}
