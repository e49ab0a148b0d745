package io.tokenstore.benchmarks;

import java.nio.file.Path;
import java.util.Map;

/** Where the benchmarks find their backends: the local servers, or the URIs the environment names. */
final class Servers {
  private Servers() {}

  // A socket timeout turns a stalled server into an error instead of a benchmark that never ends.
  static final String MARIADB = env("TOKENSTORE_MARIADB_URL",
      "jdbc:mariadb://127.0.0.1:3306/test?user=root&socketTimeout=60000");
  static final String POSTGRESQL = env("TOKENSTORE_POSTGRES_URL",
      "jdbc:postgresql://127.0.0.1:5432/test?user=postgres&socketTimeout=60");
  static final String REDIS = env("TOKENSTORE_REDIS_URI", "redis://127.0.0.1:6379");
  static final Path DIR = Path.of(System.getProperty("java.io.tmpdir"), "tokenstore-bench");

  static final Map<String, String> JDBC = Map.of(
      "h2", "jdbc:h2:mem:bench;DB_CLOSE_DELAY=-1",
      "mariadb", MARIADB,
      "postgresql", POSTGRESQL);

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }
}
