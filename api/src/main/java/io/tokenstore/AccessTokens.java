package io.tokenstore;

import io.tokenstore.spi.Lease;
import io.tokenstore.spi.LeasingTokenStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.WeakHashMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Valid access tokens on demand, refreshed through a {@link Refresher} when the stored one expires, one refresh
 * per record at a time.
 *
 * <p>A stored access token valid for at least {@linkplain Builder#minValidity the minimum validity} costs one
 * lookup: no lock, no write. Otherwise one caller per record refreshes (single flight) and the others wait for its
 * result: it re-reads the record (it may have been refreshed meanwhile: then there is no call), calls the
 * refresher, and saves the new access token with the new refresh token, if the server rotated it, in one save.
 * If the refresher throws, nothing is saved, every caller waiting on that refresh gets the exception, and the next
 * call tries again.
 *
 * <p>Coordination: within this JVM, across every thread and every {@code AccessTokens} on the same store object.
 * Across processes and machines, when the store is a {@link LeasingTokenStore} (every provider of this project),
 * through a lease on the record taken in the backend: the one caller in the JVM that refreshes first takes the
 * lease for {@linkplain Builder#leaseTime the lease time}; an instance that finds it taken re-reads the record until
 * the holder's token is there, and takes the lease over once it expires (its holder died or stalled). The holder
 * saves with a fenced write, refused once its lease has expired, so a stalled holder never overwrites a newer
 * token. A store without leases is coordinated within one JVM only (see {@link #coordinatesAcrossProcesses()}).
 * A {@linkplain Builder#refreshBudget refresh budget} is counted the same way: in the backend, under the lease,
 * before the refresher is called, where the store leases; by this {@code AccessTokens} otherwise.
 *
 * <p>Thread-safe. No message holds a token or secret.
 */
public final class AccessTokens {
  // Every AccessTokens on one store object shares its flights: two built for one store in one JVM must not refresh
  // one record twice. A budget is counted in the store where it leases, else by the AccessTokens that has it.
  // Weak keys, by identity: a closed and forgotten store takes its entry with it.
  private static final Map<TokenStore, Flights> FLIGHTS = Collections.synchronizedMap(new WeakHashMap<>());

  private final TokenStore store;
  private final Refresher refresher;
  private final Duration minValidity;
  private final Duration leaseTime;
  private final @Nullable LeasingTokenStore leasing;
  private final @Nullable Budget budget;
  private final Clock clock;
  private final Flights flights;

  private AccessTokens(Builder b) {
    this.store = b.store;
    this.refresher = b.refresher;
    this.minValidity = b.minValidity;
    this.leaseTime = b.leaseTime;
    this.leasing = store instanceof LeasingTokenStore ? (LeasingTokenStore) store : null;
    this.budget = b.refreshes == 0 ? null : new Budget(b.refreshes, b.window);
    this.clock = b.clock;
    this.flights = FLIGHTS.computeIfAbsent(store, k -> new Flights());
  }

  /**
   * Starts building access tokens for the records of {@code store}.
   *
   * @param store the store that holds the records
   * @param refresher what asks the OAuth server for a new access token
   * @return the builder
   */
  public static Builder builder(TokenStore store, Refresher refresher) {
    return new Builder(Objects.requireNonNull(store, "store"), Objects.requireNonNull(refresher, "refresher"));
  }

  /**
   * The stored record {@code probe} finds (by its match key), its access token valid for at least the minimum
   * validity, refreshed first if it was not.
   *
   * @param probe a token naming the record, as for {@link TokenStore#findToken}
   * @return the record with a valid access token
   * @throws NoSuchElementException if no record matches
   * @throws TokenRefreshException if the refresh budget is spent and the stored token has expired, or the server
   *     refused
   * @throws TokenStoreException if the store failed
   */
  public OAuthToken token(OAuthToken probe) {
    OAuthToken stored = find(probe);
    if (fresh(stored)) {
      return stored;
    }
    String id = idOf(stored);
    return flights.refresh(id, current -> !valid(current), () -> reread(id, current -> !fresh(current), null));
  }

  /**
   * The access token of the record {@code probe} finds, valid for at least the minimum validity.
   *
   * @param probe a token naming the record
   * @return the access token
   * @throws NoSuchElementException if no record matches
   * @throws TokenRefreshException if no valid access token can be had
   */
  public String accessToken(OAuthToken probe) {
    return Objects.requireNonNull(token(probe).accessToken());
  }

  /**
   * The API refused {@code accessToken} before its expiry (revoked, or invalidated by a sixteenth token): refreshes
   * the record, unless another caller has replaced that access token since.
   *
   * @param probe a token naming the record
   * @param accessToken the access token the API refused
   * @return the record with a valid access token other than the refused one
   * @throws NoSuchElementException if no record matches
   * @throws TokenRefreshException if no new access token can be had
   */
  public OAuthToken rejected(OAuthToken probe, String accessToken) {
    Objects.requireNonNull(accessToken, "accessToken");
    OAuthToken stored = find(probe);
    Predicate<OAuthToken> needsRefresh = current -> accessToken.equals(current.accessToken()) || !fresh(current);
    if (!needsRefresh.test(stored)) {
      return stored;
    }
    String id = idOf(stored);
    return flights.refresh(id, current -> accessToken.equals(current.accessToken()) || !valid(current),
        () -> reread(id, needsRefresh, accessToken));
  }

  /**
   * Whether refreshes are coordinated across processes and machines through the store, not only within this JVM:
   * whether the store is a {@link LeasingTokenStore}.
   *
   * @return whether two processes sharing the store refresh one record once
   */
  public boolean coordinatesAcrossProcesses() {
    return leasing != null;
  }

  private OAuthToken find(OAuthToken probe) {
    Objects.requireNonNull(probe, "probe");
    return store.findToken(probe)
        .orElseThrow(() -> new NoSuchElementException("no stored token matches the probe in " + store));
  }

  private static String idOf(OAuthToken stored) {
    return Objects.requireNonNull(stored.id(), "a stored record has an id");
  }

  // The flight's first step: another thread or instance may have refreshed the record since it was read.
  // With leases, the holder re-reads under its lease instead (refreshHolding): one read, not two.
  private OAuthToken reread(String id, Predicate<OAuthToken> needsRefresh, @Nullable String refused)
      throws Exception {
    if (leasing != null) {
      return refreshLeased(leasing, id, needsRefresh, refused);
    }
    OAuthToken current = read(id);
    if (!needsRefresh.test(current)) {
      return current;
    }
    if (budget != null) {
      Instant reopens = budget.take(id, clock.instant());
      if (reopens != null) {
        return spent(current, refused, reopens);
      }
    }
    return refreshNow(current, store::saveToken);
  }

  private OAuthToken read(String id) {
    return store.findTokenById(id)
        .orElseThrow(() -> new NoSuchElementException("record " + id + " was deleted from " + store));
  }

  // Another instance may hold the lease: wait for its token by re-reading, backing off, and take the lease over
  // once it expires. Two lease times bound the wait: one for the holder, one for a holder that took over.
  private OAuthToken refreshLeased(LeasingTokenStore leasing, String id, Predicate<OAuthToken> needsRefresh,
      @Nullable String refused) throws Exception {
    long start = System.nanoTime();
    long pauseMillis = 2;
    while (true) {
      Optional<Lease> lease = leasing.tryLease(id, leaseTime);
      if (lease.isPresent()) {
        return refreshHolding(leasing, lease.get(), needsRefresh, refused);
      }
      if (System.nanoTime() - start > 2 * leaseTime.toNanos()) {
        throw new TokenRefreshException("record " + id + ": other instances held the refresh lease for more than "
            + leaseTime.multipliedBy(2) + " without saving a valid token", null, null);
      }
      Thread.sleep(pauseMillis);
      pauseMillis = Math.min(pauseMillis * 2, Math.max(2, Math.min(200, leaseTime.toMillis() / 10)));
      OAuthToken current = read(id);
      if (!needsRefresh.test(current)) {
        return current;
      }
    }
  }

  private OAuthToken refreshHolding(LeasingTokenStore leasing, Lease lease, Predicate<OAuthToken> needsRefresh,
      @Nullable String refused) throws Exception {
    try {
      // Again under the lease: the last holder may have saved between this caller's read and its lease.
      OAuthToken current = read(lease.id());
      if (!needsRefresh.test(current)) {
        return current;
      }
      if (budget != null) {
        // Counted in the store, under the lease: every process spends one budget.
        Optional<Duration> wait = leasing.countRefresh(lease, budget.refreshes, budget.window);
        if (wait.isEmpty()) {
          // The store took longer than the lease time: nothing was refreshed.
          return afterLostLease(lease.id(), needsRefresh, "the lease of " + leaseTime + " ended before the refresh"
              + " began; nothing was refreshed");
        }
        if (!wait.get().isZero()) {
          return spent(current, refused, clock.instant().plus(wait.get()));
        }
      }
      return refreshNow(current, update -> leasing.saveLeased(lease, update)
          .orElseGet(() -> afterLostLease(lease.id(), needsRefresh, "the refresh took longer than the lease time "
              + leaseTime + " and its token was not saved (a rotated refresh token is lost with it)")));
    } finally {
      try {
        leasing.release(lease);
      } catch (RuntimeException e) {
        // Unreleased, the lease expires by itself within the lease time; the caller's result stands.
      }
    }
  }

  // The lease ended under its holder and a step was refused: the next holder's token, if it saved one.
  private OAuthToken afterLostLease(String id, Predicate<OAuthToken> needsRefresh, String what) {
    OAuthToken current = read(id);
    if (!needsRefresh.test(current)) {
      return current;
    }
    throw new TokenRefreshException("record " + id + ": " + what, null, null);
  }

  // Valid for at least the minimum validity: served without a refresh.
  private boolean fresh(OAuthToken t) {
    return validFor(t, minValidity);
  }

  // Not expired: what a spent budget still serves, and what a caller takes from another caller's refresh.
  private boolean valid(OAuthToken t) {
    return validFor(t, Duration.ZERO);
  }

  private boolean validFor(OAuthToken t, Duration d) {
    Instant expiry = t.expiryTime();
    return t.accessToken() != null && expiry != null && expiry.isAfter(clock.instant().plus(d));
  }

  // The budget is spent: the stored token while it is still valid (and not the one the API refused).
  private OAuthToken spent(OAuthToken current, @Nullable String refused, Instant reopens) {
    if (valid(current) && !Objects.equals(current.accessToken(), refused)) {
      return current;
    }
    Budget b = Objects.requireNonNull(budget);
    throw new TokenRefreshException("refresh budget of " + b.refreshes + " per " + b.window + " spent for record "
        + current.id() + "; the window reopens at " + reopens, null, null);
  }

  // Runs in the one flight of the record: current is the record as re-read in it, needs a refresh, and the budget
  // has room.
  private OAuthToken refreshNow(OAuthToken current, UnaryOperator<OAuthToken> save) throws Exception {
    OAuthToken fresh = refresher.refresh(current);
    if (fresh == null || fresh.accessToken() == null || fresh.expiryTime() == null) {
      throw new IllegalStateException("the refresher returned no access token or no expiry time for record "
          + current.id());
    }
    OAuthToken.Builder update = OAuthToken.builder().id(current.id())
        .accessToken(fresh.accessToken()).expiryTime(fresh.expiryTime());
    if (fresh.refreshToken() != null) {
      update.refreshToken(fresh.refreshToken());
    }
    if (fresh.apiDomain() != null) {
      update.apiDomain(fresh.apiDomain());
    }
    return save.apply(update.build());
  }

  @Override
  public String toString() {
    return "AccessTokens[" + store + ", refreshed by " + refresher + ", min validity " + minValidity
        + (budget == null ? "" : ", budget " + budget.refreshes + " per " + budget.window)
        + (leasing == null ? ", coordinated within this JVM only]"
            : ", coordinated across processes by leases of " + leaseTime + "]");
  }

  /** Builds {@link AccessTokens}. */
  public static final class Builder {
    private final TokenStore store;
    private final Refresher refresher;
    private Duration minValidity = Duration.ofSeconds(60);
    private Duration leaseTime = Duration.ofSeconds(60);
    private int refreshes;
    private Duration window = Duration.ZERO;
    private Clock clock = Clock.systemUTC();

    private Builder(TokenStore store, Refresher refresher) {
      this.store = store;
      this.refresher = refresher;
    }

    /**
     * @param minValidity a stored access token that expires sooner than this is refreshed first (default 60 s)
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder minValidity(Duration minValidity) {
      Objects.requireNonNull(minValidity, "minValidity");
      if (minValidity.isNegative()) {
        throw new IllegalArgumentException("minValidity must not be negative, was " + minValidity);
      }
      this.minValidity = minValidity;
      return this;
    }

    /**
     * @param leaseTime how long one instance holds the right to refresh one record, where the store coordinates
     *     across processes (default 60 s: above the default refresher's 10 s connect and 30 s request timeouts
     *     together); longer than the slowest refresh, whose token is otherwise not saved. An
     *     instance waits at most twice this for another's refresh
     * @return this builder
     * @throws IllegalArgumentException if not between a millisecond and a day
     */
    public Builder leaseTime(Duration leaseTime) {
      this.leaseTime = leaseRange(leaseTime, "leaseTime");
      return this;
    }

    /**
     * Caps the refreshes of one record: beyond {@code refreshes} in any {@code window}, none is attempted;
     * callers get the stored token while it is still valid, else a {@link TokenRefreshException} saying when the
     * window reopens. Zoho allows 10 access tokens per refresh token per 10 minutes. Where the store coordinates
     * across processes (a {@link LeasingTokenStore}), the refreshes are counted in the store, so every process and
     * machine sharing it spends one budget (give them all the same one); otherwise they are counted by this
     * {@code AccessTokens} alone: build one per store and share it.
     *
     * @param refreshes the refreshes allowed per window
     * @param window the window, between a millisecond and a day
     * @return this builder
     * @throws IllegalArgumentException if {@code refreshes} is not positive or {@code window} out of range
     */
    public Builder refreshBudget(int refreshes, Duration window) {
      if (refreshes <= 0) {
        throw new IllegalArgumentException("refreshes must be positive, was " + refreshes);
      }
      this.window = leaseRange(window, "window");
      this.refreshes = refreshes;
      return this;
    }

    // What a LeasingTokenStore takes for a lease time and a budget window.
    private static Duration leaseRange(Duration d, String name) {
      OAuth2Refresher.positive(d, name);
      if (d.compareTo(Duration.ofMillis(1)) < 0 || d.compareTo(Duration.ofDays(1)) > 0) {
        throw new IllegalArgumentException(name + " must be between 1 ms and 1 day, was " + d);
      }
      return d;
    }

    /**
     * @param clock the clock that expiry times are compared with (default the system clock, UTC); where the store
     *     leases, lease times and the budget's window go by the backend's clock instead
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * @return the access tokens
     */
    public AccessTokens build() {
      return new AccessTokens(this);
    }
  }

  /** The budget; for a store without leases, the refreshes of each record in the window, oldest first. */
  private static final class Budget {
    final int refreshes;
    final Duration window;
    private final ConcurrentMap<String, Deque<Instant>> taken = new ConcurrentHashMap<>();

    Budget(int refreshes, Duration window) {
      this.refreshes = refreshes;
      this.window = window;
    }

    /** Takes one refresh of the record: null if taken, else when the window reopens. */
    @Nullable Instant take(String id, Instant now) {
      Deque<Instant> times = taken.computeIfAbsent(id, k -> new ArrayDeque<>());
      synchronized (times) {
        while (!times.isEmpty() && !times.peekFirst().plus(window).isAfter(now)) {
          times.pollFirst();
        }
        if (times.size() >= refreshes) {
          return times.peekFirst().plus(window);
        }
        times.addLast(now);
        return null;
      }
    }
  }

  /** The refresh in flight for each record: the first caller runs it, the others wait for its result. */
  private static final class Flights {
    private final ConcurrentMap<String, CompletableFuture<OAuthToken>> running = new ConcurrentHashMap<>();

    /**
     * Runs {@code body} as the record's flight, or waits for the one running. A flight that another caller started
     * may end with what this caller would still refresh (it found the record good enough for itself, or served the
     * refused token): then this caller runs one of its own.
     */
    OAuthToken refresh(String id, Predicate<OAuthToken> stillNeeded, Callable<OAuthToken> body) {
      CompletableFuture<OAuthToken> mine = new CompletableFuture<>();
      CompletableFuture<OAuthToken> flight;
      while ((flight = running.putIfAbsent(id, mine)) != null) {
        OAuthToken theirs;
        try {
          theirs = join(id, flight);
        } catch (OwnerInterrupted e) {
          continue; // its owner's interrupt is not this caller's: try again
        }
        if (!stillNeeded.test(theirs)) {
          return theirs;
        }
      }
      try {
        mine.complete(body.call());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        mine.completeExceptionally(new OwnerInterrupted());
        throw new TokenRefreshException("interrupted while refreshing record " + id, null, e);
      } catch (Throwable t) {
        mine.completeExceptionally(t);
      } finally {
        running.remove(id, mine);
      }
      return join(id, mine);
    }

    /** What the waiters of a flight see when its owner was interrupted: they run a flight of their own. */
    private static final class OwnerInterrupted extends RuntimeException {
      private static final long serialVersionUID = 1L;

      OwnerInterrupted() {
        super("the thread refreshing was interrupted", null, false, false);
      }
    }

    private static OAuthToken join(String id, CompletableFuture<OAuthToken> f) {
      try {
        return f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TokenRefreshException("interrupted while waiting for the refresh of record " + id, null, e);
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof RuntimeException) {
          throw (RuntimeException) cause;
        }
        if (cause instanceof Error) {
          throw (Error) cause;
        }
        // The class, not the message: a refresher's message is not ours to vouch for.
        throw new TokenRefreshException("the refresh of record " + id + " failed: "
            + (cause == null ? "no cause" : cause.getClass().getName()), null, cause);
      }
    }
  }
}
