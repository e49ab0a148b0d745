package io.tokenstore.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.tokenstore.OAuthToken;
import io.tokenstore.TokenStore;
import io.tokenstore.TokenStores;
import io.tokenstore.testing.Waits;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Group commit under a backlog larger than one batch: every caller returns after the commit that holds its own
 * write, with its own result.
 */
class SqliteGroupCommitTest {
  // More than two batches of SingleWriterConnections.MAX_BATCH (256) queue behind the blocked writer.
  private static final int CALLERS = 900;
  private static final int ROUNDS = 3;

  @TempDir
  Path dir;

  @Test
  void write_backlogOfSeveralBatches_everyCallerGetsItsOwnCommittedResult() {
    assertTimeoutPreemptively(Duration.ofSeconds(60), this::backlogOfSeveralBatches);
  }

  private void backlogOfSeveralBatches() throws Exception {
    Path db = dir.resolve("group.db");
    ExecutorService pool = Executors.newFixedThreadPool(CALLERS);
    try (TokenStore store = TokenStores.open("sqlite:" + db)) {
      // Callers with an odd index delete: a third of them a stored token (true), the others an unknown id (false).
      List<String> stored = new ArrayList<>();
      for (int i = 0; i < CALLERS; i++) {
        stored.add(i % 6 == 1 ? store.saveToken(OAuthToken.builder().userName("old-" + i).build()).id() : null);
      }
      Queue<String> problems = new ConcurrentLinkedQueue<>();
      CountDownLatch queued = new CountDownLatch(CALLERS);
      List<Future<?>> results = new ArrayList<>();
      List<Thread> callers = new ArrayList<>();
      try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + db);
          Statement st = other.createStatement()) {
        st.execute("BEGIN IMMEDIATE");
        for (int i = 0; i < CALLERS; i++) {
          int n = i;
          results.add(pool.submit(() -> {
            synchronized (callers) {
              callers.add(Thread.currentThread());
            }
            queued.countDown();
            // Three rounds: callers coming back for their next write barge in behind a backlog of others.
            for (int round = 0; round < ROUNDS; round++) {
              try {
                if (n % 2 == 0) {
                  String access = "access-" + n + "-" + round;
                  OAuthToken saved = store.saveToken(OAuthToken.builder().userName("user-" + n)
                      .accessToken(access).refreshToken("refresh-" + n).build());
                  if (saved == null) {
                    problems.add("save returned null");
                    continue;
                  }
                  assertThat(saved.id()).isNotNull();
                  assertThat(saved.userName()).isEqualTo("user-" + n);
                  assertThat(saved.accessToken()).isEqualTo(access);
                  assertThat(saved.refreshToken()).isEqualTo("refresh-" + n);
                  // Returned after its commit: the readers see it.
                  assertThat(store.findTokenById(saved.id())).contains(saved);
                } else {
                  String id = stored.get(n) != null ? stored.get(n) : "missing-" + n;
                  assertThat(store.deleteToken(id)).as("delete %d, round %d", n, round)
                      .isEqualTo(round == 0 && stored.get(n) != null);
                  assertThat(store.findTokenById(id)).isEmpty();
                }
              } catch (RuntimeException | AssertionError e) {
                problems.add((n % 2 == 0 ? "save" : "delete") + " threw " + e);
              }
            }
            return null;
          }));
        }
        assertThat(queued.await(30, TimeUnit.SECONDS)).isTrue();
        // Every caller but the one in BEGIN IMMEDIATE (busy-waiting, RUNNABLE) parks on the write lock.
        if (!Waits.until(Duration.ofSeconds(20), Duration.ofMillis(10), () -> waiting(callers) >= CALLERS - 1)) {
          fail("only " + waiting(callers) + " of " + CALLERS + " callers queued behind the blocked writer");
        }
        st.execute("COMMIT");
      }
      for (Future<?> f : results) {
        f.get(30, TimeUnit.SECONDS);
      }
      assertThat(problems).as("%d of %d writes", problems.size(), CALLERS * ROUNDS).isEmpty();
      // Every save is there, every stored token was deleted.
      assertThat(store.getTokens()).extracting(OAuthToken::userName).allMatch(u -> u.startsWith("user-"))
          .hasSize(CALLERS / 2);
    } finally {
      pool.shutdownNow();
    }
  }

  private static int waiting(List<Thread> callers) {
    synchronized (callers) {
      return (int) callers.stream().filter(t -> t.getState() == Thread.State.WAITING).count();
    }
  }
}
