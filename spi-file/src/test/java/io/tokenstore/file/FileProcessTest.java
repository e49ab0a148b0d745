package io.tokenstore.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenstore.OAuthToken;
import io.tokenstore.TokenStore;
import io.tokenstore.TokenStores;
import io.tokenstore.testing.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two processes writing one token file, and a process killed while saving. */
class FileProcessTest {
  @TempDir
  Path dir;

  private static final Duration WAIT = Duration.ofMinutes(2);

  @Test
  void twoProcesses_savingAtOnce_loseNoWrite() throws Exception {
    String uri = "file:" + dir.resolve("sdk_tokens.txt");
    try (ChildJvm a = ChildJvm.start(FileSaverProcess.class, "users", uri, "a", "60");
        ChildJvm b = ChildJvm.start(FileSaverProcess.class, "users", uri, "b", "60")) {
      assertThat(a.firstLine(WAIT)).isEqualTo("DONE");
      assertThat(b.firstLine(WAIT)).isEqualTo("DONE");
    }
    try (TokenStore store = TokenStores.open(uri)) {
      List<OAuthToken> all = store.getTokens();
      assertThat(all).hasSize(120);
      assertThat(all).extracting(OAuthToken::id).doesNotHaveDuplicates();
    }
  }

  @Test
  void killedProcess_leavesAParsableFileWithEveryAcknowledgedSave() throws Exception {
    Path file = dir.resolve("sdk_tokens.txt");
    List<String> acknowledged = new ArrayList<>();
    try (ChildJvm p = ChildJvm.start(FileSaverProcess.class, "stream", "file:" + file)) {
      String line;
      while (acknowledged.size() < 150 && (line = p.nextLine(WAIT)) != null) {
        acknowledged.add(line.substring("ACK ".length()));
      }
      p.kill();
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
