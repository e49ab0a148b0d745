package io.tokenstore.benchmarks;

import io.tokenstore.TokenStores;
import org.openjdk.jmh.annotations.Param;

/**
 * The store operations on any store URI, for {@code tokenstore bench URI…}: the store is loaded in the namespace
 * {@code tokenstore_bench} of the URI's backend, never in the URI's own records. Run:
 * {@code java -jar benchmarks/target/benchmarks.jar UriBenchmark -p uri=sqlite:bench.db}.
 */
public class UriBenchmark extends StoreBenchmark {
  @Param({"memory:"})
  public String uri;

  @Param({"1000"})
  public int size;

  @Override
  protected String storeUri() {
    return TokenStores.provider(uri).namespaced(uri, "tokenstore_bench").orElseThrow(() ->
        new IllegalArgumentException("provider " + TokenStores.provider(uri).name()
            + " has no namespaces: benchmarking would overwrite the store's own tokens"));
  }

  @Override
  protected int size() {
    return size;
  }
}
