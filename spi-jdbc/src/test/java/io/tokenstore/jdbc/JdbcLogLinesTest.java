package io.tokenstore.jdbc;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenstore.TokenStoreException;
import io.tokenstore.TokenStores;
import io.tokenstore.testing.LogCapture;
import io.tokenstore.testing.SecretWorkload;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * ERR-3 in the log: every line that tokenstore, HikariCP and the drivers write at any level, through a whole
 * workload and a refused login, holds no token value, client secret or password.
 */
class JdbcLogLinesTest {
  private static final String PASSWORD = "pw-" + UUID.randomUUID().toString().substring(0, 8) + "-S3CRET";

  @ParameterizedTest
  @EnumSource(Databases.class)
  void workload_logsNoSecret(Databases db) throws Exception {
    String url = db.url();
    List<String> secrets = new ArrayList<>();
    try (LogCapture log = LogCapture.everything()) {
      secrets.addAll(SecretWorkload.run(url + "&table=log_lines_" + UUID.randomUUID().toString()
          .substring(0, 8)));
      log.assertCapturedFrom("com.zaxxer.hikari");
      log.assertNoneContains(secrets);
    }
  }

  @ParameterizedTest
  @EnumSource(value = Databases.class, names = {"MARIADB", "MYSQL_DRIVER"})
  void refusedLogin_logsNoPassword(Databases db) {
    // The local server's root has no password: any password is refused, and HikariCP and the driver say why.
    String url = db.url().replace("user=root", "user=root&password=" + PASSWORD) + "&connectTimeout=2000";
    try (LogCapture log = LogCapture.everything()) {
      assertThatThrownBy(() -> TokenStores.open(url).close()).isInstanceOf(TokenStoreException.class);
      log.assertCapturedFrom("com.zaxxer.hikari");
      log.assertNoneContains(List.of(PASSWORD));
    }
  }

  @Test
  void h2Workload_logsNoSecret() throws Exception {
    String url = "jdbc:h2:mem:log" + UUID.randomUUID().toString().replace("-", "")
        + ";DB_CLOSE_DELAY=-1;USER=sa;PASSWORD=" + PASSWORD;
    List<String> secrets = new ArrayList<>(List.of(PASSWORD));
    try (LogCapture log = LogCapture.everything()) {
      secrets.addAll(SecretWorkload.run(url));
      log.assertCapturedFrom("com.zaxxer.hikari");
      log.assertNoneContains(secrets);
    }
  }
}
