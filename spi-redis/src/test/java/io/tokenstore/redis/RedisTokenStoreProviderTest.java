package io.tokenstore.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenstore.TokenStoreException;
import io.tokenstore.TokenStores;
import org.junit.jupiter.api.Test;

class RedisTokenStoreProviderTest {
  @Test
  void open_unreachableServerWithPassword_failsWithoutShowingThePassword() {
    assertThatThrownBy(() -> TokenStores.open("redis://user:hunter2@127.0.0.1:1/0?timeout=300ms"))
        .isInstanceOf(TokenStoreException.class)
        .satisfies(e -> {
          for (Throwable t = e; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain("hunter2");
          }
        });
  }

  @Test
  void open_badOptions_areNamed() {
    assertThatThrownBy(() -> TokenStores.open("redis://127.0.0.1:1?prefix={x}"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'prefix'");
    assertThatThrownBy(() -> TokenStores.open("redis://127.0.0.1:1?timeout=soon"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'timeout'");
    assertThatThrownBy(() -> TokenStores.open("redis-cluster://"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void mask_hidesPasswordsInEveryRedisUriForm() {
    for (String uri : new String[] {"redis://:s3cret@h:6379/0", "rediss://user:s3cret@h", "redis-cluster://:s3cret@a:1,b:2",
        "redis-sentinel://:s3cret@h:26379/0#mymaster"}) {
      assertThat(io.tokenstore.spi.StoreUri.mask(uri)).doesNotContain("s3cret").contains("****");
    }
  }

  @Test
  void toString_namesTheNamespace() {
    try (var store = TokenStores.open(RedisServers.standalone() + "?prefix=named:")) {
      assertThat(store.toString()).contains("prefix named:");
    }
  }
}
