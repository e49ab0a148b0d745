package io.tokenstore.redis;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenstore.TokenStoreException;
import io.tokenstore.TokenStores;
import io.tokenstore.testing.LogCapture;
import io.tokenstore.testing.SecretWorkload;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * ERR-3 in the log: every line that tokenstore, Lettuce and Netty write at DEBUG and above, through a whole
 * workload and a refused login, holds no token value, client secret or password.
 */
class RedisLogLinesTest {
  private static final String PASSWORD = "pw-" + UUID.randomUUID().toString().substring(0, 8) + "-S3CRET";

  @Test
  void workload_logsNoSecret() throws Exception {
    String uri = RedisServers.standalone() + "?prefix=log-lines-" + UUID.randomUUID().toString().substring(0, 8)
        + ":";
    try (LogCapture log = LogCapture.everything()) {
      List<String> secrets = SecretWorkload.run(uri);
      log.assertCapturedFrom("io.lettuce");
      log.assertNoneContains(secrets);
    }
  }

  @Test
  void refusedLogin_logsNoPassword() {
    // The local server has no user "someone": the login is refused, and Lettuce says why.
    String uri = RedisServers.standalone().replace("redis://", "redis://someone:" + PASSWORD + "@") + "?timeout=2s";
    try (LogCapture log = LogCapture.everything()) {
      assertThatThrownBy(() -> TokenStores.open(uri).close()).isInstanceOf(TokenStoreException.class);
      log.assertCapturedFrom("io.lettuce");
      log.assertNoneContains(List.of(PASSWORD));
    }
  }
}
