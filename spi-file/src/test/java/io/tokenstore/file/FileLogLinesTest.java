package io.tokenstore.file;

import io.tokenstore.testing.LogCapture;
import io.tokenstore.testing.SecretWorkload;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ERR-3 in the log: no line, at any level, holds a value of a whole workload on the Zoho token file. */
class FileLogLinesTest {
  @TempDir
  Path dir;

  @Test
  void workload_logsNoSecret() throws Exception {
    try (LogCapture log = LogCapture.everything()) {
      List<String> secrets = SecretWorkload.run("file:" + dir.resolve("tokens.csv"));
      log.assertNoneContains(secrets);
    }
  }
}
