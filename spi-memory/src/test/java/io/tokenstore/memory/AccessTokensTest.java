package io.tokenstore.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.tokenstore.AccessTokens;
import io.tokenstore.OAuth2Refresher;
import io.tokenstore.OAuthToken;
import io.tokenstore.TokenRefreshException;
import io.tokenstore.TokenStore;
import io.tokenstore.TokenStores;
import io.tokenstore.spi.Lease;
import io.tokenstore.spi.LeasingTokenStore;
import io.tokenstore.testing.OAuthServer;
import io.tokenstore.testing.Waits;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** AccessTokens and OAuth2Refresher on the memory store, against a token endpoint over real HTTP on loopback. */
class AccessTokensTest {
  private static final String SECRET = "client-secret-value";
  private static final Instant T0 = Instant.parse("2026-12-07T08:00:00Z");
  private static final OAuthToken ALICE = OAuthToken.builder().userName("alice@example.com").build();

  /** A clock the test moves. */
  static final class MovableClock extends Clock {
    private volatile Instant now = T0;

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }
  }

  private final MovableClock clock = new MovableClock();
  private OAuthServer server;
  private TokenStore store;
  private ExecutorService pool;

  @BeforeEach
  void start() throws Exception {
    server = new OAuthServer("refresh-0");
    store = TokenStores.open("memory:");
    pool = Executors.newFixedThreadPool(8);
  }

  @AfterEach
  void stop() throws Exception {
    pool.shutdownNow();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    server.close();
    store.close();
  }

  private OAuthToken saveAlice(Instant expiry) {
    return store.saveToken(ALICE.toBuilder().clientId("1000.A").clientSecret(SECRET).refreshToken("refresh-0")
        .accessToken("access-0").expiryTime(expiry).build());
  }

  private OAuth2Refresher refresher() {
    return OAuth2Refresher.tokenEndpoint(server.endpoint()).clock(clock);
  }

  private AccessTokens.Builder tokens() {
    return AccessTokens.builder(store, refresher()).clock(clock);
  }

  @Test
  void aValidStoredToken_isReturnedWithoutACall() {
    saveAlice(T0.plus(Duration.ofHours(1)));
    assertThat(tokens().build().accessToken(ALICE)).isEqualTo("access-0");
    assertThat(server.calls()).isZero();
  }

  @Test
  void aTokenWithinMinValidityOfItsExpiry_isRefreshedAndSavedWithTheServersFields() {
    OAuthToken stored = saveAlice(T0.plusSeconds(59));
    server.expiresIn(3600);
    OAuthToken fresh = tokens().build().token(ALICE);

    assertThat(fresh).isEqualTo(stored.toBuilder().accessToken("access-1").expiryTime(T0.plusSeconds(3600))
        .apiDomain("https://www.zohoapis.com").build());
    assertThat(store.findToken(ALICE)).contains(fresh);
    assertThat(server.forms()).singleElement().satisfies(form -> assertThat(form)
        .containsEntry("grant_type", "refresh_token").containsEntry("refresh_token", "refresh-0")
        .containsEntry("client_id", "1000.A").containsEntry("client_secret", SECRET));
  }

  @Test
  void eightThreadsThroughThreeExpiryCycles_withRotation_refreshThreeTimes() throws Exception {
    saveAlice(T0.minusSeconds(1));
    server.rotate().expiresIn(3600);
    AccessTokens tokens = tokens().build();
    for (int cycle = 1; cycle <= 3; cycle++) {
      server.hold();
      CountDownLatch calling = new CountDownLatch(8);
      List<Future<String>> results = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        results.add(pool.submit(() -> {
          calling.countDown();
          return tokens.accessToken(ALICE);
        }));
      }
      assertThat(calling.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(server.awaitCalls(cycle, Duration.ofSeconds(10))).isTrue();
      server.release();
      endCycle(cycle, results);
    }
    assertThat(store.findToken(ALICE).orElseThrow().refreshToken()).isEqualTo("refresh-3");
  }

  // Every caller of the cycle got its one new token, from one call; then the clock brings the next expiry.
  private void endCycle(int cycle, List<Future<String>> results) throws Exception {
    Set<String> seen = ConcurrentHashMap.newKeySet();
    for (Future<String> f : results) {
      seen.add(f.get(30, TimeUnit.SECONDS));
    }
    assertThat(seen).as("access tokens of cycle %d", cycle).containsExactly("access-" + cycle);
    assertThat(server.calls()).as("calls after cycle %d", cycle).isEqualTo(cycle);
    clock.advance(Duration.ofSeconds(3600));
  }

  @Test
  void aRefusedRefresh_reachesTheCaller_savesNothing_andTheNextCallTriesAgain() {
    OAuthToken stored = saveAlice(T0.minusSeconds(1));
    server.answer(400, "{\"error\":\"invalid_grant\"}");
    AccessTokens tokens = tokens().build();

    Throwable refused = catchThrowable(() -> tokens.token(ALICE));
    assertThat(refused).isInstanceOfSatisfying(TokenRefreshException.class,
        e -> assertThat(e.error()).contains("invalid_grant"));
    assertThat(refused.getMessage()).contains(stored.id()).doesNotContain(SECRET).doesNotContain("refresh-0");
    assertThat(store.findToken(ALICE)).contains(stored);

    server.answer(0, "");
    assertThat(tokens.accessToken(ALICE)).isEqualTo("access-1");
    assertThat(server.calls()).isEqualTo(2);
  }

  @Test
  void zohosAccessDeniedWith200_isAnError() {
    saveAlice(T0.minusSeconds(1));
    server.zohoLimit(1, Duration.ofMinutes(10)).expiresIn(30);
    AccessTokens tokens = tokens().minValidity(Duration.ZERO).build();
    assertThat(tokens.accessToken(ALICE)).isEqualTo("access-1");
    clock.advance(Duration.ofSeconds(31));

    assertThatThrownBy(() -> tokens.accessToken(ALICE)).isInstanceOfSatisfying(TokenRefreshException.class,
        e -> assertThat(e.error()).contains("Access Denied"))
        .hasMessageContaining("HTTP 200").hasMessageNotContaining("too many requests");
  }

  @Test
  void theBudget_withoutLeases_servesTheStoredTokenWhileValid_thenSaysWhenTheWindowReopens() {
    saveAlice(T0.minusSeconds(1));
    // Every token is short of the minimum validity: each call would refresh, but for the budget.
    server.expiresIn(30);
    // A store without leases: the budget is this AccessTokens', by its clock.
    HeldRereads plain = new HeldRereads(store, new CountDownLatch(0), new CountDownLatch(0));
    plain.holding = false;
    AccessTokens tokens = AccessTokens.builder(plain, refresher()).clock(clock)
        .refreshBudget(2, Duration.ofMinutes(10)).build();
    assertThat(tokens.coordinatesAcrossProcesses()).isFalse();
    assertThat(tokens.accessToken(ALICE)).isEqualTo("access-1");
    assertThat(tokens.accessToken(ALICE)).isEqualTo("access-2");
    assertThat(tokens.accessToken(ALICE)).as("budget spent, token still valid").isEqualTo("access-2");
    assertThat(server.calls()).isEqualTo(2);

    clock.advance(Duration.ofSeconds(31));
    assertThatThrownBy(() -> tokens.accessToken(ALICE)).isInstanceOf(TokenRefreshException.class)
        .hasMessageContaining("reopens at " + T0.plus(Duration.ofMinutes(10)));
    assertThat(server.calls()).isEqualTo(2);

    clock.advance(Duration.ofMinutes(10));
    assertThat(tokens.accessToken(ALICE)).isEqualTo("access-3");
  }

  @Test
  void theBudget_isCountedInTheStore_acrossAccessTokensOnTwoStoreObjects() {
    String name = "memory:budget-" + UUID.randomUUID();
    try (TokenStore first = TokenStores.open(name); TokenStore second = TokenStores.open(name)) {
      first.saveToken(ALICE.toBuilder().clientId("1000.A").clientSecret(SECRET).refreshToken("refresh-0")
          .accessToken("access-0").expiryTime(T0.minusSeconds(1)).build());
      server.expiresIn(30);
      // Counts go by the store's clock, so the window is real time: short enough to wait for.
      Duration window = Duration.ofMillis(500);
      AccessTokens one = AccessTokens.builder(first, refresher()).clock(clock).refreshBudget(2, window).build();
      AccessTokens other = AccessTokens.builder(second, refresher()).clock(clock).refreshBudget(2, window).build();
      assertThat(one.accessToken(ALICE)).isEqualTo("access-1");
      assertThat(other.accessToken(ALICE)).isEqualTo("access-2");
      assertThat(one.accessToken(ALICE)).as("the budget of 2 spent through both, token still valid")
          .isEqualTo("access-2");
      assertThat(other.accessToken(ALICE)).isEqualTo("access-2");
      assertThat(server.calls()).isEqualTo(2);

      clock.advance(Duration.ofSeconds(31));
      Instant before = clock.instant();
      Throwable spent = catchThrowable(() -> one.accessToken(ALICE));
      assertThat(spent).isInstanceOf(TokenRefreshException.class).hasMessageContaining("reopens at");
      Instant reopens = Instant.parse(spent.getMessage().replaceAll(".*reopens at ", ""));
      assertThat(reopens).isAfter(before).isBeforeOrEqualTo(before.plus(window));
      assertThat(server.calls()).isEqualTo(2);

      // Refused every 10 ms meanwhile, the window still reopens: refusals count nothing.
      assertThat(Waits.until(Duration.ofSeconds(10), Duration.ofMillis(10),
          () -> catchThrowable(() -> other.accessToken(ALICE)) == null)).as("a refresh once the window reopens")
          .isTrue();
      assertThat(first.findToken(ALICE).orElseThrow().accessToken()).isEqualTo("access-3");
      assertThat(server.calls()).isEqualTo(3);
    }
  }

  @Test
  void rejected_refreshesTheRefusedToken_onceForEveryCallerThatHeldIt() {
    saveAlice(T0.plus(Duration.ofHours(1)));
    AccessTokens tokens = tokens().build();
    assertThat(tokens.rejected(ALICE, "access-0").accessToken()).isEqualTo("access-1");
    // A second caller that also held access-0 gets the replacement, not another refresh.
    assertThat(tokens.rejected(ALICE, "access-0").accessToken()).isEqualTo("access-1");
    assertThat(server.calls()).isEqualTo(1);
  }

  @Test
  void rejected_withTheBudgetSpent_doesNotHandBackTheRefusedToken() {
    saveAlice(T0.plus(Duration.ofHours(1)));
    AccessTokens tokens = tokens().refreshBudget(1, Duration.ofMinutes(10)).build();
    assertThat(tokens.rejected(ALICE, "access-0").accessToken()).isEqualTo("access-1");
    assertThatThrownBy(() -> tokens.rejected(ALICE, "access-1")).isInstanceOf(TokenRefreshException.class)
        .hasMessageContaining("reopens at");
    assertThat(server.calls()).isEqualTo(1);
  }

  @Test
  void aReplyWithAFalseErrorMember_isNotAnError_andAnEndlessExpiryIsNoExpiry() {
    saveAlice(T0.minusSeconds(1));
    server.answer(200, "{\"access_token\":\"a\",\"expires_in\":3600,\"error\":false}");
    assertThat(tokens().build().accessToken(ALICE)).isEqualTo("a");
    saveAlice(T0.minusSeconds(1));
    server.answer(200, "{\"access_token\":\"b\",\"expires_in\":9223372036854775807}");
    assertThatThrownBy(() -> tokens().build().accessToken(ALICE)).isInstanceOf(TokenRefreshException.class)
        .hasMessageContaining("no expires_in");
  }

  @Test
  void rejected_thatJoinsAFlightEndingWithTheRefusedToken_runsItsOwn() throws Exception {
    saveAlice(T0.plus(Duration.ofHours(1)));
    // Every token is short of a 2 h minimum validity; the one refresh of the budget is spent at once.
    CountDownLatch inFlight = new CountDownLatch(1);
    CountDownLatch joined = new CountDownLatch(1);
    TokenStore held = new HeldRereads(store, inFlight, joined);
    AccessTokens tokens = AccessTokens.builder(held, refresher()).clock(clock).minValidity(Duration.ofHours(2))
        .refreshBudget(1, Duration.ofMinutes(10)).build();
    ((HeldRereads) held).holding = false;
    assertThat(tokens.accessToken(ALICE)).isEqualTo("access-1");
    ((HeldRereads) held).holding = true;

    // token(): its flight finds the budget spent and serves access-1, still valid. rejected(access-1) joins it.
    Future<String> served = pool.submit(() -> tokens.accessToken(ALICE));
    assertThat(inFlight.await(10, TimeUnit.SECONDS)).isTrue();
    java.util.concurrent.atomic.AtomicReference<Throwable> refused = new java.util.concurrent.atomic.AtomicReference<>();
    Thread rejecting = new Thread(() -> refused.set(catchThrowable(() -> tokens.rejected(ALICE, "access-1"))));
    rejecting.start();
    // Its only wait is the join of the running flight (the memory store does not block): parked means joined.
    assertThat(Waits.until(Duration.ofSeconds(10), Duration.ofMillis(5),
        () -> rejecting.getState() == Thread.State.WAITING)).as("rejected() waiting on the flight").isTrue();
    joined.countDown();
    assertThat(served.get(10, TimeUnit.SECONDS)).isEqualTo("access-1");
    rejecting.join(10_000);
    assertThat(refused.get()).as("what rejected(access-1) got")
        .isInstanceOf(TokenRefreshException.class).hasMessageContaining("reopens at");
    assertThat(server.calls()).isEqualTo(1);
  }

  /** The memory store, its re-read by id (a flight's first step) held until the test lets it go. */
  static class HeldRereads implements TokenStore {
    private final TokenStore store;
    private final CountDownLatch inFlight;
    private final CountDownLatch go;
    volatile boolean holding = true;

    HeldRereads(TokenStore store, CountDownLatch inFlight, CountDownLatch go) {
      this.store = store;
      this.inFlight = inFlight;
      this.go = go;
    }

    @Override
    public java.util.Optional<OAuthToken> findTokenById(String id) {
      if (holding) {
        inFlight.countDown();
        try {
          // Long enough for the second caller to reach the flight: it cannot signal that it waits in it.
          go.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return store.findTokenById(id);
    }

    @Override
    public java.util.Optional<OAuthToken> findToken(OAuthToken probe) {
      return store.findToken(probe);
    }

    @Override
    public OAuthToken saveToken(OAuthToken token) {
      return store.saveToken(token);
    }

    @Override
    public boolean deleteToken(String id) {
      return store.deleteToken(id);
    }

    @Override
    public List<OAuthToken> getTokens() {
      return store.getTokens();
    }

    @Override
    public void deleteTokens() {
      store.deleteTokens();
    }

    @Override
    public void close() {}
  }
  /** {@link HeldRereads} over a store with leases, passing them through. */
  static final class LeasingHeldRereads extends HeldRereads implements LeasingTokenStore {
    private final LeasingTokenStore leasing;

    LeasingHeldRereads(TokenStore store, CountDownLatch inFlight, CountDownLatch go) {
      super(store, inFlight, go);
      this.leasing = (LeasingTokenStore) store;
    }

    @Override
    public java.util.Optional<Lease> tryLease(String id, Duration time) {
      return leasing.tryLease(id, time);
    }

    @Override
    public java.util.Optional<OAuthToken> saveLeased(Lease lease, OAuthToken token) {
      return leasing.saveLeased(lease, token);
    }

    @Override
    public boolean release(Lease lease) {
      return leasing.release(lease);
    }

    @Override
    public java.util.Optional<Duration> countRefresh(Lease lease, int budget, Duration window) {
      return leasing.countRefresh(lease, budget, window);
    }
  }


  @Test
  void aGrantTokenWithoutARefreshToken_isExchangedWithTheAuthorizationCodeGrant() {
    store.saveToken(OAuthToken.builder().userName("bob@example.com").clientId("1000.B").clientSecret(SECRET)
        .grantToken("grant-1").redirectUrl("https://example.com/callback").build());
    OAuthToken bob = OAuthToken.builder().userName("bob@example.com").build();

    OAuthToken fresh = tokens().build().token(bob);

    assertThat(fresh.accessToken()).isEqualTo("access-1");
    assertThat(fresh.refreshToken()).isEqualTo("refresh-from-grant");
    assertThat(server.forms()).singleElement().satisfies(form -> assertThat(form)
        .containsEntry("grant_type", "authorization_code").containsEntry("code", "grant-1")
        .containsEntry("redirect_uri", "https://example.com/callback").doesNotContainKey("refresh_token"));
  }

  @Test
  void aReplyThatIsNotJson_failsNamingTheStatus_notTheBody() {
    saveAlice(T0.minusSeconds(1));
    server.answer(502, "<html>upstream access-0 " + SECRET + "</html>");
    assertThatThrownBy(() -> tokens().build().token(ALICE)).isInstanceOf(TokenRefreshException.class)
        .hasMessageContaining("HTTP 502").hasMessageContaining("not a JSON object")
        .hasMessageNotContaining(SECRET).hasMessageNotContaining("<html>");
  }

  @Test
  void aRecordDeletedWhileItsRefreshRuns_staysDeleted_andTheCallerIsTold() throws Exception {
    String id = saveAlice(T0.minusSeconds(1)).id();
    server.hold();
    AccessTokens tokens = tokens().build();
    Future<Throwable> caller = pool.submit(() -> catchThrowable(() -> tokens.token(ALICE)));
    assertThat(server.awaitCalls(1, Duration.ofSeconds(10))).as("the refresh reached the server").isTrue();
    assertThat(store.deleteToken(id)).as("the user signs out meanwhile").isTrue();
    server.release();
    assertThat(caller.get(10, TimeUnit.SECONDS)).isInstanceOf(NoSuchElementException.class)
        .hasMessageContaining("deleted");
    assertThat(store.getTokens()).as("the fenced save re-created nothing").isEmpty();
  }

  @Test
  void aLeaseThatEndsBeforeTheBudgetIsCounted_refreshesNothing_andSaysSo() throws Exception {
    String name = "memory:outlived-" + UUID.randomUUID();
    try (TokenStore first = TokenStores.open(name); TokenStore second = TokenStores.open(name)) {
      String id = first.saveToken(ALICE.toBuilder().clientId("1000.A").clientSecret(SECRET).refreshToken("refresh-0")
          .accessToken("access-0").expiryTime(T0.minusSeconds(1)).build()).id();
      CountDownLatch inFlight = new CountDownLatch(1);
      CountDownLatch go = new CountDownLatch(1);
      AccessTokens tokens = AccessTokens.builder(new LeasingHeldRereads(first, inFlight, go), refresher())
          .clock(clock).leaseTime(Duration.ofMillis(50)).refreshBudget(10, Duration.ofMinutes(10)).build();
      Future<Throwable> caller = pool.submit(() -> catchThrowable(() -> tokens.token(ALICE)));
      assertThat(inFlight.await(10, TimeUnit.SECONDS)).as("the re-read under the lease").isTrue();
      // Held there until its lease has ended and another instance has taken the record's next one.
      AtomicReference<Lease> next = new AtomicReference<>();
      assertThat(Waits.until(Duration.ofSeconds(10), Duration.ofMillis(5), () -> ((LeasingTokenStore) second)
          .tryLease(id, Duration.ofMinutes(1)).map(l -> {
            next.set(l);
            return true;
          }).orElse(false))).as("the lease of 50 ms ended").isTrue();
      go.countDown();
      assertThat(caller.get(10, TimeUnit.SECONDS)).isInstanceOf(TokenRefreshException.class)
          .hasMessageContaining("ended before the refresh began; nothing was refreshed");
      assertThat(server.calls()).as("calls to the token endpoint").isZero();
      assertThat(((LeasingTokenStore) second).release(next.get())).isTrue();
    }
  }

  @Test
  void aSlowEndpoint_timesOut_andTheCallerGetsTheTimeoutAsCause() {
    saveAlice(T0.minusSeconds(1));
    server.hold();
    AccessTokens tokens = AccessTokens.builder(store, refresher().requestTimeout(Duration.ofMillis(300)))
        .clock(clock).build();
    assertThatThrownBy(() -> tokens.token(ALICE)).isInstanceOf(TokenRefreshException.class)
        .hasCauseInstanceOf(HttpTimeoutException.class);
  }

  @Test
  void aRefresherThatThrows_failsEveryWaiter_withItsException() throws Exception {
    saveAlice(T0.minusSeconds(1));
    CountDownLatch inRefresh = new CountDownLatch(1);
    CountDownLatch fail = new CountDownLatch(1);
    AccessTokens tokens = AccessTokens.builder(store, current -> {
      inRefresh.countDown();
      assertThat(fail.await(10, TimeUnit.SECONDS)).isTrue();
      throw new IllegalStateException("server said no");
    }).clock(clock).build();
    Future<Throwable> first = pool.submit(() -> catchThrowable(() -> tokens.token(ALICE)));
    assertThat(inRefresh.await(10, TimeUnit.SECONDS)).isTrue();
    Future<Throwable> second = pool.submit(() -> catchThrowable(() -> tokens.token(ALICE)));
    fail.countDown();
    assertThat(first.get(10, TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class)
        .hasMessage("server said no");
    // The second caller either waited on the failed flight or ran its own after it; both fail the same way.
    assertThat(second.get(10, TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void configuringARefresher_startsNoHttpClient() {
    Set<String> before = selectorThreads();
    OAuth2Refresher r = refresher().connectTimeout(Duration.ofSeconds(2)).requestTimeout(Duration.ofSeconds(3))
        .clock(clock);
    assertThat(selectorThreads()).as("HttpClient selector threads after building %s", r).isEqualTo(before);
  }

  private static Set<String> selectorThreads() {
    Set<String> names = new java.util.TreeSet<>();
    Thread.getAllStackTraces().keySet().stream().map(Thread::getName).filter(n -> n.contains("SelectorManager"))
        .forEach(names::add);
    return names;
  }

  @Test
  void badArguments_areNamed() {
    assertThatThrownBy(() -> OAuth2Refresher.tokenEndpoint(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("endpoint");
    assertThatThrownBy(() -> OAuth2Refresher.tokenEndpoint(URI.create("ftp://example.com/token")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("endpoint").hasMessageContaining("https");
    assertThatThrownBy(() -> OAuth2Refresher.tokenEndpoint(URI.create("https://id:pw@example.com/token")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("user info").hasMessageNotContaining("pw");
    assertThatThrownBy(() -> AccessTokens.builder(null, refresher())).isInstanceOf(NullPointerException.class)
        .hasMessage("store");
    assertThatThrownBy(() -> tokens().refreshBudget(0, Duration.ofMinutes(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("refreshes");
    assertThatThrownBy(() -> tokens().leaseTime(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("leaseTime");
    assertThatThrownBy(() -> tokens().build().token(ALICE)).isInstanceOf(NoSuchElementException.class);
    assertThatThrownBy(() -> tokens().build().token(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("probe");
  }

  @Test
  void toString_saysHowFarRefreshesAreCoordinated() {
    AccessTokens tokens = tokens().leaseTime(Duration.ofSeconds(7)).build();
    assertThat(tokens.coordinatesAcrossProcesses()).isTrue();
    assertThat(tokens.toString()).contains("across processes by leases of PT7S")
        .contains(server.endpoint().getPath()).doesNotContain(SECRET);
    HeldRereads noLeases = new HeldRereads(store, new CountDownLatch(0), new CountDownLatch(0));
    AccessTokens local = AccessTokens.builder(noLeases, refresher()).build();
    assertThat(local.coordinatesAcrossProcesses()).isFalse();
    assertThat(local.toString()).contains("within this JVM only");
  }

  @Test
  void anInterruptedRefresher_failsItsOwnCaller_andItsWaitersRunTheirOwn() throws Exception {
    saveAlice(T0.minusSeconds(1));
    AccessTokens tokens = tokens().build();
    server.hold();
    AtomicReference<Throwable> ownerFailure = new AtomicReference<>();
    AtomicBoolean ownerInterrupted = new AtomicBoolean();
    Thread owner = new Thread(() -> {
      ownerFailure.set(catchThrowable(() -> tokens.accessToken(ALICE)));
      ownerInterrupted.set(Thread.currentThread().isInterrupted());
    });
    owner.start();
    assertThat(server.awaitCalls(1, Duration.ofSeconds(10))).isTrue();
    Future<String> waiter = pool.submit(() -> tokens.accessToken(ALICE));
    // The waiter's only wait is the join of the owner's flight: parked means joined.
    assertThat(Waits.until(Duration.ofSeconds(10), Duration.ofMillis(5), AccessTokensTest::threadWaitingOnAFlight))
        .as("the waiter joined the flight").isTrue();
    owner.interrupt();
    owner.join(10_000);
    assertThat(ownerFailure.get()).isInstanceOf(TokenRefreshException.class)
        .hasCauseInstanceOf(InterruptedException.class);
    assertThat(ownerInterrupted).as("the owner keeps its interrupt").isTrue();
    server.release();
    assertThat(waiter.get(30, TimeUnit.SECONDS)).as("the waiter's own refresh").startsWith("access-");
  }

  // A pool thread parked in CompletableFuture.get, as a flight's waiter is.
  private static boolean threadWaitingOnAFlight() {
    return Thread.getAllStackTraces().entrySet().stream().anyMatch(e -> e.getKey().getState() == Thread.State.WAITING
        && Arrays.stream(e.getValue()).anyMatch(f -> f.getClassName().contains("AccessTokens$Flights")));
  }

  @Test
  void twoStoreObjectsOnOneNamedStore_eightThreadsEach_threeExpiries_refreshThreeTimes() throws Exception {
    String name = "memory:access-" + UUID.randomUUID();
    try (TokenStore first = TokenStores.open(name); TokenStore second = TokenStores.open(name)) {
      first.saveToken(ALICE.toBuilder().clientId("1000.A").clientSecret(SECRET).refreshToken("refresh-0")
          .accessToken("access-0").expiryTime(T0.minusSeconds(1)).build());
      server.rotate().expiresIn(3600);
      // Two AccessTokens on two store objects share no in-JVM flight: only the store's lease keeps them apart.
      List<AccessTokens> instances = List.of(AccessTokens.builder(first, refresher()).clock(clock).build(),
          AccessTokens.builder(second, refresher()).clock(clock).build());
      ExecutorService sixteen = Executors.newFixedThreadPool(16);
      try {
        for (int cycle = 1; cycle <= 3; cycle++) {
          CountDownLatch start = new CountDownLatch(1);
          List<Future<String>> results = new ArrayList<>();
          for (int t = 0; t < 16; t++) {
            AccessTokens instance = instances.get(t % 2);
            results.add(sixteen.submit(() -> {
              start.await();
              return instance.accessToken(ALICE);
            }));
          }
          start.countDown();
          endCycle(cycle, results);
        }
      } finally {
        sixteen.shutdownNow();
      }
    }
  }

  @Test
  void aHolderStalledPastItsLease_hasItsLateSaveRefused_andIsServedTheNewerToken() throws Exception {
    String name = "memory:stalled-" + UUID.randomUUID();
    try (TokenStore first = TokenStores.open(name); TokenStore second = TokenStores.open(name)) {
      OAuthToken stored = first.saveToken(ALICE.toBuilder().clientId("1000.A").clientSecret(SECRET)
          .refreshToken("refresh-0").accessToken("access-0").expiryTime(T0.minusSeconds(1)).build());
      Duration lease = Duration.ofMillis(300);
      AccessTokens stalled = AccessTokens.builder(first, refresher()).clock(clock).leaseTime(lease).build();
      AccessTokens next = AccessTokens.builder(second, refresher()).clock(clock).leaseTime(lease).build();
      server.holdNext();
      Future<String> late = pool.submit(() -> stalled.accessToken(ALICE));
      assertThat(server.awaitCalls(1, Duration.ofSeconds(10))).isTrue();
      // The first holder's call is held; the second instance waits out the lease, then refreshes.
      assertThat(next.accessToken(ALICE)).isEqualTo("access-1");
      server.release();
      assertThat(late.get(30, TimeUnit.SECONDS)).as("the stalled holder, its save refused").isEqualTo("access-1");
      assertThat(server.issued()).isEqualTo(2);
      assertThat(first.findTokenById(stored.id()).orElseThrow().accessToken()).isEqualTo("access-1");
    }
  }
}
