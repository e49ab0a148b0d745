package io.tokenstore.sql.race;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.tokenstore.DuplicateTokenException;
import io.tokenstore.OAuthToken;
import io.tokenstore.TokenStore;
import io.tokenstore.TokenStores;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Saves racing deletes of the same key: every save carries a fresh access token, so no other record can own any
 * of its values, and no caller may see a {@link DuplicateTokenException} or a deadlock. Each backend's module
 * extends this with its store URI.
 */
public abstract class SaveDeleteRaceTests {
  private static final int THREADS = 8;
  private static final int ROUNDS = 150;

  private final List<String> tables = new ArrayList<>();

  /** The store URI of a table. */
  protected abstract String uri(String table);

  /** Drops a table the test created, on backends that outlive the test. */
  protected void drop(String table) throws SQLException {}

  @AfterEach
  void dropTables() throws SQLException {
    for (String t : tables) {
      drop(t);
    }
  }

  @Test
  void saveToken_racingDeletesOfTheSameKey_neverFailsAndLeavesAtMostOneRecord() {
    String table = "race_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    tables.add(table);
    Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
    try (TokenStore store = TokenStores.open(uri(table))) {
      assertTimeoutPreemptively(Duration.ofSeconds(90), () -> {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
          CountDownLatch start = new CountDownLatch(1);
          List<Future<?>> done = new ArrayList<>();
          for (int t = 0; t < THREADS; t++) {
            done.add(pool.submit(() -> {
              start.await();
              for (int i = 0; i < ROUNDS; i++) {
                try {
                  OAuthToken saved = store.saveToken(OAuthToken.builder().userName("alice")
                      .accessToken(UUID.randomUUID().toString()).build());
                  store.deleteToken(saved.id());
                } catch (RuntimeException e) {
                  failures.computeIfAbsent(describe(e), k -> new AtomicInteger()).incrementAndGet();
                }
              }
              return null;
            }));
          }
          start.countDown();
          for (Future<?> f : done) {
            f.get();
          }
        } finally {
          pool.shutdownNow();
        }
      });
      assertThat(new TreeMap<>(failures)).as("failures by kind, out of %d saves and deletes", 2 * THREADS * ROUNDS)
          .isEmpty();
      assertThat(store.getTokens().stream().filter(r -> "alice".equals(r.userName()))).hasSizeLessThanOrEqualTo(1);
    }
  }

  // The exception's class, and the SQLState and the first line of the driver's message of its SQL cause.
  private static String describe(Throwable e) {
    StringBuilder kind = new StringBuilder(e.getClass().getSimpleName());
    if (e instanceof DuplicateTokenException) {
      kind.append('(').append(((DuplicateTokenException) e).field()).append(')');
    }
    for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
      if (c instanceof SQLException) {
        String message = String.valueOf(c.getMessage()).replaceAll("'[0-9a-f]{64}'", "'<sha256>'")
            .replaceAll("\\(conn=\\d+\\) ", "").replaceAll(" \\S*_user_name_uq", " user_name_uq");
        kind.append(" <- SQLState ").append(((SQLException) c).getSQLState()).append(": ")
            .append(message.lines().findFirst().orElse(""));
        break;
      }
    }
    return kind.toString();
  }
}
