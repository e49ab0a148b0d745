package io.tokenstore.file;

import io.tokenstore.OAuthToken;
import io.tokenstore.TokenStore;
import java.util.Map;

/**
 * Saves in a loop and counts the saves that failed: {@link FileLockTest} loads it in class loaders of its own, so
 * that each has its own copy of the provider's classes, as two web applications in one JVM do.
 */
public final class FileSaverLoop {
  private FileSaverLoop() {}

  /**
   * Saves {@code count} users named {@code tag-i}.
   *
   * @return how many saves threw, with the first failure's class name, as {@code "N first"}
   */
  public static String save(String uri, String tag, int count) {
    int failed = 0;
    String first = "";
    TokenStore store;
    try {
      store = new FileTokenStoreProvider().open(uri, Map.of());
    } catch (RuntimeException e) {
      return count + " " + rootCause(e); // not one save could be tried
    }
    try (store) {
      for (int i = 0; i < count; i++) {
        try {
          store.saveToken(OAuthToken.builder().userName(tag + "-" + i).accessToken("access-" + tag + "-" + i).build());
        } catch (RuntimeException e) {
          if (failed++ == 0) {
            first = rootCause(e);
          }
        }
      }
    }
    return failed + " " + first;
  }

  private static String rootCause(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getClass().getName();
  }
}
