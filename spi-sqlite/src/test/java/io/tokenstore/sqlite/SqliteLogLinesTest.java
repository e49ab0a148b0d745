package io.tokenstore.sqlite;

import io.tokenstore.testing.LogCapture;
import io.tokenstore.testing.SecretWorkload;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ERR-3 in the log: no line of tokenstore or sqlite-jdbc, at any level, holds a value of a whole workload. */
class SqliteLogLinesTest {
  @TempDir
  Path dir;

  @Test
  void workload_logsNoSecret() throws Exception {
    try (LogCapture log = LogCapture.everything()) {
      List<String> secrets = SecretWorkload.run("sqlite:" + dir.resolve("log.db"));
      log.assertNoneContains(secrets);
    }
  }
}
