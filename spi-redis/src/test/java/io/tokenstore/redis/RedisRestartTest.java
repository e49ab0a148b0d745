package io.tokenstore.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenstore.OAuthToken;
import io.tokenstore.TokenStore;
import io.tokenstore.TokenStoreException;
import io.tokenstore.TokenStores;
import io.tokenstore.testing.Waits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A server the test starts on a port of its own (never the shared 6379), stopped and started mid-run. */
class RedisRestartTest {
  @TempDir
  Path dir;

  @Test
  void serverDown_callsFailWithinTheTimeout_andTheSameStoreWorksWhenItIsBack() {
    RedisServers.Server server = RedisServers.Server.onFreePort(port -> dir);
    try (TokenStore store = TokenStores.open(server.uri() + "?timeout=500ms")) {
      store.saveToken(OAuthToken.builder().userName("before").accessToken("a1").build());

      server.stop();
      long start = System.nanoTime();
      assertThatThrownBy(() -> store.findToken(OAuthToken.builder().userName("before").build()))
          .isInstanceOf(TokenStoreException.class)
          .hasMessageContaining("findToken")
          .hasCauseInstanceOf(RuntimeException.class);
      assertThatThrownBy(() -> store.saveToken(OAuthToken.builder().userName("during").build()))
          .isInstanceOf(TokenStoreException.class).hasMessageContaining("saveToken");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).as("two failed calls, 500 ms timeout each")
          .isLessThan(Duration.ofSeconds(10));

      server.start();
      // The restarted server has no data and no scripts: the store reconnects and loads them again.
      AtomicReference<OAuthToken> after = new AtomicReference<>();
      assertThat(Waits.until(Duration.ofMinutes(1), Duration.ofMillis(200), () -> {
        try {
          after.set(store.saveToken(OAuthToken.builder().userName("after").accessToken("a2").build()));
          return true;
        } catch (TokenStoreException e) {
          return false;
        }
      })).as("the store works again within a minute of the restart").isTrue();
      assertThat(store.findToken(OAuthToken.builder().accessToken("a2").build())).contains(after.get());
      assertThat(store.getTokens()).containsExactly(after.get());
    } finally {
      server.stop();
    }
  }
}
