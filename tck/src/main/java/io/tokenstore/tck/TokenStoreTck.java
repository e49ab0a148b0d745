package io.tokenstore.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.tokenstore.DuplicateTokenException;
import io.tokenstore.OAuthToken;
import io.tokenstore.TokenStore;
import io.tokenstore.TokenStoreException;
import io.tokenstore.TokenStores;
import io.tokenstore.spi.Lease;
import io.tokenstore.spi.LeasingTokenStore;
import io.tokenstore.spi.TokenStoreProvider;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * The compatibility kit: one test per rule of {@code docs/contract.md}, named and displayed with the rule's id.
 * A store's test extends it and says how to open a store:
 *
 * <pre>{@code
 * class MyTokenStoreTest extends TokenStoreTck {
 *   @Override
 *   protected TokenStore newStore() {
 *     return TokenStores.open("mystore:" + UUID.randomUUID());
 *   }
 * }
 * }</pre>
 *
 * <p>Optional capabilities are hooks that skip by default: {@link #newStoreInOtherNamespace()} (rule LIFE-3),
 * {@link #reopenStore()} (LIFE-2), {@link #openUnavailableStore()} (ERR-2) and {@link #storeUri()} (DISC-1). A
 * skipped rule is reported as skipped, never as passed.
 *
 * <p>Randomized model checking (MODEL-1) runs {@value #MODEL_SEQUENCES} sequences seeded from
 * {@value #DEFAULT_SEED}, so every run is the same; the system properties {@code tokenstore.tck.seed} and
 * {@code tokenstore.tck.sequences} explore others or replay the one a failure names.
 *
 * <p>Each test gets a fresh store from {@link #newStore()} and the kit closes every store it opened after the
 * test. Tests of one instance run one at a time; concurrency rules use their own threads, bounded in time.
 */
public abstract class TokenStoreTck {
  /** How many random operation sequences MODEL-1 runs. */
  public static final int MODEL_SEQUENCES = 25;
  /** The seed of the first MODEL-1 sequence (the n-th uses seed + n) unless {@code tokenstore.tck.seed} is set. */
  public static final long DEFAULT_SEED = 20_261_129L;
  /** How many operations each MODEL-1 sequence has. */
  public static final int MODEL_STEPS = 80;
  /** How long a concurrency rule may run before it fails. */
  protected static final Duration CONCURRENCY_BOUND = Duration.ofSeconds(60);

  private static final Pattern GENERATED_ID = Pattern.compile("[0-9A-Za-z]{1,10}");
  private static final Instant EXPIRY = Instant.ofEpochMilli(1_700_000_000_123L);

  private final List<TokenStore> opened = Collections.synchronizedList(new ArrayList<>());

  /** The store under test in the current test, from {@link #newStore()}. */
  protected TokenStore store;

  /**
   * Opens a new, empty store. Called once before each test, and again by rules that need more stores.
   *
   * @return an open store with no records
   */
  protected abstract TokenStore newStore();

  /**
   * Opens a store on the same backend as the last {@link #newStore()} but in another namespace (LIFE-3).
   * Skips the rule unless overridden.
   *
   * @return an open, empty store in another namespace
   */
  protected TokenStore newStoreInOtherNamespace() {
    throw skip("this store declares no namespaces: override newStoreInOtherNamespace() to test LIFE-3");
  }

  /**
   * Opens again the store that the last {@link #newStore()} returned, which the kit has closed (LIFE-2). Skips
   * the rule unless overridden.
   *
   * @return the reopened store
   */
  protected TokenStore reopenStore() {
    throw skip("this store does not keep its records across opens: override reopenStore() to test LIFE-2");
  }

  /**
   * Opens a store whose backend is unreachable or failing (ERR-2): it may throw {@link TokenStoreException} at
   * once, or return a store whose calls throw it. Skips the rule unless overridden.
   *
   * @return a store whose backend fails
   */
  protected TokenStore openUnavailableStore() {
    throw skip("no way to make this store's backend fail: override openUnavailableStore() to test ERR-2");
  }

  /**
   * Opens a second store object on the same records as the last {@link #newStore()}, while that one stays open,
   * as a second process or instance would (LEASE-2). Skips the rule unless overridden.
   *
   * @return an open store on the same records
   */
  protected TokenStore openSecondStore() {
    throw skip("no second store object on the same records: override openSecondStore() to test LEASE-2");
  }

  /**
   * A URI that {@link TokenStores#open(String)} opens this store by (DISC-1), or empty to skip the rule.
   *
   * @return the URI
   */
  protected Optional<String> storeUri() {
    return Optional.empty();
  }

  /**
   * Called for every store the kit opened, after each test; closes it. Override to also remove what the test
   * left on a shared backend.
   *
   * @param opened a store, maybe closed already
   */
  protected void discard(TokenStore opened) {
    opened.close();
  }

  /**
   * Rules this store's test cannot run, by id, with the reason each is reported as skipped: for a test backend
   * that lacks what the rule needs (an in-process stand-in for a real server, say), never to hide a store's bug.
   *
   * @return rule id → reason; empty by default
   */
  protected Map<String, String> skippedRules() {
    return Map.of();
  }

  @BeforeEach
  final void skipDeclaredRules(TestInfo test) {
    String name = test.getDisplayName();
    int space = name.indexOf(' ');
    String reason = skippedRules().get(space < 0 ? name : name.substring(0, space));
    if (reason != null) {
      Assumptions.abort(reason);
    }
  }

  private static RuntimeException skip(String reason) {
    Assumptions.abort(reason);
    return new IllegalStateException(reason);
  }

  /** Opens a store with the given hook and has the kit close it after the test. */
  protected final TokenStore track(TokenStore s) {
    opened.add(java.util.Objects.requireNonNull(s, "a store hook returned null"));
    return s;
  }

  @BeforeEach
  final void openStoreUnderTest() {
    store = track(newStore());
    assertThat(store.getTokens()).as("newStore() must return an empty store").isEmpty();
  }

  @AfterEach
  final void discardStores() {
    List<TokenStore> all;
    synchronized (opened) {
      all = new ArrayList<>(opened);
      opened.clear();
    }
    for (TokenStore s : all) {
      discard(s);
    }
  }

  // ---- fixtures ----

  /** A token with every field set, its values derived from {@code tag}. */
  protected static OAuthToken full(String tag) {
    return OAuthToken.builder()
        .userName("user-" + tag + "@example.com")
        .clientId("client-" + tag)
        .clientSecret("secret-" + tag)
        .refreshToken("refresh-" + tag)
        .accessToken("access-" + tag)
        .grantToken("grant-" + tag)
        .expiryTime(EXPIRY)
        .redirectUrl("https://example.com/callback/" + tag)
        .apiDomain("https://www.zohoapis.com")
        .build();
  }

  private static OAuthToken.Builder probe() {
    return OAuthToken.builder();
  }

  private Optional<OAuthToken> find(OAuthToken.Builder probe) {
    return store.findToken(probe.build());
  }

  private static Set<String> ids(List<OAuthToken> tokens) {
    return tokens.stream().map(OAuthToken::id).collect(Collectors.toSet());
  }

  // The id of a record a store returned; every returned record has one (SAVE-2).
  private static String idOf(OAuthToken record) {
    String id = record.id();
    if (id == null) {
      throw new AssertionError("the store returned a record without an id: " + record);
    }
    return id;
  }

  /**
   * Runs tasks on their own threads, all started together; fails if one throws or they outlast
   * {@link #CONCURRENCY_BOUND}.
   */
  private static <T> List<T> concurrently(List<Callable<T>> tasks) {
    ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
    CyclicBarrier start = new CyclicBarrier(tasks.size());
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (Callable<T> task : tasks) {
        futures.add(pool.submit(() -> {
          start.await();
          return task.call();
        }));
      }
      long deadline = System.nanoTime() + CONCURRENCY_BOUND.toNanos();
      List<T> results = new ArrayList<>();
      for (Future<T> f : futures) {
        try {
          results.add(f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
          throw new AssertionError("concurrent calls did not finish within " + CONCURRENCY_BOUND
              + ": a deadlock or a hang", e);
        } catch (ExecutionException e) {
          throw new AssertionError("a concurrent call failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError("interrupted", e);
        }
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  /** Runs one call of a racing thread, naming the call (round.thread.operation) when it throws. */
  private static <T> T racing(String operation, String which, Callable<T> call) {
    try {
      return call.call();
    } catch (Exception e) {
      throw new AssertionError(operation + " " + which + " (round.thread.operation) threw " + e, e);
    }
  }

  // ==== KEY ====

  @Nested
  @DisplayName("KEY: the match key")
  class Key {
    /**
     * Verifies rule KEY-1: the first applicable key decides (id, user name, access token, grant token, refresh
     * token). If this fails, check the order in which the store tries the keys.
     */
    @Test
    @Rule("KEY-1")
    @DisplayName("KEY-1 the first applicable key decides, even when a later key matches another record")
    void key1_firstApplicableKeyDecides() {
      OAuthToken a = store.saveToken(full("a"));
      OAuthToken b = store.saveToken(full("b"));
      assertThat(find(probe().id(a.id()).userName(b.userName()))).contains(a);
      assertThat(find(probe().userName(a.userName()).accessToken(b.accessToken()))).contains(a);
      assertThat(find(probe().accessToken(a.accessToken()).grantToken(b.grantToken())
          .refreshToken(b.refreshToken()))).contains(a);
      assertThat(find(probe().clientId("c").clientSecret("s").grantToken(a.grantToken())
          .refreshToken(b.refreshToken()))).contains(a);
      assertThat(find(probe().clientId("c").clientSecret("s").accessToken(a.accessToken())
          .refreshToken(b.refreshToken()))).contains(b);
      OAuthToken updated = store.saveToken(probe().id(b.id()).userName("b2@example.com").build());
      assertThat(updated.id()).as("a save with an id updates the record with that id").isEqualTo(b.id());
      assertThat(store.findTokenById(idOf(a))).contains(a);
    }

    /**
     * Verifies rule KEY-2: the access token is a key only without client credentials; the grant and refresh
     * tokens only with both; the credentials themselves are not compared. If this fails, check how the store
     * reads client id and secret in a probe.
     */
    @Test
    @Rule("KEY-2")
    @DisplayName("KEY-2 access token only without client id and secret; grant and refresh token only with both")
    void key2_credentialsDecideWhichTokenIsAKey() {
      OAuthToken a = store.saveToken(full("a"));
      OAuthToken b = store.saveToken(full("b"));
      assertThat(find(probe().accessToken(a.accessToken()))).contains(a);
      assertThat(find(probe().accessToken(a.accessToken()).refreshToken(b.refreshToken())
          .grantToken(b.grantToken()))).contains(a);
      assertThat(find(probe().clientId(a.clientId()).clientSecret(a.clientSecret()).accessToken(a.accessToken())
          .refreshToken(b.refreshToken()))).contains(b);
      assertThat(find(probe().clientId(a.clientId()).clientSecret(a.clientSecret()).accessToken(a.accessToken())
          .grantToken(b.grantToken()))).contains(b);
      assertThat(find(probe().refreshToken(a.refreshToken()).clientId("other-client").clientSecret("other")))
          .as("the credentials select the key; only the key's field is compared").contains(a);
      assertThat(find(probe().grantToken(a.grantToken()).clientId(a.clientId()).clientSecret(a.clientSecret())))
          .contains(a);
      // One credential is neither: no token is a key, and such a probe finds nothing.
      assertThat(find(probe().clientId(a.clientId()).accessToken(a.accessToken()).grantToken(a.grantToken())
          .refreshToken(a.refreshToken()))).as("client id without secret").isEmpty();
      assertThat(find(probe().clientSecret(a.clientSecret()).accessToken(a.accessToken())
          .grantToken(a.grantToken()).refreshToken(a.refreshToken()))).as("client secret without id").isEmpty();
    }

    /**
     * Verifies rule KEY-3: when the deciding key finds nothing, the result is empty; no weaker key is tried. If
     * this fails, the store falls back to another field.
     */
    @Test
    @Rule("KEY-3")
    @DisplayName("KEY-3 no fallback: when the deciding key finds nothing, no weaker key is tried")
    void key3_noFallbackToAWeakerKey() {
      OAuthToken a = store.saveToken(full("a"));
      assertThat(find(probe().id("no-such-id").userName(a.userName()))).isEmpty();
      assertThat(find(probe().userName("nobody@example.com").accessToken(a.accessToken()))).isEmpty();
      assertThat(find(probe().clientId("c").clientSecret("s").grantToken("no-such-grant")
          .refreshToken(a.refreshToken()))).isEmpty();
    }

    /**
     * Verifies rule KEY-4: a probe without a match key finds nothing, never "any row". If this fails, the store
     * builds a query with no condition for such a probe.
     */
    @Test
    @Rule("KEY-4")
    @DisplayName("KEY-4 a probe without a match key finds nothing, never any record")
    void key4_keylessProbeFindsNothing() {
      OAuthToken a = store.saveToken(full("a"));
      assertThat(find(probe())).isEmpty();
      assertThat(find(probe().clientId(a.clientId()).clientSecret(a.clientSecret()))).isEmpty();
      assertThat(find(probe().expiryTime(a.expiryTime()).redirectUrl(a.redirectUrl())
          .apiDomain(a.apiDomain()))).isEmpty();
      assertThat(find(probe().clientId(a.clientId()).clientSecret(a.clientSecret()).accessToken(a.accessToken())))
          .isEmpty();
      assertThat(find(probe().accessToken(a.accessToken()).clientId(a.clientId()))).isEmpty();
      assertThat(find(probe().accessToken(a.accessToken()).clientSecret(a.clientSecret()))).isEmpty();
      assertThat(find(probe().refreshToken(a.refreshToken()))).isEmpty();
      assertThat(find(probe().grantToken(a.grantToken()))).isEmpty();
      assertThat(find(probe().refreshToken(a.refreshToken()).clientId(a.clientId()))).isEmpty();
      assertThat(find(probe().grantToken(a.grantToken()).clientSecret(a.clientSecret()))).isEmpty();
    }
  }

  // ==== SAVE ====

  @Nested
  @DisplayName("SAVE: saveToken")
  class Save {
    /**
     * Verifies rule SAVE-1: a save whose match key finds a record updates it in place, keeping its id. If this
     * fails, the store inserts where it should update.
     */
    @Test
    @Rule("SAVE-1")
    @DisplayName("SAVE-1 a save whose match key finds a record updates it in place, keeping its id")
    void save1_matchingSaveUpdatesInPlace() {
      List<OAuthToken> stored = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        stored.add(store.saveToken(full("k" + i)));
      }
      List<OAuthToken> updates = List.of(
          probe().id(stored.get(0).id()).apiDomain("by-id.example").build(),
          probe().userName(stored.get(1).userName()).apiDomain("by-user.example").build(),
          probe().accessToken(stored.get(2).accessToken()).apiDomain("by-access.example").build(),
          probe().clientId("c").clientSecret("s").grantToken(stored.get(3).grantToken())
              .apiDomain("by-grant.example").build(),
          probe().clientId("c").clientSecret("s").refreshToken(stored.get(4).refreshToken())
              .apiDomain("by-refresh.example").build());
      for (int i = 0; i < 5; i++) {
        OAuthToken saved = store.saveToken(updates.get(i));
        assertThat(saved.id()).as("id after saving %s", updates.get(i)).isEqualTo(stored.get(i).id());
        assertThat(saved.apiDomain()).isEqualTo(updates.get(i).apiDomain());
        assertThat(store.getTokens()).as("records after saving %s", updates.get(i)).hasSize(5);
      }
    }

    /**
     * Verifies rule SAVE-2: an insert keeps a given id, or generates 1 to 10 characters of [0-9A-Za-z] unique in
     * the store, never reusing an id that is in use. If this fails, look at id generation (max+1 and counters
     * reuse ids after a delete).
     */
    @Test
    @Rule("SAVE-2")
    @DisplayName("SAVE-2 an insert keeps the given id or generates a unique one of 1-10 [0-9A-Za-z]")
    void save2_insertAssignsIds() {
      OAuthToken given = store.saveToken(full("given").toBuilder().id("42").build());
      assertThat(given.id()).isEqualTo("42");
      List<OAuthToken> saved = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        saved.add(store.saveToken(full("t" + i)));
      }
      assertThat(saved).allSatisfy(t -> assertThat(t.id()).matches(GENERATED_ID));
      assertThat(store.deleteToken(idOf(saved.get(0)))).isTrue();
      assertThat(store.deleteToken(idOf(saved.get(1)))).isTrue();
      saved.add(store.saveToken(full("late1")));
      saved.add(store.saveToken(full("late2")));
      List<OAuthToken> all = store.getTokens();
      assertThat(all).hasSize(31);
      assertThat(ids(all)).as("ids are unique").hasSize(31).contains("42");
      for (OAuthToken t : saved.subList(2, saved.size())) {
        assertThat(store.findTokenById(idOf(t))).as("record %s is intact", t.userName()).contains(t);
      }
    }

    /**
     * Verifies rule SAVE-3: an update is a merge: absent fields keep their stored value, present ones replace
     * it. If this fails, the store replaces the whole record.
     */
    @Test
    @Rule("SAVE-3")
    @DisplayName("SAVE-3 an update merges: absent fields keep their stored values, present ones replace them")
    void save3_updateMerges() {
      OAuthToken a = store.saveToken(full("a"));
      Instant later = EXPIRY.plusSeconds(3600);
      OAuthToken saved = store.saveToken(probe().userName(a.userName()).accessToken("access-new")
          .expiryTime(later).build());
      OAuthToken expected = a.toBuilder().accessToken("access-new").expiryTime(later).build();
      assertThat(saved).isEqualTo(expected);
      assertThat(store.findTokenById(idOf(a))).contains(expected);
      OAuthToken byId = store.saveToken(probe().id(a.id()).refreshToken("refresh-new").build());
      assertThat(byId).isEqualTo(expected.toBuilder().refreshToken("refresh-new").build());
    }

    /**
     * Verifies rule SAVE-4: saveToken returns the record as stored, id included. If this fails, the store
     * returns its argument instead of the merged record.
     */
    @Test
    @Rule("SAVE-4")
    @DisplayName("SAVE-4 saveToken returns the record as stored, id included")
    void save4_returnsTheStoredRecord() {
      OAuthToken inserted = store.saveToken(full("a"));
      assertThat(inserted.id()).isNotNull();
      assertThat(inserted).isEqualTo(full("a").toBuilder().id(inserted.id()).build());
      assertThat(store.findTokenById(idOf(inserted))).contains(inserted);
      OAuthToken updated = store.saveToken(probe().userName(inserted.userName()).grantToken("grant-2").build());
      assertThat(store.findTokenById(idOf(inserted))).contains(updated);
      assertThat(store.getTokens()).containsExactly(updated);
    }

    /**
     * Verifies rule SAVE-5: a token with none of id, user name, access, refresh or grant token is rejected with
     * IllegalArgumentException and nothing is stored. If this fails, the store inserts unfindable records.
     */
    @Test
    @Rule("SAVE-5")
    @DisplayName("SAVE-5 a token with nothing to identify it is rejected with IllegalArgumentException")
    void save5_unidentifiableTokenIsRejected() {
      OAuthToken a = full("a");
      assertThatThrownBy(() -> store.saveToken(probe().clientId(a.clientId()).clientSecret(a.clientSecret())
          .expiryTime(EXPIRY).redirectUrl(a.redirectUrl()).apiDomain(a.apiDomain()).build()))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> store.saveToken(probe().build())).isInstanceOf(IllegalArgumentException.class);
      assertThat(store.getTokens()).isEmpty();
    }
  }

  // ==== UNIQUE ====

  @Nested
  @DisplayName("UNIQUE: identifying values")
  class Unique {
    /**
     * Verifies rule UNIQUE-1: user name, access, refresh and grant token each identify at most one record; a
     * save that would give one to a second record throws DuplicateTokenException naming the field and changes
     * nothing. If this fails, check the store's unique indexes or its check before writing.
     */
    @Test
    @Rule("UNIQUE-1")
    @DisplayName("UNIQUE-1 a save giving a second record an identifying value throws DuplicateTokenException")
    void unique1_identifyingValuesAreUnique() {
      OAuthToken a = store.saveToken(full("a"));
      OAuthToken b = store.saveToken(full("b"));
      Set<OAuthToken> before = Set.copyOf(store.getTokens());
      Map<String, OAuthToken> inserts = Map.of(
          "userName", probe().id("dup1").userName(a.userName()).build(),
          "accessToken", probe().userName("c@example.com").accessToken(a.accessToken()).build(),
          "refreshToken", probe().userName("c@example.com").refreshToken(a.refreshToken()).build(),
          "grantToken", probe().userName("c@example.com").grantToken(a.grantToken()).build());
      Map<String, OAuthToken> updates = Map.of(
          "userName", probe().id(b.id()).userName(a.userName()).build(),
          "accessToken", probe().userName(b.userName()).accessToken(a.accessToken()).build(),
          "refreshToken", probe().userName(b.userName()).refreshToken(a.refreshToken()).build(),
          "grantToken", probe().userName(b.userName()).grantToken(a.grantToken()).build());
      for (Map<String, OAuthToken> cases : List.of(inserts, updates)) {
        cases.forEach((field, token) -> {
          assertThatThrownBy(() -> store.saveToken(token))
              .as("saving %s", token)
              .isInstanceOfSatisfying(DuplicateTokenException.class,
                  e -> assertThat(e.field()).isEqualTo(field));
          assertThat(Set.copyOf(store.getTokens())).as("records after the refused save of %s", token)
              .isEqualTo(before);
        });
      }
      // Two fields, held by two other records: the store may name either (the contract does not choose).
      OAuthToken both = probe().userName("c@example.com").accessToken(a.accessToken()).grantToken(b.grantToken())
          .build();
      assertThatThrownBy(() -> store.saveToken(both))
          .as("saving %s", both)
          .isInstanceOfSatisfying(DuplicateTokenException.class,
              e -> assertThat(e.field()).isIn("accessToken", "grantToken"));
      assertThat(Set.copyOf(store.getTokens())).as("records after the refused save of %s", both).isEqualTo(before);
      // Nothing includes what only a later save would see: the refused record's new user name is not held.
      OAuthToken c = store.saveToken(probe().userName("c@example.com").build());
      assertThat(c.id()).isNotIn(a.id(), b.id());
      assertThat(store.getTokens()).as("records after saving c@example.com").hasSize(3).contains(c);
    }

    /**
     * Verifies rule UNIQUE-2: a value an update replaced is free for another record. If this fails, the store
     * keeps a stale index entry for the old value.
     */
    @Test
    @Rule("UNIQUE-2")
    @DisplayName("UNIQUE-2 a value replaced by an update is free for another record")
    void unique2_replacedValuesAreFree() {
      OAuthToken a = store.saveToken(full("a"));
      store.saveToken(probe().id(a.id()).userName("renamed@example.com").accessToken("access-2")
          .refreshToken("refresh-2").grantToken("grant-2").build());
      OAuthToken b = store.saveToken(probe().userName(a.userName()).accessToken(a.accessToken())
          .refreshToken(a.refreshToken()).grantToken(a.grantToken()).build());
      assertThat(b.id()).isNotEqualTo(a.id());
      assertThat(find(probe().accessToken(a.accessToken()))).contains(b);
      assertThat(find(probe().userName("renamed@example.com")).map(OAuthToken::id)).contains(a.id());
      assertThat(store.getTokens()).hasSize(2);
    }
  }

  // ==== FIND ====

  @Nested
  @DisplayName("FIND: findToken and findTokenById")
  class Find {
    /**
     * Verifies rule FIND-1: matching is exact: case-sensitive, no wildcards, no prefix, no trimming. If this
     * fails, the store uses LIKE, a case-insensitive collation, or a pattern.
     */
    @Test
    @Rule("FIND-1")
    @DisplayName("FIND-1 matching is exact: case-sensitive, no wildcards, no prefixes, no trimming")
    void find1_matchingIsExact() {
      OAuthToken a = store.saveToken(probe().userName("Alice@Example.com").accessToken("abc%def_ghi*jkl").build());
      assertThat(find(probe().userName("Alice@Example.com"))).contains(a);
      for (String miss : List.of("alice@example.com", "ALICE@EXAMPLE.COM", "Alice", "Alice@Example.com ",
          " Alice@Example.com", "Alice@Example.co_", "Alice%", "%", "*", "Alice@Example.com\n")) {
        assertThat(find(probe().userName(miss))).as("user name probe '%s'", miss).isEmpty();
      }
      assertThat(find(probe().accessToken("abc%def_ghi*jkl"))).contains(a);
      for (String miss : List.of("ABC%DEF_GHI*JKL", "abc%", "abcXdef_ghi*jkl", "abc%def_ghi*jk", "abc%defXghi*jkl",
          "abc%def_ghi*jklm", "%", "_", "*")) {
        assertThat(find(probe().accessToken(miss))).as("access token probe '%s'", miss).isEmpty();
      }
    }

    /**
     * Verifies rule FIND-2: findToken returns the full stored record, whatever key found it. If this fails,
     * the store returns only some columns.
     */
    @Test
    @Rule("FIND-2")
    @DisplayName("FIND-2 findToken returns the full stored record, whatever key found it")
    void find2_returnsTheFullRecord() {
      OAuthToken a = store.saveToken(full("a"));
      store.saveToken(full("b"));
      assertThat(find(probe().id(a.id()))).contains(a);
      assertThat(find(probe().userName(a.userName()))).contains(a);
      assertThat(find(probe().accessToken(a.accessToken()))).contains(a);
      assertThat(find(probe().clientId("x").clientSecret("y").grantToken(a.grantToken()))).contains(a);
      assertThat(find(probe().clientId("x").clientSecret("y").refreshToken(a.refreshToken()))).contains(a);
      // The answer is the record, not the probe filled in (as Zoho's stores answer): the probe's fields show nowhere.
      assertThat(find(probe().userName(a.userName()).apiDomain("https://probe.example")
          .redirectUrl("https://probe.example/cb").expiryTime(Instant.EPOCH))).contains(a);
    }

    /**
     * Verifies rule FIND-3: findTokenById returns the record with that id or empty, never an exception. If this
     * fails, the store throws for an unknown id.
     */
    @Test
    @Rule("FIND-3")
    @DisplayName("FIND-3 findTokenById returns the record or empty")
    void find3_findTokenById() {
      OAuthToken a = store.saveToken(full("a"));
      assertThat(store.findTokenById(idOf(a))).contains(a);
      assertThat(store.findTokenById("nope")).isEmpty();
      assertThat(store.findTokenById("")).isEmpty();
      store.deleteToken(idOf(a));
      assertThat(store.findTokenById(idOf(a))).isEmpty();
    }
    /**
     * Verifies rule FIND-4: a value that an update replaced or a delete removed finds nothing, by every key field
     * and every kind of probe. If this fails, the store keeps an index entry (a hash column, a Redis index key, a
     * cache) for a value the record no longer holds.
     */
    @Test
    @Rule("FIND-4")
    @DisplayName("FIND-4 a value replaced by an update or removed by a delete finds nothing, by every probe")
    void find4_replacedAndDeletedValuesFindNothing() {
      OAuthToken a = store.saveToken(full("a"));
      OAuthToken d = store.saveToken(full("d"));
      store.saveToken(probe().id(a.id()).userName("a2@example.com").accessToken("access-a2")
          .refreshToken("refresh-a2").grantToken("grant-a2").build());
      store.saveToken(probe().userName("a2@example.com").accessToken("access-a3").refreshToken("refresh-a2")
          .grantToken("grant-a2").build());
      assertThat(store.deleteToken(idOf(d))).isTrue();
      List<String> accessGone = List.of(a.accessToken(), "access-a2", d.accessToken());
      for (OAuthToken gone : List.of(a, d)) {
        assertThat(find(probe().userName(gone.userName()))).as("user name %s", gone.userName()).isEmpty();
        for (String[] creds : new String[][] {{gone.clientId(), gone.clientSecret()}, {"c", "s"}}) {
          assertThat(find(probe().clientId(creds[0]).clientSecret(creds[1]).refreshToken(gone.refreshToken())))
              .as("refresh token of %s", gone.userName()).isEmpty();
          assertThat(find(probe().clientId(creds[0]).clientSecret(creds[1]).grantToken(gone.grantToken())))
              .as("grant token of %s", gone.userName()).isEmpty();
        }
      }
      for (String access : accessGone) {
        assertThat(find(probe().accessToken(access))).as("access token %s", access).isEmpty();
      }
      OAuthToken now = store.findTokenById(idOf(a)).orElseThrow();
      assertThat(find(probe().accessToken("access-a3"))).contains(now);
      assertThat(find(probe().clientId("c").clientSecret("s").refreshToken("refresh-a2"))).contains(now);
      assertThat(find(probe().clientId("c").clientSecret("s").grantToken("grant-a2"))).contains(now);
    }
  }

  // ==== DELETE ====

  @Nested
  @DisplayName("DELETE: deleteToken and deleteTokens")
  class Delete {
    /**
     * Verifies rule DELETE-1: deleteToken removes the record and returns true, or returns false when there is
     * none; other records stay. If this fails, check the returned flag.
     */
    @Test
    @Rule("DELETE-1")
    @DisplayName("DELETE-1 deleteToken removes the record and returns true, or returns false if there is none")
    void delete1_deleteToken() {
      OAuthToken a = store.saveToken(full("a"));
      OAuthToken b = store.saveToken(full("b"));
      assertThat(store.deleteToken(idOf(a))).isTrue();
      assertThat(store.findToken(probe().userName(a.userName()).build())).isEmpty();
      assertThat(store.deleteToken(idOf(a))).isFalse();
      assertThat(store.deleteToken("no-such-id")).isFalse();
      assertThat(store.getTokens()).containsExactly(b);
    }

    /**
     * Verifies rule DELETE-2: a deleted record's values are free for reuse. If this fails, the store leaves
     * index entries behind on delete.
     */
    @Test
    @Rule("DELETE-2")
    @DisplayName("DELETE-2 a deleted record's values are free for reuse")
    void delete2_deletedValuesAreFree() {
      OAuthToken a = store.saveToken(full("a"));
      store.deleteToken(idOf(a));
      OAuthToken again = store.saveToken(full("a"));
      assertThat(store.getTokens()).containsExactly(again);
      assertThat(find(probe().accessToken(a.accessToken()))).contains(again);
      assertThat(find(probe().clientId("c").clientSecret("s").grantToken(a.grantToken()))).contains(again);
      OAuthToken sameId = store.saveToken(full("z").toBuilder().id(again.id()).build());
      store.deleteToken(idOf(sameId));
      OAuthToken reused = store.saveToken(full("y").toBuilder().id(sameId.id()).build());
      assertThat(store.getTokens()).containsExactly(reused);
    }

    /**
     * Verifies rule DELETE-3: deleteTokens removes every record, and the store stays usable. If this fails,
     * check what the store's bulk delete covers.
     */
    @Test
    @Rule("DELETE-3")
    @DisplayName("DELETE-3 deleteTokens removes every record and the store stays usable")
    void delete3_deleteTokens() {
      List<OAuthToken> saved = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        saved.add(store.saveToken(full("t" + i)));
      }
      store.deleteTokens();
      assertThat(store.getTokens()).isEmpty();
      for (OAuthToken t : saved) {
        assertThat(find(probe().userName(t.userName()))).isEmpty();
        assertThat(find(probe().accessToken(t.accessToken()))).isEmpty();
      }
      OAuthToken again = store.saveToken(full("t0"));
      assertThat(store.getTokens()).containsExactly(again);
    }
  }

  // ==== LIST ====

  @Nested
  @DisplayName("LIST: getTokens")
  class ListRule {
    /**
     * Verifies rule LIST-1: getTokens returns every record exactly once. If this fails, look for duplicate
     * rows or paging that skips.
     */
    @Test
    @Rule("LIST-1")
    @DisplayName("LIST-1 getTokens returns every record exactly once")
    void list1_everyRecordOnce() {
      List<OAuthToken> saved = new ArrayList<>();
      for (int i = 0; i < 25; i++) {
        saved.add(store.saveToken(full("t" + i)));
      }
      for (int i = 0; i < 25; i += 5) {
        saved.set(i, store.saveToken(probe().id(saved.get(i).id()).apiDomain("updated.example").build()));
      }
      assertThat(store.getTokens()).containsExactlyInAnyOrderElementsOf(saved);
    }

    /**
     * Verifies rule LIST-2: the list is an unmodifiable snapshot: changing it throws, and later writes do not
     * show in it. If this fails, the store returns a view of its live data.
     */
    @Test
    @Rule("LIST-2")
    @DisplayName("LIST-2 getTokens returns an unmodifiable snapshot")
    void list2_unmodifiableSnapshot() {
      OAuthToken a = store.saveToken(full("a"));
      List<OAuthToken> snapshot = store.getTokens();
      assertThatThrownBy(() -> snapshot.add(full("x"))).isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(snapshot::clear).isInstanceOf(UnsupportedOperationException.class);
      store.saveToken(full("b"));
      store.saveToken(probe().id(a.id()).apiDomain("changed.example").build());
      assertThat(snapshot).containsExactly(a);
      store.deleteToken(idOf(a));
      assertThat(snapshot).containsExactly(a);
    }
  }

  // ==== FIDELITY ====

  /** Values that break stores which build queries, patterns or files by hand. */
  static final List<String> HOSTILE = List.of(
      "O'Brien", "\"double\"", "back\\slash\\", "100%", "under_score", "*", "?", "line\nbreak\r\nend",
      "'; DROP TABLE oauthtoken; --", "\" OR \"1\"=\"1", "{\"$ne\": null}", "$where", "a.b.c", "${jndi:x}",
      "Ünïcödé 日本語 😀 \u2028", " leading and trailing ", "tab\tseparated", "comma,separated;semi",
      "<xml>&amp;</xml>", "null", "%_*?[]^$.|+(){}", "\\x00\\n");

  @Nested
  @DisplayName("FID: fidelity")
  class Fidelity {
    /**
     * Verifies rule FID-1: every field round-trips exactly, whatever it holds (quotes, backslashes, wildcards,
     * newlines, injection attempts, any Unicode), and such values work as keys. If this fails, the store builds
     * SQL, patterns or files by string concatenation or escapes badly.
     */
    @Test
    @Rule("FID-1")
    @DisplayName("FID-1 every field round-trips exactly, quotes, wildcards, injections and any Unicode included")
    void fid1_hostileValuesRoundTrip() {
      Map<String, OAuthToken> saved = new HashMap<>();
      for (String h : HOSTILE) {
        OAuthToken t = OAuthToken.builder()
            .userName(h)
            .clientId(h + "#clientId")
            .clientSecret(h + "#clientSecret")
            .refreshToken(h + "#refreshToken")
            .accessToken(h + "#accessToken")
            .grantToken(h + "#grantToken")
            .expiryTime(EXPIRY)
            .redirectUrl(h + "#redirectUrl")
            .apiDomain(h + "#apiDomain")
            .build();
        OAuthToken s = store.saveToken(t);
        assertThat(s).as("saved %s", h).isEqualTo(t.toBuilder().id(s.id()).build());
        saved.put(h, s);
      }
      OAuthToken withId = store.saveToken(full("id").toBuilder().id("a'b\"c%_*").build());
      assertThat(store.findTokenById("a'b\"c%_*")).contains(withId);
      assertThat(store.getTokens()).containsExactlyInAnyOrderElementsOf(
          concat(saved.values(), withId));
      saved.forEach((h, s) -> {
        assertThat(find(probe().userName(h))).as("by user name %s", h).contains(s);
        assertThat(find(probe().accessToken(s.accessToken()))).as("by access token %s", h).contains(s);
        assertThat(find(probe().clientId("c").clientSecret("s").refreshToken(s.refreshToken())))
            .as("by refresh token %s", h).contains(s);
        assertThat(store.findTokenById(idOf(s))).as("by id %s", h).contains(s);
      });
    }

    /**
     * Verifies rule FID-2: values of 16 KiB round-trip, and a 16 KiB access, refresh or grant token is still an
     * exact lookup key. If this fails, the store truncates values or indexes only a prefix.
     */
    @Test
    @Rule("FID-2")
    @DisplayName("FID-2 16 KiB values round-trip and still work as exact lookup keys")
    void fid2_largeValues() {
      Random random = new Random(16384);
      String access = randomText(random, 16 * 1024);
      OAuthToken big = OAuthToken.builder()
          .userName(randomText(random, 16 * 1024))
          .clientId(randomText(random, 16 * 1024))
          .clientSecret(randomText(random, 16 * 1024))
          .refreshToken(randomText(random, 16 * 1024))
          .accessToken(access)
          .grantToken(randomText(random, 16 * 1024))
          .expiryTime(EXPIRY)
          .redirectUrl(randomText(random, 16 * 1024))
          .apiDomain(randomText(random, 16 * 1024))
          .build();
      OAuthToken s = store.saveToken(big);
      assertThat(s).isEqualTo(big.toBuilder().id(s.id()).build());
      // A near miss shares the first 16 KiB - 1 characters: a prefix index must not confuse them.
      String nearMiss = access.substring(0, access.length() - 1) + (access.endsWith("a") ? "b" : "a");
      OAuthToken other = store.saveToken(probe().userName("other").accessToken(nearMiss).build());
      assertThat(find(probe().accessToken(access))).contains(s);
      assertThat(find(probe().accessToken(nearMiss))).contains(other);
      assertThat(find(probe().userName(big.userName()))).contains(s);
      assertThat(find(probe().clientId("c").clientSecret("s").refreshToken(big.refreshToken()))).contains(s);
      assertThat(find(probe().clientId("c").clientSecret("s").grantToken(big.grantToken()))).contains(s);
      assertThat(store.findTokenById(idOf(s))).contains(s);
    }

    /**
     * Verifies rule FID-3: the expiry time round-trips to the millisecond, from the epoch to the year 9999. If
     * this fails, the store keeps seconds, a time zone, or a 32-bit number.
     */
    @Test
    @Rule("FID-3")
    @DisplayName("FID-3 the expiry time round-trips to the millisecond")
    void fid3_expiryToTheMillisecond() {
      List<Instant> instants = List.of(Instant.ofEpochMilli(1), Instant.ofEpochMilli(999),
          Instant.ofEpochMilli(1_700_000_000_001L), Instant.ofEpochMilli(2_147_483_648_123L),
          Instant.parse("9999-12-31T23:59:59.999Z"));
      for (int i = 0; i < instants.size(); i++) {
        OAuthToken s = store.saveToken(full("t" + i).toBuilder().expiryTime(instants.get(i)).build());
        assertThat(store.findTokenById(idOf(s)).map(OAuthToken::expiryTime)).contains(instants.get(i));
      }
    }

    /**
     * Verifies rule FID-4: characters beyond the Basic Multilingual Plane (a UTF-16 surrogate pair each) are
     * whole characters: values that differ in one surrogate only, or that a lossy encoding would turn into
     * {@code ?} or U+FFFD, are distinct exact keys in every key field and round-trip; and no token holds an
     * unpaired surrogate, because building one throws IllegalArgumentException naming the field. If this fails,
     * the store keeps or compares keys in an encoding that cannot hold them (MySQL's 3-byte {@code utf8}, UCS-2),
     * or the API it runs with lets lone surrogates through to the backend.
     */
    @Test
    @Rule("FID-4")
    @DisplayName("FID-4 characters beyond the BMP are distinct keys and round-trip; a lone surrogate is refused")
    void fid4_supplementaryCharactersAreWholeCharacters() {
      // U+1F600 and U+1F601 differ in the low surrogate, U+1F600 and U+1F200 in the high one.
      List<String> variants = List.of("\uD83D\uDE00", "\uD83D\uDE01", "\uD83C\uDE00", "?", "\uFFFD");
      List<OAuthToken> saved = new ArrayList<>();
      for (String v : variants) {
        OAuthToken t = OAuthToken.builder().id("i" + v).userName("u" + v).clientId("c" + v).clientSecret("s" + v)
            .refreshToken("r" + v).accessToken("a" + v).grantToken("g" + v).expiryTime(EXPIRY)
            .redirectUrl("https://example.com/" + v).apiDomain("d" + v).build();
        OAuthToken s = store.saveToken(t);
        assertThat(s).as("saved with %s", v).isEqualTo(t);
        saved.add(s);
      }
      assertThat(store.getTokens()).as("one record per variant").containsExactlyInAnyOrderElementsOf(saved);
      for (int i = 0; i < variants.size(); i++) {
        String v = variants.get(i);
        OAuthToken s = saved.get(i);
        assertThat(store.findTokenById("i" + v)).as("by id with %s", v).contains(s);
        assertThat(find(probe().id("i" + v))).as("by id probe with %s", v).contains(s);
        assertThat(find(probe().userName("u" + v))).as("by user name with %s", v).contains(s);
        assertThat(find(probe().accessToken("a" + v))).as("by access token with %s", v).contains(s);
        assertThat(find(probe().clientId("c").clientSecret("s").grantToken("g" + v)))
            .as("by grant token with %s", v).contains(s);
        assertThat(find(probe().clientId("c").clientSecret("s").refreshToken("r" + v)))
            .as("by refresh token with %s", v).contains(s);
      }
      Map<String, java.util.function.BiFunction<OAuthToken.Builder, String, OAuthToken.Builder>> fields =
          new java.util.LinkedHashMap<>();
      fields.put("id", OAuthToken.Builder::id);
      fields.put("userName", OAuthToken.Builder::userName);
      fields.put("clientId", OAuthToken.Builder::clientId);
      fields.put("clientSecret", OAuthToken.Builder::clientSecret);
      fields.put("refreshToken", OAuthToken.Builder::refreshToken);
      fields.put("accessToken", OAuthToken.Builder::accessToken);
      fields.put("grantToken", OAuthToken.Builder::grantToken);
      fields.put("redirectUrl", OAuthToken.Builder::redirectUrl);
      fields.put("apiDomain", OAuthToken.Builder::apiDomain);
      for (String lone : List.of("lone\uD800hi", "lone\uDC00hi", "end\uD83D", "\uDE00start")) {
        fields.forEach((field, set) -> assertThatThrownBy(() -> set.apply(OAuthToken.builder(), lone).build())
            .as("building a token whose %s has an unpaired surrogate", field)
            .isInstanceOfSatisfying(IllegalArgumentException.class, e -> assertThat(e.getMessage())
                .contains(field).doesNotContain(lone)));
      }
    }
  }

  private static List<OAuthToken> concat(java.util.Collection<OAuthToken> some, OAuthToken one) {
    List<OAuthToken> all = new ArrayList<>(some);
    all.add(one);
    return all;
  }

  private static String randomText(Random random, int length) {
    StringBuilder s = new StringBuilder(length);
    while (s.length() < length) {
      s.append((char) ('!' + random.nextInt(94)));
    }
    return s.toString();
  }

  // ==== CONCURRENCY ====

  @Nested
  @DisplayName("CONC: concurrency")
  class Concurrency {
    /**
     * Verifies rule CONC-1: concurrent saves with one match key leave exactly one record and raise no error (a
     * lost race on insert becomes an update). If this fails, the store's upsert checks and then writes without
     * a lock, transaction or unique index.
     */
    @Test
    @Rule("CONC-1")
    @DisplayName("CONC-1 concurrent saves with one match key leave one record and raise no error")
    void conc1_concurrentSavesOfOneKey() {
      int threads = 8;
      for (int round = 0; round < 10; round++) {
        String user = "race-" + round + "@example.com";
        List<Callable<OAuthToken>> tasks = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          OAuthToken token = probe().userName(user).accessToken("access-" + round + "-" + t)
              .clientId("client").build();
          tasks.add(() -> store.saveToken(token));
        }
        List<OAuthToken> results = concurrently(tasks);
        assertThat(results.stream().map(OAuthToken::id).distinct())
            .as("ids returned to the %d savers of %s", threads, user).hasSize(1);
      }
      List<OAuthToken> all = store.getTokens();
      assertThat(all).as("one record per user").hasSize(10);
      assertThat(all.stream().map(OAuthToken::userName).distinct()).hasSize(10);
    }

    /**
     * Verifies rule CONC-2: concurrent saves of distinct tokens all persist, with distinct ids. If this fails,
     * the store loses writes or hands out one id twice.
     */
    @Test
    @Rule("CONC-2")
    @DisplayName("CONC-2 concurrent saves of distinct tokens all persist with distinct ids")
    void conc2_concurrentDistinctSaves() {
      int threads = 8;
      int each = 40;
      List<Callable<List<OAuthToken>>> tasks = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        tasks.add(() -> {
          List<OAuthToken> mine = new ArrayList<>();
          for (int i = 0; i < each; i++) {
            mine.add(store.saveToken(full(thread + "-" + i)));
          }
          return mine;
        });
      }
      List<OAuthToken> saved = concurrently(tasks).stream().flatMap(List::stream).collect(Collectors.toList());
      assertThat(ids(saved)).hasSize(threads * each);
      assertThat(store.getTokens()).containsExactlyInAnyOrderElementsOf(saved);
    }

    /**
     * Verifies rule CONC-3: no reader sees a record that mixes fields of two saves. If this fails, the store
     * writes a record's fields in several steps that readers can see between.
     */
    @Test
    @Rule("CONC-3")
    @DisplayName("CONC-3 no reader sees a record mixing fields of two saves")
    void conc3_noTornReads() {
      String user = "torn@example.com";
      OAuthToken first = store.saveToken(version(user, 0, 0));
      AtomicBoolean writing = new AtomicBoolean(true);
      CountDownLatch writers = new CountDownLatch(2);
      List<Callable<Integer>> tasks = new ArrayList<>();
      for (int w = 1; w <= 2; w++) {
        int writer = w;
        tasks.add(() -> {
          try {
            for (int n = 1; n <= 150; n++) {
              store.saveToken(version(user, writer, n));
            }
          } finally {
            writers.countDown();
            if (writers.getCount() == 0) {
              writing.set(false);
            }
          }
          return 0;
        });
      }
      for (int r = 0; r < 3; r++) {
        boolean byId = r == 0;
        tasks.add(() -> {
          int reads = 0;
          do {
            Optional<OAuthToken> seen = byId ? store.findTokenById(idOf(first))
                : store.findToken(probe().userName(user).build());
            assertThat(seen).isPresent();
            assertConsistent(seen.get());
            reads++;
          } while (writing.get());
          return reads;
        });
      }
      concurrently(tasks);
      assertThat(store.getTokens()).hasSize(1).allSatisfy(TokenStoreTck::assertConsistent);
    }

    /**
     * Verifies rule CONC-4: saves and deletes racing on one match key raise no error and leave the store as if
     * they had run one at a time. In four rounds (from an empty store, then from a stored record, twice), eight
     * threads alternate saving one user (a fresh access and refresh token each time, so no other record can hold
     * a value: a {@link DuplicateTokenException} is always wrong here) and deleting the record they find for it;
     * a delete may find nothing or return false, having lost to another delete. After each round at most one record has the user, whole (the fields of one save), and every value of a
     * replaced or deleted record is free. If this fails with a duplicate, the store's save found no record by its
     * key but then saw the user name taken by a record a concurrent save inserted (re-read the key and update, as
     * after a lost insert race); with a deadlock or serialization failure, it lets the backend's error through
     * instead of running the save again.
     */
    @Test
    @Rule("CONC-4")
    @DisplayName("CONC-4 saves and deletes racing on one key raise no error and leave at most one whole record")
    void conc4_savesAndDeletesOfOneKey() {
      // Rounds start from an empty store (the first inserts race) or from a stored record (updates race).
      for (int round = 0; round < 4; round++) {
        String user = "alice-" + round + "@example.com";
        if (round % 2 == 1) {
          store.saveToken(probe().userName(user).accessToken("access-" + round).build());
        }
        raceSavesAndDeletes(round, user);
        store.deleteTokens();
      }
    }

    private void raceSavesAndDeletes(int round, String user) {
      int threads = 8;
      int share = 30;
      Set<String> written = java.util.concurrent.ConcurrentHashMap.newKeySet();
      CountDownLatch unfinished = new CountDownLatch(threads);
      AtomicBoolean failed = new AtomicBoolean();
      List<Callable<Integer>> tasks = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        tasks.add(() -> {
          int op = 0;
          try {
            // Every thread goes on until all have done their share, so no delete or save ever runs alone.
            while (!failed.get() && (op < share || (unfinished.getCount() > 0 && op < 20 * share))) {
              String v = round + "." + thread + "." + op;
              if ((op + thread) % 2 == 0) {
                written.add(v);
                OAuthToken saved = racing("saveToken", v, () -> store.saveToken(probe().userName(user)
                    .accessToken("access-" + v).refreshToken("refresh-" + v).apiDomain(v).build()));
                // Only what any moment's record has: a later save may have changed the fields already.
                assertThat(saved.id()).as("id returned by save %s", v).isNotNull();
                assertThat(saved.userName()).as("user returned by save %s", v).isEqualTo(user);
              } else {
                Optional<OAuthToken> found = racing("findToken", v,
                    () -> store.findToken(probe().userName(user).build()));
                // true, or false when another thread deleted it first: both are right.
                found.ifPresent(r -> racing("deleteToken", v, () -> store.deleteToken(idOf(r))));
              }
              op++;
              if (op == share) {
                unfinished.countDown();
              }
            }
          } catch (RuntimeException | AssertionError e) {
            failed.set(true);
            throw e;
          }
          return op;
        });
      }
      concurrently(tasks);
      List<OAuthToken> left = store.getTokens();
      assertThat(left).as("records left after race %d", round).hasSizeLessThanOrEqualTo(1);
      assertThat(store.findToken(probe().userName(user).build())).as("findToken of the user after race %d", round)
          .isEqualTo(left.stream().findFirst());
      for (OAuthToken r : left) {
        String v = r.apiDomain();
        assertThat(List.of(String.valueOf(r.userName()), String.valueOf(r.accessToken()),
            String.valueOf(r.refreshToken()))).as("the record left is the one of one save (%s)", v)
            .containsExactly(user, "access-" + v, "refresh-" + v);
        assertThat(store.findTokenById(idOf(r))).contains(r);
      }
      for (String v : written) {
        Optional<OAuthToken> holder = left.stream().filter(r -> v.equals(r.apiDomain())).findFirst();
        assertThat(find(probe().accessToken("access-" + v))).as("who holds access token of save %s", v)
            .isEqualTo(holder);
        assertThat(find(probe().clientId("c").clientSecret("s").refreshToken("refresh-" + v)))
            .as("who holds refresh token of save %s", v).isEqualTo(holder);
      }
      OAuthToken after = store.saveToken(probe().userName(user).accessToken("access-after-" + round).build());
      left.forEach(r -> assertThat(after.id()).as("a save after race %d updates the record left", round)
          .isEqualTo(r.id()));
      assertThat(store.getTokens()).containsExactly(after);
    }
  }

  private static OAuthToken version(String user, int writer, int n) {
    String v = "v" + writer + "." + n;
    return OAuthToken.builder().userName(user).accessToken("access-" + v).refreshToken("refresh-" + v)
        .clientSecret("secret-" + v).grantToken("grant-" + v).apiDomain(v).build();
  }

  private static void assertConsistent(OAuthToken t) {
    String v = t.apiDomain();
    assertThat(List.of(t.accessToken(), t.refreshToken(), t.clientSecret(), t.grantToken()))
        .as("fields of one record").containsExactly("access-" + v, "refresh-" + v, "secret-" + v, "grant-" + v);
  }

  // ==== LIFECYCLE ====

  @Nested
  @DisplayName("LIFE: lifecycle")
  class Lifecycle {
    /**
     * Verifies rule LIFE-1: close() is idempotent and every other call after it throws IllegalStateException.
     * If this fails, the store goes on working, or fails with another exception, after close.
     */
    @Test
    @Rule("LIFE-1")
    @DisplayName("LIFE-1 close() is idempotent; every other call after it throws IllegalStateException")
    void life1_closedStoreRefusesCalls() {
      OAuthToken a = store.saveToken(full("a"));
      store.close();
      assertThatCode(store::close).doesNotThrowAnyException();
      List<Consumer<TokenStore>> calls = List.of(
          s -> s.findToken(a),
          s -> s.saveToken(a),
          s -> s.deleteToken(idOf(a)),
          TokenStore::getTokens,
          TokenStore::deleteTokens,
          s -> s.findTokenById(idOf(a)));
      for (Consumer<TokenStore> call : calls) {
        assertThatThrownBy(() -> call.accept(store)).isInstanceOf(IllegalStateException.class);
      }
    }

    /**
     * Verifies rule LIFE-2: a store that keeps its records across opens, opened again, returns what was saved.
     * If this fails, the store does not flush or commit before close, or reopens somewhere else.
     */
    @Test
    @Rule("LIFE-2")
    @DisplayName("LIFE-2 a store opened again on its URI returns what was saved")
    void life2_reopenedStoreKeepsRecords() {
      OAuthToken a = store.saveToken(full("a"));
      OAuthToken b = store.saveToken(full("b"));
      store.deleteToken(idOf(b));
      store.close();
      TokenStore again = track(reopenStore());
      assertThat(again.getTokens()).containsExactly(a);
      assertThat(again.findToken(probe().userName(a.userName()).build())).contains(a);
      OAuthToken c = again.saveToken(full("c"));
      assertThat(c.id()).isNotEqualTo(a.id());
    }

    /**
     * Verifies rule LIFE-3: stores in different namespaces of one backend never see, block or delete each
     * other's records. If this fails, the store's queries or bulk delete ignore the namespace.
     */
    @Test
    @Rule("LIFE-3")
    @DisplayName("LIFE-3 stores in different namespaces never see or delete each other's records")
    void life3_namespacesAreIsolated() {
      TokenStore other = track(newStoreInOtherNamespace());
      assertThat(other.getTokens()).as("newStoreInOtherNamespace() must return an empty store").isEmpty();
      OAuthToken mine = store.saveToken(full("a"));
      assertThat(other.findToken(probe().userName(mine.userName()).build())).isEmpty();
      assertThat(other.findToken(probe().id(mine.id()).build())).isEmpty();
      OAuthToken theirs = other.saveToken(full("a"));
      assertThat(store.getTokens()).containsExactly(mine);
      assertThat(other.getTokens()).containsExactly(theirs);
      other.deleteTokens();
      assertThat(store.getTokens()).containsExactly(mine);
      theirs = other.saveToken(full("b"));
      store.deleteTokens();
      assertThat(other.getTokens()).containsExactly(theirs);
    }
  }

  // ==== ERRORS ====

  @Nested
  @DisplayName("ERR: errors")
  class Errors {
    /**
     * Verifies rule ERR-1: a null argument throws NullPointerException naming the parameter. If this fails, add
     * {@code Objects.requireNonNull(arg, "name")} at the top of the method.
     */
    @Test
    @Rule("ERR-1")
    @DisplayName("ERR-1 a null argument throws NullPointerException naming the parameter")
    @SuppressWarnings("NullAway") // passes null on purpose
    void err1_nullArguments() {
      assertNamesParameter(() -> store.findToken(null), "probe");
      assertNamesParameter(() -> store.saveToken(null), "token");
      assertNamesParameter(() -> store.deleteToken(null), "id");
      assertNamesParameter(() -> store.findTokenById(null), "id");
    }

    /**
     * Verifies rule ERR-2: a backend failure throws TokenStoreException with the cause and a message naming the
     * operation. If this fails, the store lets a driver exception through or drops its cause.
     */
    @Test
    @Rule("ERR-2")
    @DisplayName("ERR-2 a backend failure throws TokenStoreException with the cause, naming the operation")
    void err2_backendFailure() {
      TokenStore failing;
      try {
        failing = track(openUnavailableStore());
      } catch (TokenStoreException e) {
        assertThat(e.getCause()).as("cause of the failed open").isNotNull();
        return;
      }
      Map<String, Consumer<TokenStore>> calls = new java.util.LinkedHashMap<>();
      calls.put("findToken", s -> s.findToken(full("a")));
      calls.put("saveToken", s -> s.saveToken(full("a")));
      calls.put("deleteToken", s -> s.deleteToken("1"));
      calls.put("getTokens", TokenStore::getTokens);
      calls.put("deleteTokens", TokenStore::deleteTokens);
      calls.put("findTokenById", s -> s.findTokenById("1"));
      calls.forEach((operation, call) -> assertThatThrownBy(() -> call.accept(failing))
          .as(operation)
          .isInstanceOfSatisfying(TokenStoreException.class, e -> {
            assertThat(e.getCause()).as("cause").isNotNull();
            assertThat(e.getMessage()).contains(operation);
          }));
    }

    /**
     * Verifies rule ERR-3: no secret value (client secret, access, refresh or grant token) appears in a
     * message or in {@code toString}. If this fails, find where the store formats a token or a query with its
     * values.
     */
    @Test
    @Rule("ERR-3")
    @DisplayName("ERR-3 no secret value appears in an exception message or toString")
    void err3_noSecretsInMessages() {
      OAuthToken a = store.saveToken(full("a"));
      OAuthToken b = store.saveToken(full("b"));
      List<String> texts = new ArrayList<>();
      texts.add(store.toString());
      texts.add(a.toString());
      texts.add(String.valueOf(store.getTokens()));
      texts.add(String.valueOf(store.findToken(probe().userName(a.userName()).build())));
      collectMessage(texts, () -> store.saveToken(probe().userName(b.userName()).accessToken(a.accessToken())
          .build()));
      collectMessage(texts, () -> store.saveToken(probe().clientSecret(a.clientSecret()).build()));
      store.close();
      collectMessage(texts, () -> store.findToken(a));
      collectMessage(texts, () -> store.saveToken(a));
      for (OAuthToken t : List.of(a, b)) {
        for (String secret : List.of(t.clientSecret(), t.accessToken(), t.refreshToken(), t.grantToken())) {
          assertThat(texts).as("messages and toString").noneMatch(text -> text.contains(secret));
        }
      }
    }
  }

  // "id", "id must not be null", "id: ..." or the JVM's helpful message about a variable called "id".
  private static void assertNamesParameter(Runnable call, String parameter) {
    assertThatThrownBy(call::run).isInstanceOfSatisfying(NullPointerException.class, e -> {
      String m = String.valueOf(e.getMessage());
      assertThat(m.equals(parameter) || m.startsWith(parameter + " ") || m.startsWith(parameter + ":")
          || m.contains("\"" + parameter + "\""))
          .as("message '%s' names the parameter '%s'", m, parameter).isTrue();
    });
  }

  private static void collectMessage(List<String> texts, Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        texts.add(String.valueOf(t.getMessage()));
        texts.add(t.toString());
      }
    }
  }

  // ==== LEASE ====

  /** The store under test as a leasing store; skips the rule if it declares no leases. */
  private LeasingTokenStore leasing() {
    if (!(store instanceof LeasingTokenStore)) {
      throw skip("the store is not a LeasingTokenStore: the LEASE rules are for stores that declare leases");
    }
    return (LeasingTokenStore) store;
  }

  private static Lease granted(LeasingTokenStore s, String id, Duration time) {
    return s.tryLease(id, time).orElseThrow(() -> new AssertionError("no live lease on record " + id
        + ", yet tryLease refused one"));
  }

  private static final Duration LONG_LEASE = Duration.ofMinutes(5);

  @Nested
  @DisplayName("LEASE: leases on records, for stores that declare them")
  class Leases {
    /**
     * Verifies rule LEASE-1: while a lease on a record is live, the store grants no other on it; a lease on
     * another record is granted; of four racing takers one wins; once released, the record's next lease is
     * granted, to a new holder. If this fails, the grant does not check for a live lease atomically.
     */
    @Test
    @Rule("LEASE-1")
    @DisplayName("LEASE-1 one live lease per record; released, the record's next lease is granted")
    void lease1_oneLiveLeasePerRecord() {
      LeasingTokenStore s = leasing();
      String id = idOf(s.saveToken(full("a")));
      Lease first = granted(s, id, LONG_LEASE);
      assertThat(first.id()).isEqualTo(id);
      assertThat(s.tryLease(id, LONG_LEASE)).as("a second lease while the first is live").isEmpty();
      assertThat(s.tryLease(id, Duration.ofMillis(1))).as("a short second lease while the first is live")
          .isEmpty();
      Lease other = granted(s, idOf(s.saveToken(full("b"))), LONG_LEASE);
      s.tryLease("no-such-record-" + id, LONG_LEASE).ifPresent(s::release); // granted or not: either is right
      assertThat(s.release(first)).as("release of the live lease").isTrue();
      Lease next = granted(s, id, LONG_LEASE);
      assertThat(next.holder()).isNotEqualTo(first.holder());
      assertThat(s.tryLease(id, LONG_LEASE)).isEmpty();
      String raced = idOf(s.saveToken(full("c")));
      List<Boolean> won = concurrently(List.<Callable<Boolean>>of(
          () -> s.tryLease(raced, LONG_LEASE).isPresent(),
          () -> s.tryLease(raced, LONG_LEASE).isPresent(),
          () -> s.tryLease(raced, LONG_LEASE).isPresent(),
          () -> s.tryLease(raced, LONG_LEASE).isPresent()));
      assertThat(won).as("four racing takers of one free lease").containsOnlyOnce(true);
      s.release(next);
      s.release(other);
    }

    /**
     * Verifies rule LEASE-2: leases are the records' data, not the store object's: a lease live through one
     * store object refuses another through a second object on the same records, and that object can save with
     * it, count with it and release it; refreshes counted through one object spend the budget through the other.
     * If this fails, the store keeps leases or counts in the object (an in-process lock or counter) rather than
     * in the backend.
     */
    @Test
    @Rule("LEASE-2")
    @DisplayName("LEASE-2 a lease holds across store objects on the same records")
    void lease2_leasesHoldAcrossStoreObjects() {
      LeasingTokenStore s = leasing();
      TokenStore opened = track(openSecondStore());
      assertThat(opened).as("openSecondStore() returns a LeasingTokenStore").isInstanceOf(LeasingTokenStore.class);
      LeasingTokenStore second = (LeasingTokenStore) opened;
      OAuthToken a = s.saveToken(full("a"));
      Lease lease = granted(s, idOf(a), LONG_LEASE);
      assertThat(second.tryLease(idOf(a), LONG_LEASE)).as("a lease through the second object").isEmpty();
      OAuthToken saved = second.saveLeased(lease, probe().accessToken("access-a2").build())
          .orElseThrow(() -> new AssertionError("the second object refused a save under a live lease"));
      assertThat(saved).isEqualTo(a.toBuilder().accessToken("access-a2").build());
      assertThat(s.findTokenById(idOf(a))).contains(saved);
      assertThat(s.countRefresh(lease, 1, LONG_LEASE)).as("a count through the first object")
          .contains(Duration.ZERO);
      assertThat(second.countRefresh(lease, 1, LONG_LEASE)).as("a count through the second object, the budget of 1"
          + " spent through the first").hasValueSatisfying(wait -> assertThat(wait).isPositive());
      assertThat(second.release(lease)).as("release through the second object").isTrue();
      Lease back = granted(second, idOf(a), LONG_LEASE);
      assertThat(s.tryLease(idOf(a), LONG_LEASE)).as("a lease through the first object").isEmpty();
      assertThat(second.countRefresh(back, 2, LONG_LEASE)).as("the second of a budget of 2, the first counted"
          + " through the other object under an earlier lease").contains(Duration.ZERO);
      assertThat(s.countRefresh(back, 2, LONG_LEASE)).as("a third count, a budget of 2")
          .hasValueSatisfying(wait -> assertThat(wait).isPositive());
      second.release(back);
    }

    /**
     * Verifies rule LEASE-3: a lease not released ends when its time has passed: the record's next lease is
     * granted, and the expired lease's save and release are refused. If this fails, the store ignores the lease
     * time, and a holder that died blocks every refresh for good.
     */
    @Test
    @Rule("LEASE-3")
    @DisplayName("LEASE-3 an unreleased lease expires; the expired holder's save and release are refused")
    void lease3_leasesExpire() throws InterruptedException {
      LeasingTokenStore s = leasing();
      OAuthToken a = s.saveToken(full("a"));
      Lease stale = granted(s, idOf(a), Duration.ofMillis(200));
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      Optional<Lease> next = Optional.empty();
      while (next.isEmpty()) {
        if (System.nanoTime() - deadline > 0) {
          fail("a lease of 200 ms was still live 20 s later");
        }
        Thread.sleep(20);
        next = s.tryLease(idOf(a), LONG_LEASE);
      }
      assertThat(s.saveLeased(stale, probe().accessToken("access-late").build()))
          .as("the expired holder's save").isEmpty();
      assertThat(s.findTokenById(idOf(a))).contains(a);
      assertThat(s.release(stale)).as("the expired holder's release").isFalse();
      assertThat(s.tryLease(idOf(a), LONG_LEASE)).as("the new lease, after the old one's release").isEmpty();
      assertThat(s.saveLeased(next.get(), probe().accessToken("access-new").build())).isPresent();
      s.release(next.get());
      // Expired and not taken again since: still refused, by its time alone.
      OAuthToken b = s.saveToken(full("b"));
      Lease lapsed = granted(s, idOf(b), Duration.ofMillis(200));
      Thread.sleep(600);
      assertThat(s.saveLeased(lapsed, probe().accessToken("access-lapsed").build()))
          .as("the save of a lease expired 400 ms ago, not taken again").isEmpty();
      assertThat(s.findTokenById(idOf(b))).contains(b);
      assertThat(s.release(lapsed)).as("the release of a lease expired, not taken again").isFalse();
    }

    /**
     * Verifies rule LEASE-4: a save with a live lease is a save (the record merged, the stored record returned,
     * the lease's id on a token without one); a save with a lease that is not live (released, or never granted)
     * changes nothing, and so does one whose record was deleted since the lease was granted; a token naming
     * another record is refused. If this fails, the fenced save does not check
     * the lease, or checks another holder's. (That the check and the write are one step, against a concurrent
     * grant, is what the cross-process tests of each provider show, not this rule.)
     */
    @Test
    @Rule("LEASE-4")
    @DisplayName("LEASE-4 a fenced save stands only under a live lease")
    @SuppressWarnings("NullAway") // passes null on purpose
    void lease4_fencedSave() {
      LeasingTokenStore s = leasing();
      OAuthToken a = s.saveToken(full("a"));
      OAuthToken b = s.saveToken(full("b"));
      Lease lease = granted(s, idOf(a), LONG_LEASE);
      OAuthToken update = probe().accessToken("access-a2").refreshToken("refresh-a2")
          .expiryTime(EXPIRY.plusSeconds(3600)).build();
      OAuthToken saved = s.saveLeased(lease, update).orElseThrow(() -> new AssertionError(
          "a save under a live lease was refused"));
      OAuthToken expected = a.toBuilder().accessToken("access-a2").refreshToken("refresh-a2")
          .expiryTime(EXPIRY.plusSeconds(3600)).build();
      assertThat(saved).isEqualTo(expected);
      assertThat(s.findTokenById(idOf(a))).contains(expected);
      assertThatThrownBy(() -> s.saveLeased(lease, probe().id(idOf(b)).accessToken("x").build()))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> s.saveLeased(lease, probe().userName(b.userName()).build()))
          .as("a save that takes another record's user name").isInstanceOf(DuplicateTokenException.class);
      assertThat(s.release(lease)).isTrue();
      assertThat(s.saveLeased(lease, probe().accessToken("access-a3").build())).as("a save after release")
          .isEmpty();
      assertThat(s.saveLeased(new Lease(idOf(b), "never-granted"), probe().accessToken("access-b2").build()))
          .as("a save with a lease never granted").isEmpty();
      assertThat(s.getTokens()).containsExactlyInAnyOrder(expected, b);
      OAuthToken c = s.saveToken(full("c"));
      Lease onC = granted(s, idOf(c), LONG_LEASE);
      assertThat(s.deleteToken(idOf(c))).isTrue();
      assertThat(s.saveLeased(onC, probe().accessToken("access-c2").build()))
          .as("a save under a lease whose record was deleted since it was granted").isEmpty();
      assertThat(s.findTokenById(idOf(c))).as("the deleted record").isEmpty();
      s.release(onC);
      assertThat(s.getTokens()).containsExactlyInAnyOrder(expected, b);
      assertNamesParameter(() -> s.saveLeased(null, update), "lease");
      assertNamesParameter(() -> s.saveLeased(lease, null), "token");
      assertNamesParameter(() -> s.tryLease(null, LONG_LEASE), "id");
      assertNamesParameter(() -> s.release(null), "lease");
    }

    /**
     * Verifies rule LEASE-5: only the holder ends a lease: a release naming the record with another holder is
     * refused and the lease stays live; a second release is refused. If this fails, release deletes by record
     * id alone, and a stalled holder's late release frees the next holder's lease.
     */
    @Test
    @Rule("LEASE-5")
    @DisplayName("LEASE-5 only the holder releases a live lease")
    void lease5_onlyTheHolderReleases() {
      LeasingTokenStore s = leasing();
      String id = idOf(s.saveToken(full("a")));
      Lease lease = granted(s, id, LONG_LEASE);
      assertThat(s.release(new Lease(id, lease.holder() + "-not"))).as("release by another holder").isFalse();
      assertThat(s.tryLease(id, LONG_LEASE)).as("a lease after another holder's release").isEmpty();
      assertThat(s.saveLeased(lease, probe().accessToken("access-a2").build())).isPresent();
      assertThat(s.release(lease)).isTrue();
      assertThat(s.release(lease)).as("a second release").isFalse();
    }

    /**
     * Verifies rule LEASE-6: leases change no record and hold up no other call: taking, refusing and releasing
     * leases, and refused fenced saves, leave every record as it was; a lease on an id with no record, granted
     * or refused, creates none; under a live lease the record is still found, saved and deleted as ever. If this fails, the store
     * keeps leases in the records (an upsert that creates one, a lease field that shows).
     */
    @Test
    @Rule("LEASE-6")
    @DisplayName("LEASE-6 leases change no record and hold up no other call")
    void lease6_leasesChangeNoRecord() {
      LeasingTokenStore s = leasing();
      OAuthToken a = s.saveToken(full("a"));
      OAuthToken b = s.saveToken(full("b"));
      Lease onA = granted(s, idOf(a), LONG_LEASE);
      Optional<Lease> onNothing = s.tryLease("none-" + idOf(a), LONG_LEASE);
      s.tryLease(idOf(a), LONG_LEASE);
      s.saveLeased(new Lease(idOf(b), "never-granted"), probe().accessToken("x").build());
      assertThat(s.getTokens()).containsExactlyInAnyOrder(a, b);
      assertThat(s.findTokenById("none-" + idOf(a))).isEmpty();
      assertThat(s.findToken(probe().userName(a.userName()).build())).contains(a);
      OAuthToken a2 = s.saveToken(probe().id(idOf(a)).accessToken("access-a2").build());
      assertThat(a2).isEqualTo(a.toBuilder().accessToken("access-a2").build());
      assertThat(s.release(onA)).isTrue();
      onNothing.ifPresent(l -> assertThat(s.release(l)).as("release of the lease on no record").isTrue());
      assertThat(s.getTokens()).containsExactlyInAnyOrder(a2, b);
      Lease again = granted(s, idOf(b), LONG_LEASE);
      assertThat(s.deleteToken(idOf(b))).as("delete under a live lease").isTrue();
      s.release(again);
      assertThat(s.getTokens()).containsExactly(a2);
    }

    /**
     * Verifies rule LEASE-7: under a live lease, {@code countRefresh} counts at most the budget of a record's
     * refreshes in any window: zero while there is room (several counts under one lease, too), then a positive
     * wait of at most the window, until the count that ends first leaves it; budgets are per record; a refusal
     * counts nothing, so the window reopens once the counts have aged out even while refusals keep coming; counts
     * change no record. If this fails, the store counts per store object or forever, counts refusals, or waits
     * for the wrong count, and a budget of 10 per 10 minutes becomes a ban.
     */
    @Test
    @Rule("LEASE-7")
    @DisplayName("LEASE-7 a record's budget counts at most its refreshes per window; refusals count nothing")
    @SuppressWarnings("NullAway") // passes null on purpose
    void lease7_budgetPerWindow() throws InterruptedException {
      LeasingTokenStore s = leasing();
      OAuthToken a = s.saveToken(full("a"));
      OAuthToken b = s.saveToken(full("b"));
      Lease onA = granted(s, idOf(a), LONG_LEASE);
      try {
        for (int i = 1; i <= 3; i++) {
          assertThat(s.countRefresh(onA, 3, LONG_LEASE)).as("count %d of a budget of 3", i)
              .contains(Duration.ZERO);
        }
        Optional<Duration> spent = s.countRefresh(onA, 3, LONG_LEASE);
        assertThat(spent).as("a fourth count, a budget of 3 per " + LONG_LEASE).isPresent();
        assertThat(spent.get()).as("the wait until the window has room").isPositive()
            .isLessThanOrEqualTo(LONG_LEASE);
      } finally {
        s.release(onA);
      }
      Lease onB = granted(s, idOf(b), LONG_LEASE);
      try {
        assertThat(s.countRefresh(onB, 2, LONG_LEASE)).as("another record's budget").contains(Duration.ZERO);
        assertThat(s.countRefresh(onB, 2, Duration.ofSeconds(30))).as("a count with a shorter window")
            .contains(Duration.ZERO);
        assertThat(s.countRefresh(onB, 2, LONG_LEASE)).as("the wait, a budget of 2 spent by counts of windows of "
            + LONG_LEASE + " then 30 s: the 30 s count makes room first")
            .hasValueSatisfying(wait -> assertThat(wait).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(30)));
      } finally {
        s.release(onB);
      }
      assertThat(s.getTokens()).as("records after counting").containsExactlyInAnyOrder(a, b);

      OAuthToken c = s.saveToken(full("c"));
      // Released whatever happens: a failure here must not hold the record's lease into the next rule's run.
      Lease onC = granted(s, idOf(c), LONG_LEASE);
      try {
        budgetReopens(s, onC);
      } finally {
        s.release(onC);
      }
      assertNamesParameter(() -> s.countRefresh(null, 1, LONG_LEASE), "lease");
      assertNamesParameter(() -> s.countRefresh(onC, 1, null), "window");
      assertThatThrownBy(() -> s.countRefresh(onC, 0, LONG_LEASE)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("budget");
      assertThatThrownBy(() -> s.countRefresh(onC, 1, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("window");
    }

    // A budget of 1 per 300 ms, refused every 20 ms, has room again once its one count has aged out.
    private void budgetReopens(LeasingTokenStore s, Lease onC) throws InterruptedException {
      Duration window = Duration.ofMillis(300);
      long start = System.nanoTime();
      assertThat(s.countRefresh(onC, 1, window)).as("the one count of a budget of 1 per 300 ms")
          .contains(Duration.ZERO);
      long deadline = start + Duration.ofSeconds(20).toNanos();
      Optional<Duration> next = s.countRefresh(onC, 1, window);
      assertThat(next).as("a second count").isPresent();
      if (next.get().isZero()) {
        // Counted again: right only if the first count's window had passed (a slow backend).
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("time since the first count, a second counted")
            .isGreaterThanOrEqualTo(window);
      }
      assertThat(next.get()).as("the wait until the window has room").isLessThanOrEqualTo(window);
      while (!next.orElseThrow().isZero()) {
        if (System.nanoTime() - deadline > 0) {
          fail("a budget of 1 per 300 ms, refused every 20 ms, had no room 20 s later: refusals are counted, or"
              + " counts never leave their window");
        }
        Thread.sleep(20);
        next = s.countRefresh(onC, 1, window);
      }
    }

    /**
     * Verifies rule LEASE-8: {@code countRefresh} is fenced like a save: under a lease that is not live
     * (released, expired, or never granted) it returns empty and counts nothing, so the record's next holder
     * has its whole budget. If this fails, a holder that stalled past its lease spends the next holder's budget.
     */
    @Test
    @Rule("LEASE-8")
    @DisplayName("LEASE-8 a count stands only under a live lease")
    void lease8_countsAreFenced() throws InterruptedException {
      LeasingTokenStore s = leasing();
      String id = idOf(s.saveToken(full("a")));
      Lease released = granted(s, id, LONG_LEASE);
      s.release(released);
      assertThat(s.countRefresh(released, 1, LONG_LEASE)).as("a count after release").isEmpty();
      assertThat(s.countRefresh(new Lease(id, "never-granted"), 1, LONG_LEASE)).as("a count with a lease never"
          + " granted").isEmpty();
      Lease lapsed = granted(s, id, Duration.ofMillis(200));
      Thread.sleep(600);
      assertThat(s.countRefresh(lapsed, 1, LONG_LEASE)).as("a count with a lease expired 400 ms ago").isEmpty();
      Lease live = granted(s, id, LONG_LEASE);
      try {
        assertThat(s.countRefresh(live, 1, LONG_LEASE)).as("the one count of a budget of 1, no refused count"
            + " before it counted").contains(Duration.ZERO);
      } finally {
        s.release(live);
      }
    }
  }

  // ==== DISCOVERY ====

  @Nested
  @DisplayName("DISC: discovery")
  class Discovery {
    /**
     * Verifies rule DISC-1: the provider is found through ServiceLoader and TokenStores.open(uri) opens the
     * store. If this fails, check {@code META-INF/services/io.tokenstore.spi.TokenStoreProvider} and
     * {@code module-info.java}.
     */
    @Test
    @Rule("DISC-1")
    @DisplayName("DISC-1 the provider is found by ServiceLoader and opened by TokenStores.open(uri)")
    void disc1_foundByServiceLoader() {
      String uri = storeUri().orElseThrow(() -> skip("storeUri() is empty: override it to test DISC-1"));
      TokenStoreProvider provider = TokenStores.provider(uri);
      ClassLoader loader = Thread.currentThread().getContextClassLoader();
      assertThat(StreamSupport.stream(ServiceLoader.load(TokenStoreProvider.class, loader).spliterator(), false)
          .map(Object::getClass))
          .as("providers found by ServiceLoader").contains(provider.getClass());
      assertThat(provider.schemes()).anySatisfy(s -> assertThat(uri.toLowerCase(java.util.Locale.ROOT))
          .startsWith(s.toLowerCase(java.util.Locale.ROOT) + ":"));
      TokenStore opened = track(TokenStores.open(uri));
      assertThatCode(opened::getTokens).doesNotThrowAnyException();
    }
  }

  // ==== MODEL ====

  @Nested
  @DisplayName("MODEL: model checking")
  class Model {
    /**
     * Verifies rule MODEL-1: random sequences of all six operations give the same results as the reference
     * model, step by step. The failure message gives the seed and the steps; replay that sequence alone with
     * {@code -Dtokenstore.tck.seed=SEED -Dtokenstore.tck.sequences=1}. Bugs that other rules isolate usually
     * show here too.
     */
    @Test
    @Rule("MODEL-1")
    @DisplayName("MODEL-1 random operation sequences agree with the reference model after every step")
    void model1_randomSequencesAgreeWithTheModel() {
      long base = Long.getLong("tokenstore.tck.seed", DEFAULT_SEED);
      int sequences = Integer.getInteger("tokenstore.tck.sequences", MODEL_SEQUENCES);
      for (int i = 0; i < sequences; i++) {
        long seed = base + i;
        TokenStore s = i == 0 ? store : track(newStore());
        new ModelCheck(s, seed, MODEL_STEPS).run();
      }
    }
  }

}
