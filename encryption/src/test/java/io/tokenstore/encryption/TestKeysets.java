package io.tokenstore.encryption;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A keyset made once per JVM for the kits, as users make theirs; shipped in this module's test jar for the
 * providers' encrypted kits.
 */
public final class TestKeysets {
  private static Path shared;

  private TestKeysets() {}

  /** The {@code keyset} option naming the JVM's shared keyset file. */
  public static Map<String, String> option() {
    return option(shared());
  }

  static synchronized Path shared() {
    if (shared == null) {
      shared = fresh();
    }
    return shared;
  }

  static Path fresh() {
    try {
      Path dir = Files.createTempDirectory("tokenstore-keyset");
      dir.toFile().deleteOnExit();
      Path file = dir.resolve("keyset.json");
      Keysets.create(file);
      file.toFile().deleteOnExit();
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Map<String, String> option(Path keyset) {
    return Map.of("keyset", "file:" + keyset);
  }
}
