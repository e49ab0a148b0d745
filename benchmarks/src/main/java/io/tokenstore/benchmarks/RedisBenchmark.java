package io.tokenstore.benchmarks;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.tokenstore.spi.StoreUri;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;

/**
 * Redis, beside raw Lettuce {@code HGETALL} and {@code HSET} round trips on one connection to the same server.
 * Runs only where reachable ({@code TOKENSTORE_REDIS_URI}, else 127.0.0.1:6379). Run:
 * {@code java -jar benchmarks/target/benchmarks.jar RedisBenchmark}.
 */
public class RedisBenchmark extends StoreBenchmark {
  @Param({"redis"})
  public String store;

  @Param({"1000", "100000"})
  public int size;

  private RedisClient client;
  private StatefulRedisConnection<String, String> connection;
  private RedisCommands<String, String> raw;

  private String prefix() {
    return "bench_" + size + ":";
  }

  @Override
  protected String storeUri() {
    return StoreUri.withOption(Servers.REDIS, "prefix", prefix());
  }

  @Override
  protected int size() {
    return size;
  }

  @Override
  protected void afterLoad() {
    client = RedisClient.create(Servers.REDIS);
    connection = client.connect();
    raw = connection.sync();
  }

  @Override
  protected void beforeClose() {
    connection.close();
    client.shutdown();
  }

  private String key(int i) {
    return "{" + prefix() + "}t:" + stored[i].id();
  }

  /** Baseline for find: one {@code HGETALL} of a record. */
  @Benchmark
  public Object rawHgetall(Cursor c) {
    return raw.hgetall(key(next(c)));
  }

  /** Baseline for save: one {@code HSET} of the expiry (the indexes stay valid). */
  @Benchmark
  public Object rawHset(Cursor c) {
    int i = next(c);
    return raw.hset(key(i), "expiry_time", Long.toString(update(c, i).expiryTime().toEpochMilli()));
  }
}
