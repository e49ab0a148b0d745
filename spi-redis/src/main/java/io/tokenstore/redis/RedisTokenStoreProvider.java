package io.tokenstore.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.tokenstore.TokenStore;
import io.tokenstore.TokenStoreException;
import io.tokenstore.spi.StoreUri;
import io.tokenstore.spi.TokenStoreProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Redis, where tokens go when several instances of an application share them, through Lettuce.
 *
 * <p>URIs follow Lettuce's {@code RedisURI} grammar:
 * <ul>
 *   <li>{@code redis://[[user]:password@]host[:port][/database]} and {@code rediss://…} (TLS);</li>
 *   <li>{@code redis-socket:///path/to/redis.sock[?database=N]};</li>
 *   <li>{@code redis-sentinel://[password@]host[:port][,host[:port]…][/database]#masterName};</li>
 *   <li>{@code redis-cluster://[password@]host:port[,host:port…]}: Redis Cluster, from any of its nodes.</li>
 * </ul>
 * Options: {@code prefix}, the namespace, prepended to every key (default {@code tokenstore:}; no braces);
 * {@code timeout}, how long a command may take (default {@code 2s}). Other query parameters go to Lettuce.
 * Passwords, which may hold {@code / ? # @} unencoded, are masked in every message and {@code toString}, and
 * removed from the driver's messages in causes.
 *
 * <p>Layout, for prefix P: every key starts with the hash tag {@code {P}}, so that one namespace lives in one
 * Cluster slot and its scripts run on Cluster. {@code {P}t:ID} is a hash of a record's fields (Zoho's column
 * names; expiry in epoch milliseconds); {@code {P}ix:user_name}, {@code …ix:access_token}, {@code
 * …ix:refresh_token}, {@code …ix:grant_token} are hashes from each value to its record's id; {@code {P}ids} is the
 * set of ids. A save is one server-side script (loaded once, called by digest): lookup, merge, uniqueness checks
 * and index maintenance in one atomic step and one round trip.
 */
public final class RedisTokenStoreProvider implements TokenStoreProvider {
  private static final String CLUSTER = "redis-cluster";

  /** Called by {@link java.util.ServiceLoader}. */
  public RedisTokenStoreProvider() {}

  @Override
  public String name() {
    return "redis";
  }

  @Override
  public Set<String> schemes() {
    return Set.of("redis", "rediss", "redis-socket", "redis-sentinel", CLUSTER);
  }

  @Override
  public Set<String> options() {
    return Set.of("prefix", "timeout");
  }

  @Override
  public TokenStore open(String uri, Map<String, String> options) {
    // Sentinel's master name is the fragment, after the query; a password may hold '#' and '?' too.
    StoreUri parsed = StoreUri.parse(uri, options, schemes(), options(), true);
    String prefix = parsed.option("prefix", "tokenstore:");
    if (prefix.isEmpty() || prefix.contains("{") || prefix.contains("}")) {
      throw new IllegalArgumentException("option 'prefix' must be non-empty and without braces, not '" + prefix + "'");
    }
    Duration timeout = parsed.duration("timeout", Duration.ofSeconds(2));
    if (timeout.isZero()) {
      throw new IllegalArgumentException("option 'timeout' must be positive");
    }
    String scheme = parsed.scheme().toLowerCase(Locale.ROOT);
    String rest = parsed.body() + (parsed.passthrough().isEmpty() ? "" : "?" + parsed.passthrough().entrySet()
        .stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("&"))) + parsed.fragment();
    String description = "redis store " + StoreUri.mask(uri);
    TimeoutOptions timeouts = TimeoutOptions.enabled(timeout);
    try {
      if (scheme.equals(CLUSTER)) {
        List<RedisURI> seeds = clusterSeeds(rest, timeout);
        RedisClusterClient client = RedisClusterClient.create(seeds);
        client.setOptions(ClusterClientOptions.builder().timeoutOptions(timeouts).build());
        StatefulRedisClusterConnection<String, String> c = connect(client::connect, client::shutdown, uri);
        return new RedisTokenStore(c.sync(), c.async(), prefix, timeout, description, uri, () -> {
          c.close();
          client.shutdown();
        });
      }
      RedisURI redisUri = RedisURI.create(scheme + ":" + rest);
      redisUri.setTimeout(timeout);
      RedisClient client = RedisClient.create(redisUri);
      client.setOptions(ClientOptions.builder().timeoutOptions(timeouts).build());
      StatefulRedisConnection<String, String> c = connect(client::connect, client::shutdown, uri);
      return new RedisTokenStore(c.sync(), c.async(), prefix, timeout, description, uri, () -> {
        c.close();
        client.shutdown();
      });
    } catch (IllegalArgumentException e) {
      // Lettuce's message may quote the URI, password included.
      throw new IllegalArgumentException("malformed Redis URI " + StoreUri.mask(uri) + ": see the provider's "
          + "javadoc for the grammar");
    }
  }

  private static <C> C connect(java.util.function.Supplier<C> connect, Runnable shutdown, String uri) {
    try {
      return connect.get();
    } catch (RuntimeException e) {
      shutdown.run();
      throw StoreUri.scrub(new TokenStoreException("open failed for " + StoreUri.mask(uri)
          + ": cannot connect to Redis", e), uri);
    }
  }

  // redis-cluster://[password@]host:port,host:port → one redis:// URI per node, each with the credentials.
  private static List<RedisURI> clusterSeeds(String rest, Duration timeout) {
    String body = rest.startsWith("//") ? rest.substring(2) : rest;
    String credentials = "";
    int at = body.lastIndexOf('@');
    if (at >= 0) {
      credentials = body.substring(0, at + 1);
      body = body.substring(at + 1);
    }
    int end = body.length();
    for (char c : new char[] {'/', '?', '#'}) {
      int i = body.indexOf(c);
      if (i >= 0 && i < end) {
        end = i;
      }
    }
    List<RedisURI> seeds = new ArrayList<>();
    for (String node : body.substring(0, end).split(",")) {
      if (node.isBlank()) {
        continue;
      }
      RedisURI seed = RedisURI.create("redis://" + credentials + node.trim());
      seed.setTimeout(timeout);
      seeds.add(seed);
    }
    if (seeds.isEmpty()) {
      throw new IllegalArgumentException("redis-cluster: needs at least one host:port");
    }
    return seeds;
  }

  @Override
  public String namespace(String uri, Map<String, String> options) {
    return StoreUri.parse(uri, options, schemes(), options(), true).option("prefix", "tokenstore:");
  }

  @Override
  public Optional<String> namespaced(String uri, String namespace) {
    return Optional.of(StoreUri.withOption(uri, "prefix", namespace + ":"));
  }

  /** Durable as far as the server is: reopening finds what was saved while the server keeps its data. */
  @Override
  public boolean keepsRecordsAcrossOpens(String uri) {
    return true;
  }
}
