package io.tokenstore.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenstore.TokenStoreException;
import io.tokenstore.TokenStores;
import java.io.PrintWriter;
import java.io.StringWriter;
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

  private static void assertShowsNowhere(Throwable e, String secret) {
    StringWriter printed = new StringWriter();
    e.printStackTrace(new PrintWriter(printed));
    assertThat(printed.toString()).as("printed stack trace").doesNotContain(secret);
    assertThat(e.toString()).doesNotContain(secret);
    assertThat(String.valueOf(e.getMessage())).doesNotContain(secret);
  }

  @Test
  void open_passwordWithDelimiters_isShownNowhere() {
    for (String password : new String[] {"hun/ter2", "hun?ter2", "hun#ter2", "hun@ter2", "hu@n/ter?2#x"}) {
      for (String uri : new String[] {"redis://:" + password + "@127.0.0.1:1/0?timeout=300ms",
          "redis://user:" + password + "@127.0.0.1:1?timeout=300ms",
          "redis-sentinel://:" + password + "@127.0.0.1:1,127.0.0.1:2?timeout=300ms#mymaster",
          "redis-cluster://:" + password + "@127.0.0.1:1,127.0.0.1:2?timeout=300ms"}) {
        assertThatThrownBy(() -> TokenStores.open(uri).close()).as(uri)
            .isInstanceOfAny(TokenStoreException.class, IllegalArgumentException.class)
            .satisfies(e -> assertShowsNowhere(e, password))
            .satisfies(e -> assertShowsNowhere(e, "ter2"));
      }
    }
  }

  @Test
  void open_encodedPasswordOnTheServer_isShownNowhere() {
    // The server's default user has no password: any is accepted.
    String uri = RedisServers.standalone().replace("redis://", "redis://:hun%23ter2@") + "?prefix=pw-test:";
    try (var store = TokenStores.open(uri)) {
      assertThat(store.getTokens()).isEmpty();
      assertThat(store.toString()).doesNotContain("hun").contains(":****@");
    }
  }

  @Test
  void namespaced_sentinelUri_putsThePrefixBeforeTheMasterName() {
    assertThat(new RedisTokenStoreProvider().namespaced("redis-sentinel://:p#w@h:26379,h:26380#mymaster", "ns"))
        .contains("redis-sentinel://:p#w@h:26379,h:26380?prefix=ns:#mymaster");
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
