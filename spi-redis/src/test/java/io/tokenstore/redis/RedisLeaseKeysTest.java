package io.tokenstore.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.tokenstore.OAuthToken;
import io.tokenstore.TokenStore;
import io.tokenstore.TokenStoreException;
import io.tokenstore.TokenStores;
import io.tokenstore.spi.Lease;
import io.tokenstore.spi.LeasingTokenStore;
import io.tokenstore.spi.StoreUri;
import java.time.Duration;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The keys a lease and a record's counted refreshes leave, read with a plain client, and a hostile counts key. */
class RedisLeaseKeysTest {
  private final String prefix = "leasekeys-" + UUID.randomUUID();
  private @Nullable RedisClient client;

  private String uri() {
    return StoreUri.withOption(RedisServers.standalone(), "prefix", prefix);
  }

  @AfterEach
  void cleanUp() {
    RedisClient plain = client;
    if (plain == null) {
      return;
    }
    try (StatefulRedisConnection<String, String> c = plain.connect()) {
      for (String key : c.sync().keys("{" + prefix + "}*")) {
        c.sync().del(key);
      }
    } finally {
      plain.shutdown();
    }
  }

  @Test
  void counts_areASortedSetThatExpiresWithItsLastCount_andAKeyOfAnotherTypeIsRefusedAndKept() {
    RedisClient plain = RedisClient.create(RedisServers.standalone());
    client = plain;
    try (TokenStore store = TokenStores.open(uri()); StatefulRedisConnection<String, String> c = plain.connect()) {
      RedisCommands<String, String> raw = c.sync();
      LeasingTokenStore leasing = (LeasingTokenStore) store;
      String id = store.saveToken(OAuthToken.builder().userName("alice@example.com").build()).id();
      String counts = "{" + prefix + "}refreshes:" + id;
      Lease lease = leasing.tryLease(id, Duration.ofMinutes(5)).orElseThrow();
      assertThat(leasing.countRefresh(lease, 2, Duration.ofMinutes(10))).contains(Duration.ZERO);
      assertThat(leasing.countRefresh(lease, 2, Duration.ofSeconds(30))).contains(Duration.ZERO);
      assertThat(raw.type(counts)).isEqualTo("zset");
      assertThat(raw.zcard(counts)).isEqualTo(2);
      // It expires with the count that ends last, the 10-minute one, not with the last counted.
      assertThat(raw.pttl(counts)).isBetween(Duration.ofMinutes(9).toMillis(), Duration.ofMinutes(10).toMillis());
      assertThat(leasing.release(lease)).isTrue();
      assertThat(raw.exists("{" + prefix + "}lease:" + id)).as("the released lease's key").isZero();
      assertThat(raw.zcard(counts)).as("counts after the release").isEqualTo(2);

      raw.del(counts);
      raw.set(counts, "someone else's");
      Lease next = leasing.tryLease(id, Duration.ofMinutes(5)).orElseThrow();
      assertThatThrownBy(() -> leasing.countRefresh(next, 2, Duration.ofMinutes(10)))
          .isInstanceOf(TokenStoreException.class).hasMessageContaining("countRefresh failed");
      assertThat(raw.get(counts)).isEqualTo("someone else's");
      leasing.release(next);
    }
  }
}
