package io.tokenstore.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenstore.OAuthToken;
import io.tokenstore.TokenStore;
import io.tokenstore.TokenStores;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two processes writing one token file, and a process killed while saving. */
class FileProcessTest {
  @TempDir
  Path dir;

  private static Process start(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), FileSaverProcess.class.getName()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
  }

  private static String firstLine(Process p) throws Exception {
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the saver finishes within 2 minutes").isTrue();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      return r.readLine();
    }
  }

  @Test
  void twoProcesses_savingAtOnce_loseNoWrite() throws Exception {
    String uri = "file:" + dir.resolve("sdk_tokens.txt");
    Process a = start("users", uri, "a", "60");
    Process b = start("users", uri, "b", "60");
    assertThat(firstLine(a)).isEqualTo("DONE");
    assertThat(firstLine(b)).isEqualTo("DONE");
    try (TokenStore store = TokenStores.open(uri)) {
      List<OAuthToken> all = store.getTokens();
      assertThat(all).hasSize(120);
      assertThat(all).extracting(OAuthToken::id).doesNotHaveDuplicates();
    }
  }

  @Test
  void killedProcess_leavesAParsableFileWithEveryAcknowledgedSave() throws Exception {
    Path file = dir.resolve("sdk_tokens.txt");
    Process p = start("stream", "file:" + file);
    List<String> acknowledged = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while (acknowledged.size() < 150 && (line = r.readLine()) != null) {
        acknowledged.add(line.substring("ACK ".length()));
      }
      p.destroyForcibly();
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(acknowledged).hasSize(150);
    ZohoCsv.Content content = ZohoCsv.parse(Files.readAllBytes(file));
    assertThat(content.tokens()).extracting(OAuthToken::userName).containsAll(acknowledged);
    try (TokenStore store = TokenStores.open("file:" + file)) {
      assertThat(store.getTokens()).hasSizeGreaterThanOrEqualTo(150);
      store.saveToken(OAuthToken.builder().userName("after-the-kill").build());
    }
    // The killed writer may have left a temporary file full of tokens; the next write deletes it.
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .containsExactlyInAnyOrder("sdk_tokens.txt", "sdk_tokens.txt.lock");
    }
  }
}
