package io.tokenstore.benchmarks;

import org.openjdk.jmh.annotations.Param;

/**
 * The list store, whose every call scans the list: measured at two sizes to show it is linear (O(n)), not to
 * compete. Run: {@code java -jar benchmarks/target/benchmarks.jar ListBenchmark}.
 */
public class ListBenchmark extends StoreBenchmark {
  @Param({"list"})
  public String store;

  // Loading costs O(n^2) saves: 10 000 tokens is where that stays practical.
  @Param({"1000", "10000"})
  public int size;

  @Override
  protected String storeUri() {
    return "list:bench-" + size;
  }

  @Override
  protected int size() {
    return size;
  }
}
