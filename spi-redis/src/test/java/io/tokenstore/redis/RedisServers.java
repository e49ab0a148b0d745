package io.tokenstore.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.tokenstore.tck.Backends;
import io.tokenstore.testing.FreePorts;
import io.tokenstore.testing.ServerFinder;
import io.tokenstore.testing.Waits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.testcontainers.containers.GenericContainer;

/**
 * Redis servers for the tests: the shared standalone server (from {@code TOKENSTORE_REDIS_URI}, the local one on
 * 127.0.0.1:6379, or Testcontainers), and servers the tests start themselves from the installed
 * {@code redis-server} on ports of their own: a three-node cluster and single servers to stop and restart.
 */
final class RedisServers {
  private static final ServerFinder STANDALONE = ServerFinder.of("Redis", "TOKENSTORE_REDIS_URI")
      .local("redis://127.0.0.1:6379", RedisServers::pings).container(() -> {
        GenericContainer<?> redis = new GenericContainer<>("redis:7.4-alpine").withExposedPorts(6379);
        redis.start();
        return "redis://" + redis.getHost() + ":" + redis.getMappedPort(6379);
      });
  private static volatile LocalCluster cluster;

  private RedisServers() {}

  /** A URI of a standalone server, or skip (fail in CI) without one. */
  static String standalone() {
    return STANDALONE.uri();
  }

  static boolean pings(String uri) {
    RedisURI u = RedisURI.create(uri);
    u.setTimeout(Duration.ofSeconds(2));
    RedisClient client = RedisClient.create(u);
    try (StatefulRedisConnection<String, String> c = client.connect()) {
      return "PONG".equals(c.sync().ping());
    } catch (RuntimeException e) {
      return false;
    } finally {
      client.shutdown();
    }
  }

  /** The seeds of a local three-node cluster, started once per JVM. */
  static synchronized String cluster() {
    if (cluster == null) {
      cluster = LocalCluster.start();
      Runtime.getRuntime().addShutdownHook(new Thread(cluster::stop));
    }
    return cluster.uri();
  }

  static Path redisServer() {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
      Path p = Path.of(dir, "redis-server");
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    throw Backends.unavailable("redis-server binary", "install Redis (apt-get install redis-server)");
  }

  /** One redis-server process on a port of its own, keeping nothing on disk. */
  static final class Server {
    final int port;
    final Path dir;
    private Process process;

    Server(int port, Path dir, String... extra) {
      this.port = port;
      this.dir = dir;
      start(extra);
    }

    /** A server on a port of its own (and, for a cluster node, the bus port +10000 too). */
    static Server onFreePort(java.util.function.IntFunction<Path> dirFor, String... extra) {
      return FreePorts.start(port -> {
        Path dir = dirFor.apply(port);
        try {
          return new Server(port, dir, extra);
        } catch (IllegalStateException e) {
          String log;
          try {
            log = Files.readString(dir.resolve("redis-" + port + ".log"));
          } catch (IOException unreadable) {
            log = "";
          }
          if (log.contains("Address already in use")) {
            throw new FreePorts.Taken(e);
          }
          throw e;
        }
      }, 10000);
    }

    void start(String... extra) {
      List<String> cmd = new ArrayList<>(List.of(redisServer().toString(), "--port", String.valueOf(port),
          "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString()));
      cmd.addAll(List.of(extra));
      try {
        process = new ProcessBuilder(cmd).redirectErrorStream(true)
            .redirectOutput(dir.resolve("redis-" + port + ".log").toFile()).start();
      } catch (IOException e) {
        throw new IllegalStateException("cannot start redis-server", e);
      }
      // A server that answers while ours has died is another process's, on a port taken meanwhile.
      boolean up = Waits.until(Duration.ofSeconds(20), Duration.ofMillis(50), () -> !process.isAlive() || pings(uri()));
      if (!up || !process.isAlive()) {
        throw new IllegalStateException("redis-server on port " + port + " did not start; see " + dir);
      }
    }

    String uri() {
      return "redis://127.0.0.1:" + port;
    }

    void stop() {
      process.destroy();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Three masters, slots spread by redis-cli. */
  static final class LocalCluster {
    private final List<Server> nodes;

    private LocalCluster(List<Server> nodes) {
      this.nodes = nodes;
    }

    static LocalCluster start() {
      Path dir;
      try {
        dir = Files.createTempDirectory("tokenstore-redis-cluster");
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      List<Server> nodes = new ArrayList<>();
      List<String> create = new ArrayList<>(List.of(redisServer().resolveSibling("redis-cli").toString(),
          "--cluster", "create"));
      for (int i = 0; i < 3; i++) {
        Server node = Server.onFreePort(port -> {
          Path nodeDir = dir.resolve("node-" + port);
          try {
            return Files.createDirectories(nodeDir);
          } catch (IOException e) {
            throw new IllegalStateException(e);
          }
        }, "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf");
        nodes.add(node);
        create.add("127.0.0.1:" + node.port);
      }
      create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
      LocalCluster cluster = new LocalCluster(nodes);
      try {
        Process p = new ProcessBuilder(create).redirectErrorStream(true)
            .redirectOutput(dir.resolve("create.log").toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
          cluster.stop();
          throw new IllegalStateException("redis-cli --cluster create failed; see " + dir.resolve("create.log"));
        }
      } catch (IOException e) {
        cluster.stop();
        throw new IllegalStateException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      cluster.awaitOk();
      return cluster;
    }

    private void awaitOk() {
      if (!Waits.until(Duration.ofSeconds(30), Duration.ofMillis(100), () -> nodes.stream().allMatch(
          LocalCluster::clusterOk))) {
        stop();
        throw new IllegalStateException("the local cluster did not reach cluster_state:ok");
      }
    }

    private static boolean clusterOk(Server node) {
      RedisClient client = RedisClient.create(node.uri());
      try (StatefulRedisConnection<String, String> c = client.connect()) {
        return c.sync().clusterInfo().contains("cluster_state:ok");
      } catch (RuntimeException e) {
        return false;
      } finally {
        client.shutdown();
      }
    }

    String uri() {
      StringBuilder s = new StringBuilder("redis-cluster://");
      for (int i = 0; i < nodes.size(); i++) {
        s.append(i == 0 ? "" : ",").append("127.0.0.1:").append(nodes.get(i).port);
      }
      return s.toString();
    }

    void stop() {
      nodes.forEach(Server::stop);
    }
  }
}
