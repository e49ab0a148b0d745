package io.tokenstore.jdbc;

import io.tokenstore.tck.Backends;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.JdbcDatabaseContainer;
import org.testcontainers.containers.MariaDBContainer;
import org.testcontainers.containers.PostgreSQLContainer;

/**
 * Finds a server for each SQL backend, in this order: the URL in an environment variable; the local server these
 * machines run; a Testcontainers container when Docker exists. Without any, the test skips (or fails in CI).
 */
enum Databases {
  MARIADB("MariaDB", "TOKENSTORE_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/test?user=root",
      () -> new MariaDBContainer<>("mariadb:11.4")),
  MYSQL_DRIVER("MariaDB (MySQL Connector/J)", "TOKENSTORE_MYSQL_URL", "jdbc:mysql://127.0.0.1:3306/test?user=root",
      () -> new MariaDBContainer<>("mariadb:11.4")),
  POSTGRESQL("PostgreSQL", "TOKENSTORE_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres",
      () -> new PostgreSQLContainer<>("postgres:17"));

  private static final Map<Databases, String> FOUND = new ConcurrentHashMap<>();

  private final String label;
  private final String variable;
  private final String local;
  private final Supplier<JdbcDatabaseContainer<?>> container;

  Databases(String label, String variable, String local, Supplier<JdbcDatabaseContainer<?>> container) {
    this.label = label;
    this.variable = variable;
    this.local = local;
    this.container = container;
  }

  /** A JDBC URL that reaches the server, with credentials as query parameters; skips or fails without one. */
  String url() {
    String url = FOUND.computeIfAbsent(this, Databases::find);
    if (url.isEmpty()) {
      throw Backends.unavailable(label, "set " + variable + ", run one where " + local + " reaches it, or start "
          + "Docker for Testcontainers");
    }
    return url;
  }

  private String find() {
    String fromEnv = System.getenv(variable);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return fromEnv;
    }
    if (reachable(local)) {
      return local;
    }
    if (DockerClientFactory.instance().isDockerAvailable()) {
      JdbcDatabaseContainer<?> c = container.get();
      c.start();
      String base = this == MYSQL_DRIVER ? c.getJdbcUrl().replace("jdbc:mariadb:", "jdbc:mysql:") : c.getJdbcUrl();
      return base + (base.contains("?") ? "&" : "?") + "user=" + c.getUsername() + "&password=" + c.getPassword();
    }
    return "";
  }

  private static boolean reachable(String url) {
    DriverManager.setLoginTimeout(3);
    try (Connection c = DriverManager.getConnection(url)) {
      return c.isValid(3);
    } catch (SQLException e) {
      return false;
    }
  }

  /** Runs SQL on the server directly, outside tokenstore. */
  void execute(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url()); Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }
}
