package io.tokenstore.jdbc;

import io.tokenstore.testing.ServerFinder;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Supplier;
import org.testcontainers.containers.JdbcDatabaseContainer;
import org.testcontainers.containers.MariaDBContainer;
import org.testcontainers.containers.PostgreSQLContainer;

/**
 * A server for each SQL backend, found by {@link ServerFinder}: the URL in an environment variable, the local server
 * these machines run, or a Testcontainers container. Without any, the test skips (or fails in CI).
 */
enum Databases {
  MARIADB("MariaDB", "TOKENSTORE_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/test?user=root",
      () -> new MariaDBContainer<>("mariadb:11.4")),
  MYSQL_DRIVER("MariaDB (MySQL Connector/J)", "TOKENSTORE_MYSQL_URL", "jdbc:mysql://127.0.0.1:3306/test?user=root",
      () -> new MariaDBContainer<>("mariadb:11.4")),
  POSTGRESQL("PostgreSQL", "TOKENSTORE_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres",
      () -> new PostgreSQLContainer<>("postgres:17"));

  private final ServerFinder finder;

  Databases(String label, String variable, String local, Supplier<JdbcDatabaseContainer<?>> container) {
    this.finder = ServerFinder.of(label, variable).local(local, Databases::reachable)
        .container(() -> start(container.get()));
  }

  /** A JDBC URL that reaches the server, with credentials as query parameters; skips or fails without one. */
  String url() {
    return finder.uri();
  }

  private String start(JdbcDatabaseContainer<?> c) {
    c.start();
    String base = this == MYSQL_DRIVER ? c.getJdbcUrl().replace("jdbc:mariadb:", "jdbc:mysql:") : c.getJdbcUrl();
    return base + (base.contains("?") ? "&" : "?") + "user=" + c.getUsername() + "&password=" + c.getPassword();
  }

  private static boolean reachable(String url) {
    DriverManager.setLoginTimeout(3);
    try (Connection c = DriverManager.getConnection(url)) {
      return c.isValid(3);
    } catch (SQLException e) {
      return false;
    }
  }

  /** Drops what a store on {@code table} made: the table, its lease tables and its schema row. */
  void dropStore(String table) throws SQLException {
    execute("DROP TABLE IF EXISTS " + table);
    execute("DROP TABLE IF EXISTS " + table + "_leases");
    execute("DROP TABLE IF EXISTS " + table + "_refreshes");
    execute("DELETE FROM tokenstore_schema WHERE table_name = '" + table + "'");
  }

  /** Runs SQL on the server directly, outside tokenstore. */
  void execute(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url()); Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }
}
