package io.tokenstore.jdbc;

import io.tokenstore.TokenStoreException;
import io.tokenstore.spi.StoreUri;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Finds the JDBC driver for a URL where the caller put it. {@link DriverManager} only hands out drivers that the
 * calling class's loader can see, so a driver in a child class loader (a plugin folder, the thread's context
 * class loader of an application server) is invisible to HikariCP's own lookup; here drivers are found by
 * {@link ServiceLoader} in the thread's context class loader and in this provider's, then in
 * {@link DriverManager}, and the one found is handed to the pool as a {@link DataSource}.
 */
final class JdbcDrivers {
  // The artifact that provides each subprotocol's driver, for the message when none is found.
  private static final Map<String, String> ARTIFACTS = Map.of("mysql", "com.mysql:mysql-connector-j",
      "mariadb", "org.mariadb.jdbc:mariadb-java-client", "postgresql", "org.postgresql:postgresql",
      "h2", "com.h2database:h2");

  private JdbcDrivers() {}

  /**
   * The first driver that accepts {@code url}.
   *
   * @param url the JDBC URL as the driver gets it
   * @param subprotocol {@code mysql}, {@code mariadb}, … for the message
   * @param uri the store URI, masked in the message
   * @throws TokenStoreException if no driver accepts the URL; the message names the artifact to add
   */
  static Driver find(String url, String subprotocol, String uri) {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    Optional<Driver> found = context == null ? Optional.empty() : find(url, context);
    if (found.isEmpty()) {
      found = find(url, JdbcDrivers.class.getClassLoader());
    }
    if (found.isEmpty()) {
      try {
        found = Optional.of(DriverManager.getDriver(url));
      } catch (SQLException e) {
        // none registered by hand either: reported below
      }
    }
    return found.orElseThrow(() -> new TokenStoreException("open failed for " + StoreUri.mask(uri)
        + ": no JDBC driver for jdbc:" + subprotocol + ": on the class path; add "
        + ARTIFACTS.getOrDefault(subprotocol, "a JDBC driver for it")
        + " (with the tokenstore command line: its jar in the --plugins folder)"));
  }

  private static Optional<Driver> find(String url, @Nullable ClassLoader loader) {
    Iterator<Driver> drivers = ServiceLoader.load(Driver.class, loader).iterator();
    while (true) {
      try {
        if (!drivers.hasNext()) {
          return Optional.empty();
        }
        Driver d = drivers.next();
        if (d.acceptsURL(url)) {
          return Optional.of(d);
        }
      } catch (ServiceConfigurationError | SQLException | LinkageError e) {
        // A broken driver jar must not hide the others (as in DriverManager).
      }
    }
  }

  /** A data source that connects with one driver instance, whichever class loader it came from. */
  static DataSource dataSource(Driver driver, String url, Properties properties) {
    return new DriverDataSource(driver, url, properties);
  }

  private static final class DriverDataSource implements DataSource {
    private final Driver driver;
    private final String url;
    private final Properties properties;
    private volatile int loginTimeout;
    private volatile @Nullable PrintWriter logWriter;

    DriverDataSource(Driver driver, String url, Properties properties) {
      this.driver = driver;
      this.url = url;
      this.properties = (Properties) properties.clone();
    }

    @Override
    public Connection getConnection() throws SQLException {
      return connect(properties);
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
      Properties p = (Properties) properties.clone();
      p.setProperty("user", username);
      p.setProperty("password", password);
      return connect(p);
    }

    private Connection connect(Properties p) throws SQLException {
      Connection c = driver.connect(url, p);
      if (c == null) {
        throw new SQLException("the driver " + driver.getClass().getName() + " does not accept the URL");
      }
      return c;
    }

    @Override
    public @Nullable PrintWriter getLogWriter() {
      return logWriter;
    }

    @Override
    public void setLogWriter(@Nullable PrintWriter out) {
      logWriter = out;
    }

    // Drivers read DriverManager's login timeout; the pool's connectTimeout bounds the wait in any case.
    @Override
    public void setLoginTimeout(int seconds) {
      loginTimeout = seconds;
    }

    @Override
    public int getLoginTimeout() {
      return loginTimeout;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
      return driver.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
      if (iface.isInstance(this)) {
        return iface.cast(this);
      }
      throw new SQLException("not a wrapper of " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
      return iface.isInstance(this);
    }

    @Override
    public String toString() {
      return "DriverDataSource[" + driver.getClass().getName() + "]";
    }
  }
}
