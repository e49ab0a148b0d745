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
import io.tokenstore.encryption.TestKeysets;
import io.tokenstore.spi.StoreUri;
import io.tokenstore.tck.NamespacedStoreTck;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The kit on the encrypted variant of a standalone server and a cluster, and what SCAN + HGETALL show. */
class RedisEncryptedTest {
  @Nested
  class Standalone extends NamespacedStoreTck {
    @Override
    protected String baseUri() {
      return RedisServers.standalone();
    }

    @Override
    protected Map<String, String> openOptions() {
      return TestKeysets.option();
    }
  }

  @Nested
  class Cluster extends NamespacedStoreTck {
    @Override
    protected String baseUri() {
      return RedisServers.cluster();
    }

    @Override
    protected Map<String, String> openOptions() {
      return TestKeysets.option();
    }
  }

  /** Every field of every key of the prefix, read with Lettuce alone, holds none of the secrets saved. */
  @Test
  void scanAndHgetall_holdNoSecret() {
    String prefix = "enc_raw_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12) + ":";
    String uri = StoreUri.withOption(RedisServers.standalone(), "prefix", prefix);
    RedisClient client = RedisClient.create(RedisServers.standalone());
    try (TokenStore s = TokenStores.open(uri, TestKeysets.option()); StatefulRedisConnection<String, String> c = client.connect()) {
      s.saveToken(OAuthToken.builder().userName("alice@example.com").clientId("client-a").clientSecret("secret-a")
          .accessToken("access-a").refreshToken("refresh-a").grantToken("grant-a").build());
      RedisCommands<String, String> redis = c.sync();
      StringBuilder all = new StringBuilder();
      ScanCursor cursor = ScanCursor.INITIAL;
      do {
        KeyScanCursor<String> page = redis.scan(cursor, ScanArgs.Builder.matches("{" + prefix + "}*").limit(100));
        for (String key : page.getKeys()) {
          all.append(key).append('=');
          String type = redis.type(key);
          switch (type) {
            case "hash" -> all.append(redis.hgetall(key));
            case "string" -> all.append(redis.get(key));
            case "set" -> all.append(redis.smembers(key));
            case "zset" -> all.append(redis.zrange(key, 0, -1));
            default -> all.append(type);
          }
          all.append('\n');
        }
        cursor = page;
      } while (!cursor.isFinished());
      assertThat(all.toString()).contains("alice@example.com", "tse1.")
          .doesNotContain("secret-a", "access-a", "refresh-a", "grant-a");
      s.deleteTokens();
    } finally {
      client.shutdown();
    }
  }
}
