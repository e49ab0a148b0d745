package io.tokenstore.benchmarks;

import io.tokenstore.OAuthToken;
import io.tokenstore.TokenStore;
import io.tokenstore.TokenStores;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The operations every store is measured on, through {@link TokenStores#open}, the path users take. Each backend's
 * subclass names its store URIs ({@code @Param store}) and sizes ({@code @Param size}) and adds the raw-driver
 * baselines, so that every ratio comes from one run.
 *
 * <p>Keys are generated before measuring; reads are spread over the stored tokens by an odd-stride permutation of
 * a power-of-two index ({@code & mask}), Caffeine-style. A store already holding exactly {@code size} tokens of
 * the benchmark's namespace is reused between trials (durable backends load once).
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar} (all), {@code … SqliteBenchmark -p size=1000},
 * {@code … -l} to list; {@code java -cp benchmarks/target/benchmarks.jar io.tokenstore.benchmarks.Report
 * results.json} turns a JSON result ({@code -rf json -rff results.json}) into {@code docs/benchmarks.md}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public abstract class StoreBenchmark {
  private static final Instant EXPIRY = Instant.ofEpochMilli(1_764_409_530_123L);

  protected TokenStore store;
  protected OAuthToken[] stored;
  protected OAuthToken[] byUser;
  protected OAuthToken[] byAccess;
  protected OAuthToken[] byRefresh;
  protected OAuthToken[][] updates;
  /** Token indexes in a shuffled order, repeated to a power-of-two length: {@code order[n & mask]}. */
  protected int[] order;
  protected int mask;
  private int shift;

  /** The next token index of a thread's walk. */
  protected final int next(Cursor c) {
    return order[++c.next & mask];
  }

  /** The update of the refresh path for a token, alternating between two values as the walk passes. */
  protected final OAuthToken update(Cursor c, int i) {
    return updates[variant(c)][i];
  }

  /** Which of a token's two updates the walk is at: a peer's refresh path alternates as ours does. */
  protected final int variant(Cursor c) {
    return c.variant(shift);
  }
  private final Queue<String> inserted = new ConcurrentLinkedQueue<>();

  /** The URI of the store under test. */
  protected abstract String storeUri();

  /** How many tokens the store holds while measured. */
  protected abstract int size();

  /** Called at the end of the trial's setup, once the store is loaded: opens baseline connections. */
  protected void afterLoad() throws Exception {}

  /** Called at the end of the trial, before the store is closed. */
  protected void beforeClose() throws Exception {}

  /** A token of the benchmark's data set; values like real Zoho tokens (about 70 characters). */
  static OAuthToken token(int i) {
    return OAuthToken.builder()
        .userName("user-" + i + "@example.com")
        .clientId("1000.BENCHCLIENT00000000000000000000")
        .clientSecret("0123456789abcdef0123456789abcdef0123456789")
        .refreshToken("1000.refresh." + i + ".a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4.e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2")
        .accessToken("1000.access." + i + ".0.f6e5d4c3b2a1f6e5d4c3b2a1f6e5d4c3.b2a1f6e5d4c3b2a1f6e5d4c3b2a1f6e5")
        .expiryTime(EXPIRY)
        .redirectUrl("https://example.com/oauth/callback")
        .apiDomain("https://www.zohoapis.com")
        .build();
  }

  @Setup(Level.Trial)
  public void openAndLoad() throws Exception {
    store = TokenStores.open(storeUri());
    int size = size();
    if (store.getTokens().size() != size) {
      store.deleteTokens();
      load(size);
    }
    List<OAuthToken> all = store.getTokens();
    stored = new OAuthToken[size];
    for (OAuthToken t : all) {
      String user = t.userName();
      stored[Integer.parseInt(user.substring(5, user.indexOf('@')))] = t;
    }
    int length = Integer.highestOneBit(size) == size ? size : Integer.highestOneBit(size) << 1;
    mask = length - 1;
    shift = Integer.numberOfTrailingZeros(length);
    order = new int[length];
    for (int j = 0; j < length; j++) {
      order[j] = j % size;
    }
    java.util.Random shuffle = new java.util.Random(42);
    for (int j = length - 1; j > 0; j--) {
      int k = shuffle.nextInt(j + 1);
      int tmp = order[j];
      order[j] = order[k];
      order[k] = tmp;
    }
    byUser = new OAuthToken[size];
    byAccess = new OAuthToken[size];
    byRefresh = new OAuthToken[size];
    updates = new OAuthToken[2][size];
    for (int i = 0; i < size; i++) {
      OAuthToken t = stored[i];
      byUser[i] = OAuthToken.builder().userName(t.userName()).build();
      byAccess[i] = OAuthToken.builder().accessToken(t.accessToken()).build();
      byRefresh[i] = OAuthToken.builder().clientId(t.clientId()).clientSecret(t.clientSecret())
          .refreshToken(t.refreshToken()).build();
      // The refresh path: a new access token and expiry for a user. Two values a user alternates between.
      for (int v = 0; v < 2; v++) {
        updates[v][i] = OAuthToken.builder().userName(t.userName())
            .accessToken("1000.access." + i + "." + (v + 1) + ".f6e5d4c3b2a1f6e5d4c3b2a1f6e5d4c3.b2a1f6e5d4c3b2a1")
            .expiryTime(EXPIRY.plusSeconds(3600 * (v + 1))).build();
      }
    }
    afterLoad();
  }

  // Eight loaders share commits where the store groups them; the order of ids does not matter.
  private void load(int size) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> parts = new ArrayList<>();
      for (int part = 0; part < 8; part++) {
        int from = part;
        parts.add(pool.submit(() -> {
          for (int i = from; i < size; i += 8) {
            store.saveToken(token(i));
          }
          return null;
        }));
      }
      for (Future<?> f : parts) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @TearDown(Level.Iteration)
  public void dropInserted() {
    for (String id; (id = inserted.poll()) != null; ) {
      store.deleteToken(id);
    }
  }

  @TearDown(Level.Trial)
  public void close() throws Exception {
    try {
      beforeClose();
    } finally {
      store.close();
    }
  }

  /**
   * Each thread's walk over the tokens, starting at a place of its own. Every pass over the order flips which of
   * a user's two updates is saved, so that every save changes the record.
   */
  @State(Scope.Thread)
  public static class Cursor {
    int next = (int) (Thread.currentThread().getId() * 7919);
    private int inserts;

    int variant(int shift) {
      return (next >>> shift) & 1;
    }

    String newUser() {
      return "new-" + Thread.currentThread().getId() + "-" + (inserts++) + "@example.com";
    }
  }

  @Benchmark
  public Object findByUserName(Cursor c) {
    return store.findToken(byUser[next(c)]);
  }

  @Benchmark
  public Object findByAccessToken(Cursor c) {
    return store.findToken(byAccess[next(c)]);
  }

  @Benchmark
  public Object findByRefreshToken(Cursor c) {
    return store.findToken(byRefresh[next(c)]);
  }

  @Benchmark
  public Object findById(Cursor c) {
    return store.findTokenById(stored[next(c)].id());
  }

  /** The refresh path: an existing user's new access token and expiry. */
  @Benchmark
  public Object saveUpdate(Cursor c) {
    int i = next(c);
    return store.saveToken(update(c, i));
  }

  @Benchmark
  public Object saveInsert(Cursor c) {
    OAuthToken saved = store.saveToken(OAuthToken.builder().userName(c.newUser()).accessToken(c.newUser()).build());
    inserted.add(saved.id());
    return saved;
  }

  @Benchmark
  public Object getTokens() {
    return store.getTokens();
  }

  /** Eight threads saving at once: where a store groups commits, they share them. */
  @Benchmark
  @Threads(8)
  public Object saveUpdate8Threads(Cursor c) {
    return saveUpdate(c);
  }

  @Benchmark
  @Group("mix")
  @GroupThreads(3)
  public Object mixRead(Cursor c) {
    return findByUserName(c);
  }

  @Benchmark
  @Group("mix")
  @GroupThreads(1)
  public Object mixWrite(Cursor c) {
    return saveUpdate(c);
  }
}
