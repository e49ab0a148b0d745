package io.tokenstore.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenstore.OAuthToken;
import io.tokenstore.TokenStore;
import io.tokenstore.TokenStores;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several processes on one SQLite file, and a process killed in the middle of saving. */
class SqliteProcessTest {
  @TempDir
  Path dir;

  private static Process start(String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), SaverProcess.class.getName()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
  }

  private static String output(Process p) throws Exception {
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the saver process finishes within 2 minutes").isTrue();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      return r.lines().collect(Collectors.joining("\n"));
    }
  }

  @Test
  void twoProcesses_upsertingTheSameUsers_leaveOneRecordEachAndNoError() throws Exception {
    String uri = "sqlite:" + dir.resolve("shared.db");
    Process a = start("users", uri, "a", "40", "15");
    Process b = start("users", uri, "b", "40", "15");
    assertThat(output(a)).isEqualTo("DONE");
    assertThat(output(b)).isEqualTo("DONE");
    assertThat(a.exitValue()).isZero();
    assertThat(b.exitValue()).isZero();
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
    Process p = start("stream", uri);
    List<String> acknowledged = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while (acknowledged.size() < 300 && (line = r.readLine()) != null) {
        acknowledged.add(line.substring("ACK ".length()));
      }
      p.destroyForcibly();
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
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
