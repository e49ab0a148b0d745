package io.tokenstore.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenstore.OAuthToken;
import io.tokenstore.TokenStore;
import io.tokenstore.TokenStores;
import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.logging.Logger;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What one save costs the database: every statement, commit, rollback and auto-commit switch that the store (and
 * its pool) sends on the saving thread, counted by a driver that wraps the real one. The refresh path, a stored
 * user's new access token, must stay one statement on PostgreSQL ({@code UPDATE … RETURNING}) and two on MariaDB
 * and H2 (a read and a compare-and-set {@code UPDATE}), with no transaction: a change that adds a round trip fails
 * here before it shows in a benchmark.
 */
class SaveRoundTripsTest {
  @TempDir
  static Path services;

  /** The calls the saving thread made, in order, as {@code execute: SQL}, {@code commit}, … */
  static final List<String> CALLS = Collections.synchronizedList(new ArrayList<>());
  static volatile Thread counted;

  private static String url(String database) {
    switch (database) {
      case "postgresql":
        return Databases.POSTGRESQL.url();
      case "mariadb":
        return Databases.MARIADB.url();
      default:
        return "jdbc:h2:mem:roundtrips;DB_CLOSE_DELAY=-1";
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"postgresql", "mariadb", "h2"})
  void refreshOfAStoredToken_isOneAtomicStatementOrACompareAndSet_withoutATransaction(String database)
      throws Exception {
    String table = "roundtrips_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    String uri = url(database) + (url(database).contains("?") ? "&" : "?") + "table=" + table;
    Thread thread = Thread.currentThread();
    ClassLoader before = thread.getContextClassLoader();
    thread.setContextClassLoader(new CountingDriverLoader(before));
    try (TokenStore store = TokenStores.open(uri)) {
      OAuthToken alice = store.saveToken(OAuthToken.builder().userName("alice@example.com").clientId("1000.A")
          .clientSecret("secret").refreshToken("refresh-a").accessToken("access-1").build());
      store.saveToken(OAuthToken.builder().userName("alice@example.com").accessToken("access-2").build());

      CALLS.clear();
      counted = thread;
      OAuthToken saved = store.saveToken(OAuthToken.builder().userName("alice@example.com")
          .accessToken("access-3").build());
      counted = null;

      assertThat(saved).isEqualTo(alice.toBuilder().accessToken("access-3").build());
      List<String> calls = List.copyOf(CALLS);
      if (database.equals("postgresql")) {
        assertThat(calls).as("calls of one refresh").hasSize(1);
        assertThat(calls.get(0)).startsWith("execute: UPDATE ").contains(" RETURNING ");
      } else {
        assertThat(calls).as("calls of one refresh").hasSize(2);
        assertThat(calls.get(0)).startsWith("execute: SELECT ");
        assertThat(calls.get(1)).startsWith("execute: UPDATE ");
      }
    } finally {
      counted = null;
      thread.setContextClassLoader(before);
      if (!database.equals("h2")) {
        try (Connection c = DriverManager.getConnection(url(database)); Statement st = c.createStatement()) {
          st.execute("DROP TABLE IF EXISTS " + table);
        }
      }
    }
  }

  /**
   * An insert of a new user must not read every id to find the largest (that made each insert O(n) and a load of
   * 100 000 tokens quadratic): after the store's first insert, the next id is one primary-key probe. An emptied
   * table starts again at 1.
   */
  @ParameterizedTest
  @ValueSource(strings = {"postgresql", "mariadb", "h2"})
  void insertOfANewUser_probesOneIdInsteadOfScanningEveryId(String database) throws Exception {
    String table = "roundtrips_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    String uri = url(database) + (url(database).contains("?") ? "&" : "?") + "table=" + table;
    Thread thread = Thread.currentThread();
    ClassLoader before = thread.getContextClassLoader();
    thread.setContextClassLoader(new CountingDriverLoader(before));
    try (TokenStore store = TokenStores.open(uri)) {
      assertThat(store.saveToken(OAuthToken.builder().userName("u1@example.com").accessToken("a1").build()).id())
          .isEqualTo("1");

      CALLS.clear();
      counted = thread;
      OAuthToken second = store.saveToken(OAuthToken.builder().userName("u2@example.com").accessToken("a2").build());
      counted = null;

      assertThat(second.id()).isEqualTo("2");
      assertThat(List.copyOf(CALLS)).as("calls of one insert").noneMatch(c -> c.toUpperCase().contains("MAX("));
      store.deleteTokens();
      assertThat(store.saveToken(OAuthToken.builder().userName("u3@example.com").build()).id()).isEqualTo("1");
    } finally {
      counted = null;
      thread.setContextClassLoader(before);
      if (!database.equals("h2")) {
        try (Connection c = DriverManager.getConnection(url(database)); Statement st = c.createStatement()) {
          st.execute("DROP TABLE IF EXISTS " + table);
        }
      }
    }
  }

  /** Offers {@link CountingDriver} alone as the JDBC driver service, where the store looks first. */
  static final class CountingDriverLoader extends ClassLoader {
    CountingDriverLoader(ClassLoader parent) {
      super(parent);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
      if (!name.equals("META-INF/services/java.sql.Driver")) {
        return super.getResources(name);
      }
      Path file = services.resolve("java.sql.Driver");
      Files.writeString(file, CountingDriver.class.getName() + "\n", StandardCharsets.UTF_8);
      return Collections.enumeration(List.of(file.toUri().toURL()));
    }
  }

  /** The real driver of a URL, with every connection it opens wrapped to count what the saving thread sends. */
  public static final class CountingDriver implements Driver {
    private static Driver real(String url) throws SQLException {
      for (Driver d : Collections.list(DriverManager.getDrivers())) {
        if (!(d instanceof CountingDriver) && d.acceptsURL(url)) {
          return d;
        }
      }
      throw new SQLException("no driver for " + url);
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
      Connection c = real(url).connect(url, info);
      return c == null ? null : wrap(Connection.class, c, null);
    }

    @SuppressWarnings("unchecked")
    private static <T> T wrap(Class<T> type, T target, String sql) {
      InvocationHandler handler = (proxy, method, args) -> {
        note(method, args, sql);
        Object result;
        try {
          result = method.invoke(target, args);
        } catch (InvocationTargetException e) {
          throw e.getCause();
        }
        if (result instanceof java.sql.PreparedStatement) {
          return wrap(java.sql.PreparedStatement.class, (java.sql.PreparedStatement) result, (String) args[0]);
        }
        if (result instanceof Statement) {
          return wrap(Statement.class, (Statement) result, null);
        }
        return result;
      };
      return (T) Proxy.newProxyInstance(CountingDriver.class.getClassLoader(), new Class<?>[] {type}, handler);
    }

    private static void note(Method method, Object[] args, String sql) {
      if (Thread.currentThread() != counted) {
        return;
      }
      String name = method.getName();
      if (name.startsWith("execute")) {
        CALLS.add("execute: " + (sql != null ? sql : args != null && args.length > 0 ? args[0] : "?"));
      } else if (name.equals("commit") || name.equals("rollback") || name.equals("setAutoCommit")
          || name.equals("setTransactionIsolation") || name.equals("setReadOnly")) {
        CALLS.add(name + (args == null ? "" : " " + args[0]));
      }
    }

    @Override
    public boolean acceptsURL(String url) throws SQLException {
      for (Driver d : Collections.list(DriverManager.getDrivers())) {
        if (!(d instanceof CountingDriver) && d.acceptsURL(url)) {
          return true;
        }
      }
      return false;
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
      return real(url).getPropertyInfo(url, info);
    }

    @Override
    public int getMajorVersion() {
      return 1;
    }

    @Override
    public int getMinorVersion() {
      return 0;
    }

    @Override
    public boolean jdbcCompliant() {
      return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
      throw new SQLFeatureNotSupportedException();
    }
  }
}
