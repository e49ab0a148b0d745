package io.tokenstore.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenstore.TokenStoreException;
import io.tokenstore.TokenStores;
import io.tokenstore.testing.LogCapture;
import io.tokenstore.testing.SecretWorkload;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * ERR-3 in the log: every line that tokenstore and the Mongo driver write at DEBUG and above, through a whole
 * workload and a refused login, holds no token value, client secret or password.
 */
class MongoLogLinesTest {
  private static final String PASSWORD = "pw-" + UUID.randomUUID().toString().substring(0, 8) + "-S3CRET";

  @Test
  void workload_logsNoSecret() throws Exception {
    String uri = MongoServers.inProcess() + "?collection=log_lines_" + UUID.randomUUID().toString().substring(0, 8);
    try (LogCapture log = LogCapture.everything()) {
      List<String> secrets = SecretWorkload.run(uri);
      log.assertCapturedFrom("org.mongodb.driver.protocol.command");
      // Known limit (README, Encryption at rest): MongoDB's duplicate-key error quotes the value, and the driver
      // logs a failed command with the server's error at DEBUG. Asserted present, so that it is seen to go away.
      Predicate<String> duplicateKeyError = l -> l.startsWith("org.mongodb.driver.protocol.command FINE ")
          && l.contains("E11000 duplicate key error");
      assertThat(log.lines()).anyMatch(duplicateKeyError);
      log.assertNoneContains(secrets, duplicateKeyError);
    }
  }

  @Test
  void refusedLogin_logsNoPassword() {
    // The in-process server knows no users: the driver's authentication fails, and it says why.
    String uri = MongoServers.inProcess().replace("mongodb://", "mongodb://someone:" + PASSWORD + "@")
        + "?timeout=2s";
    try (LogCapture log = LogCapture.everything()) {
      assertThatThrownBy(() -> TokenStores.open(uri).close()).isInstanceOf(TokenStoreException.class);
      log.assertCapturedFrom("org.mongodb.driver");
      log.assertNoneContains(List.of(PASSWORD));
    }
  }
}
