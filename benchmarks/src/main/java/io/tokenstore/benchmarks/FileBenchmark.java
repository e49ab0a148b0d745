package io.tokenstore.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import org.openjdk.jmh.annotations.Param;

/**
 * The Zoho token file. Every save rewrites and syncs the whole file (safety first), so saves are O(n); lookups
 * come from memory. Run: {@code java -jar benchmarks/target/benchmarks.jar FileBenchmark}.
 */
public class FileBenchmark extends StoreBenchmark {
  @Param({"file"})
  public String store;

  // Loading rewrites the file once per token: a thousand tokens is what such files hold.
  @Param({"1000"})
  public int size;

  @Override
  protected String storeUri() {
    try {
      Files.createDirectories(Servers.DIR);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return "file:" + Servers.DIR.resolve("sdk_tokens-" + size + ".txt");
  }

  @Override
  protected int size() {
    return size;
  }
}
