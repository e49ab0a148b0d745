package io.tokenstore.benchmarks;

import io.tokenstore.OAuthToken;
import java.util.concurrent.ConcurrentHashMap;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;

/**
 * The in-memory store ({@code memory:}, hash indexes) beside a raw {@link ConcurrentHashMap}, up to a million
 * tokens. Run: {@code java -jar benchmarks/target/benchmarks.jar MemoryBenchmark}.
 */
public class MemoryBenchmark extends StoreBenchmark {
  @Param({"memory"})
  public String store;

  @Param({"1000", "100000", "1000000"})
  public int size;

  private ConcurrentHashMap<String, OAuthToken> map;

  @Override
  protected String storeUri() {
    return "memory:bench-" + size;
  }

  @Override
  protected int size() {
    return size;
  }

  @Override
  protected void afterLoad() {
    map = new ConcurrentHashMap<>();
    for (OAuthToken t : stored) {
      map.put(t.userName(), t);
    }
  }

  /** Baseline for find: a {@code ConcurrentHashMap.get} by user name. */
  @Benchmark
  public Object rawMapGet(Cursor c) {
    return map.get(byUser[next(c)].userName());
  }

  /** Baseline for save: a {@code ConcurrentHashMap.put} of the updated token. */
  @Benchmark
  public Object rawMapPut(Cursor c) {
    int i = next(c);
    OAuthToken t = update(c, i);
    return map.put(t.userName(), t);
  }
}
