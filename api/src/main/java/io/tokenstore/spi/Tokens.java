package io.tokenstore.spi;

import io.tokenstore.DuplicateTokenException;
import io.tokenstore.OAuthToken;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The save rules of the contract, for stores to call rather than copy: merge, the savable check, uniqueness, id
 * generation, and the refresh budget's arithmetic. Stateless and thread-safe.
 */
public final class Tokens {
  /**
   * The fields that identify at most one record in a store, in the order they are checked: the
   * {@linkplain TokenField#unique() unique} {@link TokenField}s, in the order of {@link MatchKey.Field} (user name,
   * access, refresh, grant token).
   */
  public static final List<MatchKey.Field> UNIQUE_FIELDS = Arrays.stream(MatchKey.Field.values())
      .filter(f -> f.tokenField().unique())
      .collect(Collectors.toUnmodifiableList());

  /** The length of a generated id: it fits the {@code varchar(10)} id column of the Zoho schema. */
  public static final int GENERATED_ID_LENGTH = 10;

  private static final TokenField[] FIELDS = TokenField.values();
  // The id and the unique fields: a token with none of them has nothing to identify it (SAVE-5).
  private static final MatchKey.Field[] KEY_FIELDS = MatchKey.Field.values();
  private static final char[] ALPHABET =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();
  // 62^10 ids: a collision is rare, but a store checks anyway; this many in a row means the check is broken.
  private static final int MAX_ID_ATTEMPTS = 100;

  private Tokens() {}

  /**
   * The result of the save rules: what to write, and what it replaces.
   *
   * @param previous the stored record the save updates, or null if it inserts
   * @param record the record to write, id included
   */
  public record Upsert(@Nullable OAuthToken previous, OAuthToken record) {
    /**
     * @throws NullPointerException if {@code record} is null
     */
    public Upsert {
      Objects.requireNonNull(record, "record");
    }

    /** True if the save inserts a new record. */
    public boolean inserts() {
      return previous == null;
    }
  }

  /**
   * Merges an update into a stored record: each field present in {@code update} replaces the stored one, each
   * absent one keeps it. The id stays the stored record's.
   *
   * @param stored the record as stored
   * @param update the token being saved
   * @return the merged record
   */
  public static OAuthToken merge(OAuthToken stored, OAuthToken update) {
    Objects.requireNonNull(stored, "stored");
    Objects.requireNonNull(update, "update");
    OAuthToken.Builder merged = OAuthToken.builder();
    for (TokenField f : FIELDS) {
      f.copy(f != TokenField.ID && f.isIn(update) ? update : stored, merged);
    }
    return merged.build();
  }

  /**
   * Checks that a token can be saved: it has at least one of id, user name, access, refresh or grant token.
   *
   * @param token the token
   * @throws IllegalArgumentException if it has none of them
   */
  public static void requireSavable(OAuthToken token) {
    Objects.requireNonNull(token, "token");
    for (MatchKey.Field f : KEY_FIELDS) {
      if (f.of(token) != null) {
        return;
      }
    }
    throw new IllegalArgumentException(
        "token has nothing to identify it: give it an id, userName, accessToken, refreshToken or grantToken");
  }

  /**
   * Applies the save rules: finds the record the token's match key names, merges or assigns an id, and checks
   * uniqueness. The caller must hold whatever makes lookups and the write that follows atomic (a lock, a
   * transaction), then write {@link Upsert#record()} in place of {@link Upsert#previous()}.
   *
   * @param token the token being saved; must be {@linkplain #requireSavable savable}
   * @param lookup finds the record whose field equals a value exactly
   * @param idInUse tells whether an id is taken, for id generation
   * @return what to write
   * @throws DuplicateTokenException if the record would share a unique value with another record
   */
  public static Upsert upsert(
      OAuthToken token,
      Function<MatchKey, Optional<OAuthToken>> lookup,
      Predicate<String> idInUse) {
    requireSavable(token);
    Objects.requireNonNull(lookup, "lookup");
    Objects.requireNonNull(idInUse, "idInUse");
    OAuthToken previous = MatchKey.of(token).flatMap(lookup).orElse(null);
    OAuthToken record;
    if (previous != null) {
      record = merge(previous, token);
    } else if (token.id() != null) {
      record = token;
    } else {
      record = token.toBuilder().id(newId(idInUse)).build();
    }
    checkUnique(record, previous, lookup);
    return new Upsert(previous, record);
  }

  /**
   * Checks that no other record has one of {@code record}'s unique values.
   *
   * @param record the record about to be written
   * @param previous the record it replaces, or null; values it already had are not looked up again
   * @param lookup finds the record whose field equals a value exactly
   * @throws DuplicateTokenException naming the first field whose value another record has
   */
  public static void checkUnique(
      OAuthToken record,
      @Nullable OAuthToken previous,
      Function<MatchKey, Optional<OAuthToken>> lookup) {
    for (MatchKey.Field field : UNIQUE_FIELDS) {
      String value = field.of(record);
      if (value == null || (previous != null && value.equals(field.of(previous)))) {
        continue;
      }
      Optional<OAuthToken> owner = lookup.apply(new MatchKey(field, value));
      if (owner.isPresent() && !Objects.equals(owner.get().id(), record.id())) {
        throw new DuplicateTokenException(field.property());
      }
    }
  }

  // An unused random id; stores get one from upsert, or from randomId and their own primary key.
  // Throws IllegalStateException if every attempt was in use, which means idInUse is broken.
  static String newId(Predicate<String> idInUse) {
    for (int attempt = 0; attempt < MAX_ID_ATTEMPTS; attempt++) {
      String id = randomId();
      if (!idInUse.test(id)) {
        return id;
      }
    }
    throw new IllegalStateException(MAX_ID_ATTEMPTS + " random ids in a row were in use");
  }

  /**
   * The budget rule of {@link LeasingTokenStore#countRefresh}: whether one more refresh of a record fits in
   * {@code budget}, given when each of its counted refreshes leaves its window.
   *
   * @param ends when each counted refresh leaves its window, in any order, in the unit and clock of {@code now}
   *     (epoch milliseconds, or {@link System#nanoTime}: only differences are compared); ended ones count nothing
   * @param now the store's clock
   * @param budget the refreshes allowed in any window, at least 1
   * @return 0 if fewer than {@code budget} counts are still in their window (the store then counts one, ending at
   *     {@code now} + window); otherwise how long, in that unit, until one more has left it
   */
  public static long untilRoom(Collection<Long> ends, long now, int budget) {
    long[] left = ends.stream().mapToLong(end -> end - now).filter(d -> d > 0).sorted().toArray();
    // Counts made with different windows end out of counting order: the n - budget + 1st to end makes room.
    return left.length < budget ? 0 : left[left.length - budget];
  }

  /**
   * Returns a random id of {@value #GENERATED_ID_LENGTH} characters of {@code [0-9A-Za-z]}, for stores whose
   * backend checks uniqueness itself (a primary key that rejects the insert, then a retry).
   *
   * @return the id
   */
  public static String randomId() {
    // One draw of random bytes, not one per character (a tenth of the cost: Redis and Mongo draw an id on every
    // save); six bits a byte, and the two values past the alphabet are skipped, so every character is uniform.
    char[] id = new char[GENERATED_ID_LENGTH];
    byte[] bits = new byte[GENERATED_ID_LENGTH + 6];
    int n = 0;
    while (n < id.length) {
      RANDOM.nextBytes(bits);
      for (int i = 0; i < bits.length && n < id.length; i++) {
        int v = bits[i] & 63;
        if (v < ALPHABET.length) {
          id[n++] = ALPHABET[v];
        }
      }
    }
    return new String(id);
  }

  /** The largest id of Zoho's sequence: ten digits, the width of Zoho's {@code varchar(10)} id column. */
  public static final long MAX_SEQUENCE_ID = 9_999_999_999L;

  /**
   * Tells whether an id belongs to Zoho's sequence: one to ten ASCII digits.
   *
   * @param id an id
   * @return true if it is a number of at most ten digits
   */
  public static boolean isSequenceId(String id) {
    int n = id.length();
    if (n == 0 || n > 10) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = id.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /**
   * The next id of Zoho's sequence, as the Zoho SDKs number their file and table: {@code largest + 1}, so that
   * their {@code max(id) + 1} keeps working beside this store; past {@link #MAX_SEQUENCE_ID}, an unused random
   * number of at most ten digits, so an id is never reused and never longer than Zoho's column.
   *
   * @param largest the largest {@linkplain #isSequenceId sequence id} of the store as a number, 0 if none
   * @param idInUse tells whether an id is taken (asked only past the end of the sequence)
   * @return the id
   */
  public static String sequenceId(long largest, Predicate<String> idInUse) {
    if (largest < MAX_SEQUENCE_ID) {
      return Long.toString(largest + 1);
    }
    for (int attempt = 0; attempt < MAX_ID_ATTEMPTS; attempt++) {
      String id = Long.toString(1 + (long) (RANDOM.nextDouble() * MAX_SEQUENCE_ID));
      if (isSequenceId(id) && !idInUse.test(id)) {
        return id;
      }
    }
    return newId(idInUse);
  }
}
