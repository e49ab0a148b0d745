package io.tokenstore.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.tokenstore.TokenStore;
import io.tokenstore.TokenStoreException;
import io.tokenstore.spi.StoreUri;
import io.tokenstore.spi.TokenStoreProvider;
import io.tokenstore.sql.internal.Dialect;
import io.tokenstore.sql.internal.PooledConnections;
import io.tokenstore.sql.internal.SqlTokenStore;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * MySQL and MariaDB, PostgreSQL and H2 through JDBC, with a HikariCP pool. The JDBC driver is your dependency
 * (MariaDB Connector/J, MySQL Connector/J, the PostgreSQL driver or H2); the dialect comes from the URL. The
 * driver is found in the thread's context class loader, then in this provider's, then in {@code DriverManager}; when
 * none accepts the URL, opening fails with a {@link TokenStoreException} naming the artifact to add.
 *
 * <p>URIs are JDBC URLs: {@code jdbc:mariadb:}, {@code jdbc:mysql:}, {@code jdbc:postgresql:}, {@code jdbc:h2:}.
 * Query parameters that are this provider's options are taken out; the rest go to the driver, as in
 * {@code jdbc:mariadb://127.0.0.1:3306/test?user=root&table=my_tokens}. MariaDB and PostgreSQL URLs take the user
 * and password as parameters only; {@code user:password@host} is refused (their drivers would read it as a host
 * and port); MySQL Connector/J takes either.
 *
 * <p>Options:
 * <ul>
 *   <li>{@code table} the table, which is also the namespace (default {@code oauthtoken}, Zoho's); a Zoho table is
 *       adopted with its rows;</li>
 *   <li>{@code poolSize} the most connections the pool opens (default 8);</li>
 *   <li>{@code connectTimeout} how long to wait for a connection (default {@code 10s}); opening fails after it
 *       when the server is unreachable.</li>
 * </ul>
 * Unless the URL sets the driver's {@code socketTimeout}, MySQL/MariaDB and PostgreSQL connections get a 30 s read
 * timeout, so that a stalled server fails a call with {@link TokenStoreException} instead of hanging it.
 * Passwords in the URL (user info, {@code password}, {@code sslpassword}, {@code keyStorePassword} and every other
 * parameter named like a password, H2's {@code PASSWORD} and {@code FILE_PASSWORD}) are masked in every message,
 * log line and {@code toString}, and removed from the driver's messages in causes ({@link StoreUri#scrub}).
 */
public final class JdbcTokenStoreProvider implements TokenStoreProvider {
  /** Called by {@link java.util.ServiceLoader}. */
  public JdbcTokenStoreProvider() {}

  @Override
  public String name() {
    return "jdbc";
  }

  @Override
  public Set<String> schemes() {
    return Set.of("jdbc:mysql", "jdbc:mariadb", "jdbc:postgresql", "jdbc:h2");
  }

  @Override
  public Set<String> options() {
    return Set.of("table", "poolSize", "connectTimeout");
  }

  @Override
  public TokenStore open(String uri, Map<String, String> options) {
    StoreUri parsed = StoreUri.parse(uri, options, schemes(), options(), true);
    String table = parsed.option("table", "oauthtoken");
    int poolSize = poolSize(parsed.option("poolSize", "8"));
    Duration connectTimeout = parsed.duration("connectTimeout", Duration.ofSeconds(10));
    String scheme = parsed.scheme().toLowerCase(Locale.ROOT);
    // Neither driver has user info in its grammar: each reads user:password@host as a host and a port and
    // quotes it in messages and logs (the PostgreSQL driver logs the URL). Refused before they see it.
    if ((scheme.equals("jdbc:mariadb") || scheme.equals("jdbc:postgresql")) && parsed.body().contains("@")) {
      throw new IllegalArgumentException(scheme + " URLs take the user and password as parameters "
          + "(?user=...&password=...), not before the host: " + StoreUri.mask(uri));
    }
    String url = scheme + ":" + parsed.body()
        + (parsed.passthrough().isEmpty() ? "" : "?" + parsed.passthrough().entrySet().stream()
            .map(e -> e.getValue().isEmpty() ? e.getKey() : e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining("&")));
    Dialect dialect = Dialect.forJdbcUrl(url);
    Driver driver = JdbcDrivers.find(url, parsed.scheme().substring("jdbc:".length()).toLowerCase(Locale.ROOT), uri);

    // No jdbcUrl for the pool: it uses the data source below, and it would log the URL at DEBUG unmasked
    // (H2's ;PASSWORD=).
    HikariConfig config = new HikariConfig();
    // A stalled server must fail a call, not hang it: a read timeout unless the URL sets the driver's own.
    if (!parsed.passthrough().containsKey("socketTimeout")) {
      switch (dialect.kind()) {
        case MYSQL:
          config.addDataSourceProperty("socketTimeout", "30000");
          break;
        case POSTGRESQL:
          config.addDataSourceProperty("socketTimeout", "30");
          break;
        default:
          break;
      }
    }
    // HikariCP's own lookup (DriverManager) sees only drivers in its class loader, not those of a plugin folder.
    config.setDataSource(JdbcDrivers.dataSource(driver, url, config.getDataSourceProperties()));
    config.setPoolName("tokenstore-" + table);
    // Once per connection; PooledConnections relies on it for its race handling.
    config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
    config.setMaximumPoolSize(poolSize);
    config.setMinimumIdle(Math.min(2, poolSize));
    config.setConnectionTimeout(Math.max(250, connectTimeout.toMillis()));
    config.setInitializationFailTimeout(Math.max(1, connectTimeout.toMillis()));
    checkUrl(uri, url, driver);
    HikariDataSource pool;
    try {
      pool = new HikariDataSource(config);
    } catch (RuntimeException e) {
      throw cannotConnect(uri, e);
    }
    try (Connection c = pool.getConnection()) {
      dialect = dialect.forServer(c.getMetaData());
    } catch (SQLException e) {
      pool.close();
      throw cannotConnect(uri, e);
    }
    try {
      // The URI comes last in the description: the store removes its secrets from every exception.
      return new SqlTokenStore(new PooledConnections(pool, dialect, pool), table, "jdbc store " + uri);
    } catch (TokenStoreException e) {
      throw StoreUri.scrub(e, uri);
    }
  }

  // A URL the driver cannot parse fails here, not in the pool, which would log the driver's message: a driver
  // may quote the password in it (MariaDB's "Incorrect port value : <password>@host").
  private static void checkUrl(String uri, String url, Driver driver) {
    try {
      driver.getPropertyInfo(url, new Properties());
    } catch (SQLException e) {
      throw cannotConnect(uri, e);
    }
  }

  private static TokenStoreException cannotConnect(String uri, Exception e) {
    return StoreUri.scrub(new TokenStoreException("open failed for " + StoreUri.mask(uri) + ": cannot connect", e),
        uri);
  }

  private static int poolSize(String value) {
    try {
      int n = Integer.parseInt(value);
      if (n >= 1 && n <= 1000) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("option 'poolSize' must be a whole number from 1 to 1000, not '" + value + "'");
  }

  @Override
  public String namespace(String uri, Map<String, String> options) {
    return StoreUri.parse(uri, options, schemes(), options(), true).option("table", "oauthtoken");
  }

  @Override
  public Optional<String> namespaced(String uri, String namespace) {
    return Optional.of(StoreUri.withOption(uri, "table", namespace));
  }

  /** Durable unless an H2 in-memory database that is dropped when its last connection closes. */
  @Override
  public boolean keepsRecordsAcrossOpens(String uri) {
    String u = uri.toLowerCase(Locale.ROOT);
    return !u.startsWith("jdbc:h2:mem:") || u.contains("db_close_delay=-1");
  }
}
