package io.tokenstore.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenstore.OAuthToken;
import io.tokenstore.TokenStore;
import io.tokenstore.TokenStores;
import io.tokenstore.testing.ChildJvm;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several processes on one SQLite file, and a process killed in the middle of saving. */
class SqliteProcessTest {
  @TempDir
  Path dir;

  private static final Duration WAIT = Duration.ofMinutes(2);

  @Test
  void twoProcesses_upsertingTheSameUsers_leaveOneRecordEachAndNoError() throws Exception {
    String uri = "sqlite:" + dir.resolve("shared.db");
    try (ChildJvm a = ChildJvm.start(SaverProcess.class, "users", uri, "a", "40", "15");
        ChildJvm b = ChildJvm.start(SaverProcess.class, "users", uri, "b", "40", "15")) {
      assertThat(a.finish(WAIT)).isEqualTo("DONE");
      assertThat(b.finish(WAIT)).isEqualTo("DONE");
      assertThat(a.exitValue()).isZero();
      assertThat(b.exitValue()).isZero();
    }
    try (TokenStore store = TokenStores.open(uri)) {
      List<OAuthToken> all = store.getTokens();
      assertThat(all).hasSize(40);
      assertThat(all).extracting(OAuthToken::userName).doesNotHaveDuplicates();
      // Each record holds one whole save of its own user, by either process.
      assertThat(all).allSatisfy(t -> assertThat(t.accessToken())
          .matches("access-[ab]-\\d+-" + t.userName().substring("user-".length())));
    }
  }

  @Test
  void killedProcess_keepsEverySaveItAcknowledged() throws Exception {
    Path db = dir.resolve("killed.db");
    String uri = "sqlite:" + db;
    List<String> acknowledged = new ArrayList<>();
    try (ChildJvm p = ChildJvm.start(SaverProcess.class, "stream", uri)) {
      String line;
      while (acknowledged.size() < 300 && (line = p.nextLine(WAIT)) != null) {
        acknowledged.add(line.substring("ACK ".length()));
      }
      p.kill();
    }
    assertThat(acknowledged).hasSize(300);
    try (TokenStore store = TokenStores.open(uri)) {
      for (String user : acknowledged) {
        assertThat(store.findToken(OAuthToken.builder().userName(user).build())).as(user).isPresent();
      }
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualTo("ok");
    }
  }
}
