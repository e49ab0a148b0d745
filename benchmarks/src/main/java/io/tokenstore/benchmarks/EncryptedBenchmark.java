package io.tokenstore.benchmarks;

import io.tokenstore.encryption.Keysets;
import io.tokenstore.spi.StoreUri;
import java.nio.file.Files;
import java.nio.file.Path;
import org.openjdk.jmh.annotations.Param;

/**
 * The option {@code keyset} beside the same store without it, in one run: {@code STORE+keyset} is the encrypted
 * variant of {@code STORE}, in a namespace of its own. The memory pair gives the cost of the cryptography itself
 * (its store calls take well under a microsecond). Run:
 * {@code java -jar benchmarks/target/benchmarks.jar EncryptedBenchmark}.
 */
public class EncryptedBenchmark extends StoreBenchmark {
  static final String KEYSET = "+keyset";

  @Param({"memory", "memory+keyset", "sqlite", "sqlite+keyset", "postgresql", "postgresql+keyset", "redis",
      "redis+keyset"})
  public String store;

  @Param({"1000"})
  public int size;

  @Override
  protected String storeUri() {
    boolean encrypted = store.endsWith(KEYSET);
    String backend = encrypted ? store.substring(0, store.length() - KEYSET.length()) : store;
    String ns = "bench_" + (encrypted ? "enc" : "plain") + "_" + size;
    String uri = switch (backend) {
      case "memory" -> "memory:" + ns;
      case "sqlite" -> StoreUri.withOption("sqlite:" + Servers.DIR.resolve("encrypted.db"), "table", ns);
      case "postgresql" -> StoreUri.withOption(Servers.JDBC.get("postgresql"), "table", ns);
      case "redis" -> StoreUri.withOption(Servers.REDIS, "prefix", ns + ":");
      default -> throw new IllegalArgumentException("store " + store);
    };
    return encrypted ? StoreUri.withOption(uri, "keyset", "file:" + keyset()) : uri;
  }

  private static synchronized Path keyset() {
    Path file = Servers.DIR.resolve("keyset.json");
    try {
      Files.createDirectories(Servers.DIR);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    if (!Files.exists(file)) {
      Keysets.create(file);
    }
    return file;
  }

  @Override
  protected int size() {
    return size;
  }
}
