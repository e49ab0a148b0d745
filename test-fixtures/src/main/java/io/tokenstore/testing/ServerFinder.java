package io.tokenstore.testing;

import io.tokenstore.tck.Backends;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;

/**
 * Finds the server a backend's tests run against, once per JVM, in this order: the URI in an environment
 * variable; a local server, if it answers; a Testcontainers container, if Docker is available. Without any, the
 * test skips through {@link Backends#unavailable} (a failure when backends are required), or always skips where
 * no server can be had on the project's machines. Each module keeps what is its own: how to ping, which image,
 * how to build the URI.
 */
public final class ServerFinder {
  private final String backend;
  private final String variable;
  private String local = "";
  private Predicate<String> reachable = uri -> false;
  private Supplier<String> container = () -> "";
  private boolean hasContainer;
  private String alwaysSkipBecause = "";
  private String found = "";
  private boolean searched;

  private ServerFinder(String backend, String variable) {
    this.backend = backend;
    this.variable = variable;
  }

  /** A finder for {@code backend} (such as {@code "PostgreSQL"}) that first reads the variable {@code variable}. */
  public static ServerFinder of(String backend, String variable) {
    return new ServerFinder(backend, variable);
  }

  /** Then {@code uri}, if {@code reachable} says a server answers there. */
  public ServerFinder local(String uri, Predicate<String> reachable) {
    this.local = uri;
    this.reachable = reachable;
    return this;
  }

  /** Then, if Docker is available, {@code start}: starts a container and returns its URI. */
  public ServerFinder container(Supplier<String> start) {
    this.container = start;
    this.hasContainer = true;
    return this;
  }

  /** Without a server the test skips even when backends are required, for {@code why}. */
  public ServerFinder alwaysSkip(String why) {
    this.alwaysSkipBecause = why;
    return this;
  }

  /** The server's URI, found on the first call and the same on every later one; skips or fails without one. */
  public synchronized String uri() {
    if (!searched) {
      found = find();
      searched = true;
    }
    if (found.isEmpty()) {
      String how = howToProvide();
      if (!alwaysSkipBecause.isEmpty()) {
        Assumptions.abort("no " + backend + " server reachable: " + how + " (" + alwaysSkipBecause + ")");
      }
      throw Backends.unavailable(backend, how);
    }
    return found;
  }

  private String find() {
    String fromEnv = System.getenv(variable);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return fromEnv;
    }
    if (!local.isEmpty() && reachable.test(local)) {
      return local;
    }
    if (hasContainer && Docker.available()) {
      return container.get();
    }
    return "";
  }

  private String howToProvide() {
    List<String> ways = new ArrayList<>(List.of("set " + variable));
    if (!local.isEmpty()) {
      ways.add("run one where " + local + " reaches it");
    }
    if (hasContainer) {
      ways.add("start Docker for Testcontainers");
    }
    String last = ways.remove(ways.size() - 1);
    return ways.isEmpty() ? last : String.join(", ", ways) + " or " + last;
  }

  // Its own class, loaded only when a container is asked for: modules without Testcontainers never touch it.
  private static final class Docker {
    static boolean available() {
      return DockerClientFactory.instance().isDockerAvailable();
    }
  }
}
