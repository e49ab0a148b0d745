package io.tokenstore.tck;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * What a backend's test does when it finds no server: skip with the reason, or, where the system property
 * {@value #REQUIRE_PROPERTY} is {@code true} (CI sets it), fail, so that a run never passes by skipping.
 */
public final class Backends {
  /** The system property that turns a missing backend from a skip into a failure. */
  public static final String REQUIRE_PROPERTY = "tokenstore.requireBackends";

  private Backends() {}

  /** True if a missing backend must fail the run. */
  public static boolean required() {
    return Boolean.getBoolean(REQUIRE_PROPERTY);
  }

  /**
   * Skips the current test, or fails it if backends are {@linkplain #required() required}.
   *
   * @param backend the backend's name, such as {@code "PostgreSQL"}
   * @param howToProvide how to give the test a server, such as {@code "set TOKENSTORE_POSTGRES_URL"}
   * @return never returns normally; declared so that callers can write {@code throw unavailable(...)}
   */
  public static RuntimeException unavailable(String backend, String howToProvide) {
    String reason = "no " + backend + " server reachable: " + howToProvide;
    if (required()) {
      Assertions.fail(reason + " (-D" + REQUIRE_PROPERTY + "=true turns this skip into a failure)");
    }
    Assumptions.abort(reason);
    return new IllegalStateException(reason);
  }
}
