package io.tokenstore.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.tokenstore.OAuthToken;
import io.tokenstore.TokenStore;
import io.tokenstore.TokenStores;
import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writers in one JVM that do not share the provider's classes or the path: an OS file lock is held per JVM and
 * per file, so they must still exclude each other rather than fail with {@code OverlappingFileLockException}.
 */
class FileLockTest {
  private static final int SAVES = 200;

  @TempDir
  Path dir;

  // Each loader has its own copy of every class of the class path (parent: the platform loader, so nothing of
  // ours is shared), as two web applications in one container have.
  private static URLClassLoader isolatedLoader() throws Exception {
    List<URL> urls = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      urls.add(Path.of(entry).toUri().toURL());
    }
    return new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
  }

  /** Runs one task per uri at once, each calling {@code save(uri, tag, SAVES)} through its own loader. */
  private static List<String> saveAtOnce(List<ClassLoader> loaders, List<String> uris) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(uris.size());
    try {
      CyclicBarrier start = new CyclicBarrier(uris.size());
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < uris.size(); i++) {
        ClassLoader loader = loaders.get(i);
        String uri = uris.get(i);
        String tag = "w" + i;
        results.add(pool.submit(() -> {
          Class<?> loop = Class.forName(FileSaverLoop.class.getName(), true, loader);
          start.await(30, TimeUnit.SECONDS);
          return (String) loop.getMethod("save", String.class, String.class, int.class).invoke(null, uri, tag, SAVES);
        }));
      }
      List<String> out = new ArrayList<>();
      for (Future<String> f : results) {
        out.add(f.get(120, TimeUnit.SECONDS));
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  private static void assertAllSaved(String uri, int writers) {
    try (TokenStore store = TokenStores.open(uri)) {
      List<OAuthToken> all = store.getTokens();
      assertThat(all).hasSize(writers * SAVES);
      assertThat(all).extracting(OAuthToken::id).doesNotHaveDuplicates();
    }
  }

  @Test
  void save_twoClassLoadersOnOneFile_noSaveFails() {
    String uri = "file:" + dir.resolve("sdk_tokens.txt");
    assertTimeoutPreemptively(Duration.ofSeconds(180), () -> {
      try (URLClassLoader a = isolatedLoader(); URLClassLoader b = isolatedLoader()) {
        assertThat(Class.forName(FileTokenStore.class.getName(), false, a))
            .as("each loader has its own store class").isNotSameAs(FileTokenStore.class)
            .isNotSameAs(Class.forName(FileTokenStore.class.getName(), false, b));
        assertThat(saveAtOnce(List.of(a, b), List.of(uri, uri))).containsExactly("0 ", "0 ");
      }
    });
    assertAllSaved(uri, 2);
  }

  @Test
  void save_twoPathsToOneFileThroughASymlinkedFolder_noSaveFails() throws Exception {
    Path real = Files.createDirectory(dir.resolve("real"));
    Path link = Files.createSymbolicLink(dir.resolve("link"), real);
    String viaReal = "file:" + real.resolve("sdk_tokens.txt");
    String viaLink = "file:" + link.resolve("sdk_tokens.txt");
    ClassLoader here = FileLockTest.class.getClassLoader();
    assertTimeoutPreemptively(Duration.ofSeconds(180), () ->
        assertThat(saveAtOnce(List.of(here, here), List.of(viaReal, viaLink))).containsExactly("0 ", "0 "));
    assertAllSaved(viaReal, 2);
    assertThat(Files.isSymbolicLink(link)).isTrue();
  }
}
