package io.tokenstore.testing;

import io.tokenstore.AccessTokens;
import io.tokenstore.OAuth2Refresher;
import io.tokenstore.OAuthToken;
import io.tokenstore.TokenStore;
import io.tokenstore.TokenStores;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * One instance of an application, for {@link RefreshRace}: opens the store, builds {@link AccessTokens}, prints
 * {@code ready}, then for each {@code go} line on standard input asks for the user's access token from
 * {@code threads} threads started together and prints one {@code ok TOKEN} or {@code error CLASS: MESSAGE} line per
 * thread, then {@code done}; {@code quit} ends it.
 *
 * <p>Arguments: store URI, token endpoint, user name, threads, lease time in milliseconds, and a refresh budget
 * ({@code REFRESHES/WINDOW_MILLIS}, or empty for none).
 */
public final class RefreshWorker {
  private RefreshWorker() {}

  public static void main(String[] args) throws Exception {
    String uri = args[0];
    URI endpoint = URI.create(args[1]);
    OAuthToken probe = OAuthToken.builder().userName(args[2]).build();
    int threads = Integer.parseInt(args[3]);
    Duration lease = Duration.ofMillis(Long.parseLong(args[4]));
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try (TokenStore store = TokenStores.open(uri)) {
      AccessTokens.Builder builder = AccessTokens.builder(store, OAuth2Refresher.tokenEndpoint(endpoint))
          .leaseTime(lease);
      if (!args[5].isEmpty()) {
        String[] budget = args[5].split("/");
        builder.refreshBudget(Integer.parseInt(budget[0]), Duration.ofMillis(Long.parseLong(budget[1])));
      }
      AccessTokens tokens = builder.build();
      if (!tokens.coordinatesAcrossProcesses()) {
        System.out.println("error " + tokens + " does not coordinate across processes");
      }
      System.out.println("ready");
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String line; (line = in.readLine()) != null && !line.equals("quit"); ) {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          results.add(pool.submit(() -> {
            start.await();
            try {
              return "ok " + tokens.accessToken(probe);
            } catch (RuntimeException e) {
              return "error " + e.getClass().getName() + ": " + e.getMessage();
            }
          }));
        }
        start.countDown();
        for (Future<String> f : results) {
          System.out.println(f.get(120, TimeUnit.SECONDS));
        }
        System.out.println("done");
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
