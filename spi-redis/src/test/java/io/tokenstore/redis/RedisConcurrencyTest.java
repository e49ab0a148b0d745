package io.tokenstore.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.tokenstore.OAuthToken;
import io.tokenstore.TokenStore;
import io.tokenstore.TokenStores;
import io.tokenstore.spi.StoreUri;
import io.tokenstore.testing.ChildJvm;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Many threads in two processes upserting the same users; afterwards the raw keys, read with a plain client, hold
 * one record per user and no stale index entry.
 */
class RedisConcurrencyTest {
  private final String prefix = "conc-" + UUID.randomUUID() + ":";

  private String uri() {
    return StoreUri.withOption(RedisServers.standalone(), "prefix", prefix);
  }

  @AfterEach
  void cleanUp() {
    try (TokenStore s = TokenStores.open(uri())) {
      s.deleteTokens();
    }
  }

  @Test
  void threadsAndProcesses_upsertingTheSameUsers_leaveOneRecordEachAndConsistentIndexes() throws Exception {
    int users = 30;
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try (ChildJvm other = ChildJvm.start(RedisSaverProcess.class, uri(), "p", String.valueOf(users), "10");
        TokenStore store = TokenStores.open(uri())) {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 6; t++) {
        String tag = "t" + t;
        futures.add(pool.submit(() -> {
          for (int r = 0; r < 10; r++) {
            for (int u = 0; u < users; u++) {
              store.saveToken(OAuthToken.builder().userName("user-" + u).clientId("client")
                  .accessToken("access-" + tag + "-" + r + "-" + u).refreshToken("refresh-" + tag + "-" + u)
                  .build());
            }
          }
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get(120, TimeUnit.SECONDS);
      }
      assertThat(other.firstLine(Duration.ofSeconds(120))).isEqualTo("DONE");
      assertThat(store.getTokens()).hasSize(users);
    } finally {
      pool.shutdownNow();
    }
    checkRawKeys(users);
  }

  private void checkRawKeys(int users) {
    RedisClient client = RedisClient.create(RedisServers.standalone());
    try (StatefulRedisConnection<String, String> c = client.connect()) {
      RedisCommands<String, String> redis = c.sync();
      String p = "{" + prefix + "}";
      Set<String> keys = new HashSet<>();
      ScanCursor cursor = ScanCursor.INITIAL;
      do {
        KeyScanCursor<String> page = redis.scan(cursor, ScanArgs.Builder.matches(p.replace("{", "\\{")
            .replace("}", "\\}") + "*").limit(1000));
        keys.addAll(page.getKeys());
        cursor = page;
      } while (!cursor.isFinished());
      Set<String> ids = redis.smembers(p + "ids");
      assertThat(ids).hasSize(users);
      Set<String> expected = ids.stream().map(id -> p + "t:" + id).collect(Collectors.toSet());
      expected.add(p + "ids");
      for (String f : List.of("user_name", "access_token", "refresh_token")) {
        expected.add(p + "ix:" + f);
        Map<String, String> index = redis.hgetall(p + "ix:" + f);
        assertThat(index).as("index %s has one entry per record", f).hasSize(users);
        index.forEach((value, id) -> assertThat(redis.hget(p + "t:" + id, f))
            .as("index %s entry points at a record with that value", f).isEqualTo(value));
      }
      assertThat(keys).as("the namespace's keys").isEqualTo(expected);
    } finally {
      client.shutdown();
    }
  }
}
