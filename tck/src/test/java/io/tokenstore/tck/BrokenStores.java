package io.tokenstore.tck;

import io.tokenstore.DuplicateTokenException;
import io.tokenstore.OAuthToken;
import io.tokenstore.spi.MatchKey;
import io.tokenstore.spi.Tokens;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** Stores with one realistic bug each, taken from the token stores of the Zoho SDKs and their users. */
final class BrokenStores {
  private BrokenStores() {}

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

    @Override
    void beforeInsert() {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Keeps working after close. */
  static final class NoErrorAfterClose extends SimpleStore {
    @Override
    void checkOpen() {}
  }

  /** A unique index of every value ever saved, cleaned on delete but not when an update replaces a value. */
  static final class StaleIndexOnUpdate extends SimpleStore {
    private final Map<String, String> index = new ConcurrentHashMap<>();

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

  /**
   * A lookup index (value to id, as the Redis layout keeps) that a save adds to and a delete cleans, but an update
   * never cleans: a replaced access, refresh or grant token or user name still finds the record.
   */
  static final class StaleLookupAfterUpdate extends SimpleStore {
    private final Map<String, String> index = new ConcurrentHashMap<>();

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
      synchronized (writeLock) {
        OAuthToken saved = super.saveToken(token);
        String[] fields = live.computeIfAbsent(saved.id(), id -> new String[5]);
        fields[0] = saved.accessToken();
        fields[1] = saved.refreshToken();
        pause();
        fields[2] = saved.clientSecret();
        fields[3] = saved.grantToken();
        fields[4] = saved.apiDomain();
        return saved;
      }
    }

    private static void pause() {
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    private Optional<OAuthToken> fromLive(Optional<OAuthToken> found) {
      return found.map(r -> {
        String[] f = live.get(r.id());
        return f == null ? r : r.toBuilder().accessToken(f[0]).refreshToken(f[1]).clientSecret(f[2])
            .grantToken(f[3]).apiDomain(f[4]).build();
      });
    }

    @Override
    public Optional<OAuthToken> findToken(OAuthToken probe) {
      return fromLive(super.findToken(probe));
    }

    @Override
    public Optional<OAuthToken> findTokenById(String id) {
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
}
