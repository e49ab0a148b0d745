package io.tokenstore.benchmarks;

import io.tokenstore.AccessTokens;
import io.tokenstore.OAuthToken;
import io.tokenstore.Refresher;
import io.tokenstore.TokenStore;
import io.tokenstore.TokenStores;
import io.tokenstore.spi.StoreUri;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link AccessTokens} on each leasing backend: {@code accessToken} of a valid token beside {@code findToken} of the
 * same record on the same store (the hot path, target 0.9×), and one coordinated refresh ({@code rejected}: lease,
 * re-read, refresher, fenced save, release) beside a plain {@code saveToken} of the same fields. The refresher
 * answers at once, so the refresh measures the store's coordination alone. One thread: a refresh of one record is
 * one at a time by design. Run: {@code java -jar benchmarks/target/benchmarks.jar AccessTokensBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class AccessTokensBenchmark {
  private static final Instant VALID = Instant.parse("2100-01-01T00:00:00Z");

  @Param({"memory", "sqlite", "postgresql", "mariadb", "redis"})
  public String store;

  /** Records in the store; the benchmarks ask for one of them. */
  @Param({"1000"})
  public int size;

  private TokenStore tokens;
  private AccessTokens access;
  private AccessTokens budgeted;
  private OAuthToken probe;
  private String current;
  private final AtomicLong issued = new AtomicLong();

  private String uri() throws Exception {
    String table = "bench_access";
    switch (store) {
      case "memory":
        return "memory:";
      case "sqlite":
        Files.createDirectories(Servers.DIR);
        return "sqlite:" + Servers.DIR.resolve("access.db") + "?table=" + table;
      case "redis":
        return StoreUri.withOption(Servers.REDIS, "prefix", "bench-access");
      default:
        String base = Servers.JDBC.get(store);
        return TokenStores.provider(base).namespaced(base, table).orElseThrow();
    }
  }

  @Setup
  public void open() throws Exception {
    tokens = TokenStores.open(uri());
    tokens.deleteTokens();
    for (int i = 0; i < size; i++) {
      tokens.saveToken(OAuthToken.builder().userName("user-" + i + "@example.com").clientId("1000.BENCH")
          .clientSecret("secret").refreshToken("refresh-" + i).accessToken("access-" + i + "-0")
          .expiryTime(VALID).build());
    }
    probe = OAuthToken.builder().userName("user-" + (size / 2) + "@example.com").build();
    current = "access-" + (size / 2) + "-0";
    Refresher refresher = record -> OAuthToken.builder().accessToken("access-" + UUID.randomUUID())
        .expiryTime(VALID).build();
    access = AccessTokens.builder(tokens, refresher).build();
    // A budget never spent, each count out of its window a millisecond later: a record holds a count or two, as
    // one under Zoho's 10 per 10 minutes holds ten at most.
    budgeted = AccessTokens.builder(tokens, refresher).refreshBudget(1_000_000, Duration.ofMillis(1)).build();
    if (!access.coordinatesAcrossProcesses()) {
      throw new IllegalStateException(store + " does not lease: " + access);
    }
  }

  @TearDown
  public void close() {
    tokens.deleteTokens();
    tokens.close();
  }

  /** Baseline of the hot path: the lookup alone. */
  @Benchmark
  public Object findToken() {
    return tokens.findToken(probe);
  }

  /** The hot path: a valid stored token, one lookup. */
  @Benchmark
  public String accessToken() {
    return access.accessToken(probe);
  }

  /** Baseline of the refresh: a plain save of the fields a refresh writes. */
  @Benchmark
  public Object plainSave() {
    return tokens.saveToken(OAuthToken.builder().userName(probe.userName())
        .accessToken("access-" + issued.incrementAndGet()).expiryTime(VALID).build());
  }

  /** One coordinated refresh: the current access token refused, so every call refreshes. */
  @Benchmark
  public String coordinatedRefresh() {
    current = access.rejected(probe, current).accessToken();
    return current;
  }

  /** The same, its refresh counted against a budget in the store first (a fenced count under the lease). */
  @Benchmark
  public String budgetedRefresh() {
    current = budgeted.rejected(probe, current).accessToken();
    return current;
  }

}
