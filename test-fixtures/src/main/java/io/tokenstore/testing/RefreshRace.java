package io.tokenstore.testing;

import io.tokenstore.OAuthToken;
import io.tokenstore.TokenStore;
import io.tokenstore.TokenStores;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Processes that share one store asking for one user's access token at once, each a {@link RefreshWorker}, against
 * an {@link OAuthServer}: the cross-process tests of {@link io.tokenstore.AccessTokens}, run by every provider's
 * tests on its own backend. Every wait is bounded; a failure names what each process printed.
 */
public final class RefreshRace {
  private static final Duration BOUND = Duration.ofSeconds(120);
  private static final String USER = "race@example.com";

  private RefreshRace() {}

  /**
   * {@code processes} processes of {@code threads} threads through {@code cycles} expiries of the stored access
   * token, the server rotating the refresh token at every refresh: exactly one refresh per expiry, every caller
   * served the new token, no {@code invalid_grant}.
   *
   * @param uri a store URI with no record of the user
   */
  public static void cycles(String uri, int processes, int threads, int cycles) throws Exception {
    try (OAuthServer server = new OAuthServer("refresh-0").rotate();
        TokenStore store = TokenStores.open(uri)) {
      String id = seed(store);
      try (Workers workers = new Workers(uri, server, processes, threads, Duration.ofSeconds(30), "")) {
        for (int cycle = 1; cycle <= cycles; cycle++) {
          List<String> lines = new ArrayList<>();
          for (ChildJvm w : workers.all) {
            w.send("go");
          }
          for (ChildJvm w : workers.all) {
            lines.addAll(results(w, threads));
          }
          String expected = "ok access-" + cycle;
          check(lines.stream().allMatch(expected::equals), "cycle " + cycle + ": every caller gets access-" + cycle
              + " (" + server.calls() + " calls so far)", lines);
          check(server.calls() == cycle, "cycle " + cycle + ": " + cycle + " refresh calls, not " + server.calls(),
              lines);
          // The next expiry, as the clock would bring it.
          store.saveToken(OAuthToken.builder().id(id).expiryTime(Instant.now().minusSeconds(3600)).build());
        }
        workers.quit();
      }
    }
  }

  /**
   * The lease holder is killed (SIGKILL) in the middle of a slow refresh; another process then gets a new token
   * once the lease expires, within the lease time and one refresh.
   */
  public static void holderKilled(String uri) throws Exception {
    Duration lease = Duration.ofSeconds(2);
    try (OAuthServer server = new OAuthServer("refresh-0");
        TokenStore store = TokenStores.open(uri)) {
      seed(store);
      try (Workers workers = new Workers(uri, server, 2, 1, lease, "")) {
        ChildJvm holder = workers.all.get(0);
        ChildJvm next = workers.all.get(1);
        server.hold();
        holder.send("go");
        check(server.awaitCalls(1, BOUND), "the first process called the token endpoint", List.of());
        holder.kill();
        server.release();
        long start = System.nanoTime();
        next.send("go");
        List<String> lines = results(next, 1);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        check(lines.equals(List.of("ok access-2")), "the second process got a new token", lines);
        check(took.compareTo(lease.plusSeconds(15)) < 0, "it took " + took + ", not within the lease time "
            + lease + " and one refresh", lines);
        next.send("quit");
        next.finish(BOUND);
      }
    }
  }

  /**
   * The lease holder stalls past its lease in the refresh; another process takes the lease over and saves its
   * token; the stalled holder's late save is refused, and it is served the other's token.
   */
  public static void stalledHolder(String uri) throws Exception {
    Duration lease = Duration.ofSeconds(1);
    try (OAuthServer server = new OAuthServer("refresh-0");
        TokenStore store = TokenStores.open(uri)) {
      String id = seed(store);
      try (Workers workers = new Workers(uri, server, 2, 1, lease, "")) {
        server.holdNext();
        workers.all.get(0).send("go");
        check(server.awaitCalls(1, BOUND), "the first process called the token endpoint", List.of());
        workers.all.get(1).send("go");
        List<String> second = results(workers.all.get(1), 1);
        check(second.equals(List.of("ok access-1")), "the second process took the lease over", second);
        server.release();
        List<String> first = results(workers.all.get(0), 1);
        check(first.equals(List.of("ok access-1")), "the stalled process is served the newer token", first);
        check(server.issued() == 2, "both refreshes reached the server", first);
        String stored = store.findTokenById(id).orElseThrow().accessToken();
        check("access-1".equals(stored), "the stalled holder's late save (access-2) was refused; stored: "
            + stored, first);
        workers.quit();
      }
    }
  }

  /**
   * {@code processes} processes of {@code threads} threads ask for the token {@code rounds} times, each process
   * with a refresh budget of 10 per 10 minutes (Zoho's), while every access token the server grants lives 1 s,
   * short of the minimum validity: each ask wants a refresh. The budget is counted in the store, so the server sees
   * exactly 10 calls and never answers Access Denied (it enforces the same limit); every caller gets a token or the
   * budget's error, and once the last token has expired, every caller gets the error. Counted in each process instead, the processes together would spend 10 each.
   */
  public static void budget(String uri, int processes, int threads, int rounds) throws Exception {
    int budget = 10;
    Duration window = Duration.ofMinutes(10);
    try (OAuthServer server = new OAuthServer("refresh-0").expiresIn(1).zohoLimit(budget, window);
        TokenStore store = TokenStores.open(uri)) {
      String id = seed(store);
      try (Workers workers = new Workers(uri, server, processes, threads, Duration.ofSeconds(30),
          budget + "/" + window.toMillis())) {
        List<String> lines = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
          for (ChildJvm w : workers.all) {
            w.send("go");
          }
          for (ChildJvm w : workers.all) {
            lines.addAll(results(w, threads));
          }
        }
        String spent = "error io.tokenstore.TokenRefreshException: refresh budget of " + budget + " per " + window
            + " spent for record ";
        check(lines.stream().allMatch(l -> l.matches("ok access-([1-9]|10)") || l.startsWith(spent)),
            "every caller gets one of the 10 tokens or the budget's error", lines);
        check(server.calls() == budget, "the server saw " + server.calls() + " refresh calls, not the budget of "
            + budget, lines);
        // Once the last token has expired, the budget being spent, every caller gets the budget's error.
        Instant expiry = store.findTokenById(id).orElseThrow().expiryTime();
        check(Waits.until(Duration.ofSeconds(10), Duration.ofMillis(20),
            () -> Instant.now().isAfter(Objects.requireNonNull(expiry))), "the last token expired", lines);
        List<String> after = new ArrayList<>();
        for (ChildJvm w : workers.all) {
          w.send("go");
        }
        for (ChildJvm w : workers.all) {
          after.addAll(results(w, threads));
        }
        check(after.stream().allMatch(l -> l.startsWith(spent)), "every caller gets the budget's error", after);
        check(server.calls() == budget, "no call after the budget was spent: " + server.calls(), after);
        workers.quit();
      }
    }
  }

  // One user's record, its access token expired an hour ago.
  private static String seed(TokenStore store) {
    return store.saveToken(OAuthToken.builder().userName(USER).clientId("client-1").clientSecret("secret-1")
        .refreshToken("refresh-0").accessToken("expired").expiryTime(Instant.now().minusSeconds(3600))
        .build()).id();
  }

  /** Worker processes, each ready; closing kills any still running. */
  private static final class Workers implements AutoCloseable {
    final List<ChildJvm> all = new ArrayList<>();

    // budget: "REFRESHES/WINDOW_MILLIS", or "" for none.
    Workers(String uri, OAuthServer server, int processes, int threads, Duration lease, String budget)
        throws InterruptedException {
      try {
        for (int p = 0; p < processes; p++) {
          all.add(ChildJvm.start(RefreshWorker.class, uri, server.endpoint().toString(), USER,
              String.valueOf(threads), String.valueOf(lease.toMillis()), budget));
        }
        for (ChildJvm w : all) {
          String line = w.nextLine(BOUND);
          if (!"ready".equals(line)) {
            throw new AssertionError("a worker printed '" + line + "' instead of ready");
          }
        }
      } catch (RuntimeException | Error | InterruptedException e) {
        close();
        throw e;
      }
    }

    /** Ends every worker and checks that it exits cleanly. */
    void quit() throws InterruptedException {
      for (ChildJvm w : all) {
        w.send("quit");
        w.finish(BOUND);
      }
    }

    @Override
    public void close() throws InterruptedException {
      for (ChildJvm w : all) {
        w.close();
      }
    }
  }

  private static List<String> results(ChildJvm worker, int threads) throws InterruptedException {
    List<String> lines = new ArrayList<>();
    for (String line; !"done".equals(line = worker.nextLine(BOUND)); ) {
      if (line == null) {
        throw new AssertionError("a worker ended before it printed done; it printed " + lines);
      }
      lines.add(line);
    }
    if (lines.size() != threads) {
      throw new AssertionError("a worker printed " + lines.size() + " results, not " + threads + ": " + lines);
    }
    return lines;
  }

  private static void check(boolean ok, String what, List<String> printed) {
    if (!ok) {
      throw new AssertionError(what + "; the processes printed " + printed);
    }
  }
}
