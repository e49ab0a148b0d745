package io.tokenstore.sqlite;

import io.tokenstore.TokenStore;
import io.tokenstore.TokenStoreException;
import io.tokenstore.spi.StoreUri;
import io.tokenstore.spi.TokenStoreProvider;
import io.tokenstore.sql.internal.Dialect;
import io.tokenstore.sql.internal.Session;
import io.tokenstore.sql.internal.SingleWriterConnections;
import io.tokenstore.sql.internal.SqlTokenStore;
import io.tokenstore.sql.internal.TableDefinition;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.sqlite.SQLiteConfig;

/**
 * SQLite, the embedded default: tokens in one file that survives restarts and is shared safely by every thread
 * and process that opens it.
 *
 * <p>URIs:
 * <ul>
 *   <li>{@code sqlite:PATH} a database file, relative to the working directory or absolute; created on first
 *       open, readable by its owner only;</li>
 *   <li>{@code sqlite::memory:} a private in-memory database for this store, usable from many threads, gone when
 *       the store is closed.</li>
 * </ul>
 *
 * <p>Options:
 * <ul>
 *   <li>{@code table} the table, which is also the namespace (default {@code oauthtoken}, Zoho's); a Zoho table
 *       already in the file is adopted with its rows;</li>
 *   <li>{@code synchronous} {@code full} (default: a returned save survives power loss) or {@code normal} (it
 *       survives a crash of the process);</li>
 *   <li>{@code busyTimeout} how long a write waits for another process's write (default {@code 30s});</li>
 *   <li>{@code create} {@code true} (default: a missing file or table is created) or {@code false} (for readers:
 *       a missing file, or a file without the table, is a {@link TokenStoreException} saying
 *       {@code no such store: URI}, and nothing is created; {@code sqlite::memory:} is always missing).</li>
 * </ul>
 *
 * <p>The file is in WAL mode: readers never wait for the writer. Writes from many threads share commits (group
 * commit); writes from other processes wait their turn (IMMEDIATE transactions and the busy timeout), so no
 * "database is locked" reaches the caller before the timeout.
 */
public final class SqliteTokenStoreProvider implements TokenStoreProvider {
  private static final String MEMORY = ":memory:";
  private static final int READERS = 4;

  /** Called by {@link java.util.ServiceLoader}. */
  public SqliteTokenStoreProvider() {}

  @Override
  public String name() {
    return "sqlite";
  }

  @Override
  public Set<String> schemes() {
    return Set.of("sqlite");
  }

  @Override
  public Set<String> options() {
    return Set.of("table", "synchronous", "busyTimeout", "create");
  }

  @Override
  public TokenStore open(String uri, Map<String, String> options) {
    StoreUri parsed = StoreUri.parse(uri, options, schemes(), options());
    String path = parsed.body();
    if (path.isEmpty()) {
      throw new IllegalArgumentException("sqlite: needs a file path (sqlite:tokens.db) or :memory:");
    }
    String table = parsed.option("table", "oauthtoken");
    String synchronous = parsed.choice("synchronous", "full", "full", "normal");
    Duration busyTimeout = parsed.duration("busyTimeout", Duration.ofSeconds(30));
    boolean create = parsed.choice("create", "true", "true", "false").equals("true");
    boolean memory = path.equals(MEMORY);
    int busyMillis = (int) Math.min(Integer.MAX_VALUE, busyTimeout.toMillis());
    if (!create) {
      // Validates the name before it is looked up, as the store would.
      new TableDefinition(table, Dialect.sqlite());
      if (memory || !Files.isRegularFile(Path.of(path)) || !hasTable(path, table, busyMillis, uri)) {
        throw new TokenStoreException("open failed: no such store: " + StoreUri.mask(uri));
      }
    } else if (!memory) {
      createOwnerOnly(Path.of(path));
    }
    SQLiteConfig config = new SQLiteConfig();
    config.setBusyTimeout(busyMillis);
    config.setSynchronous(synchronous.equals("full") ? SQLiteConfig.SynchronousMode.FULL
        : SQLiteConfig.SynchronousMode.NORMAL);
    if (!memory) {
      config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    }
    String url = "jdbc:sqlite:" + path;
    List<Session> readers = new ArrayList<>();
    Session writer = null;
    try {
      writer = Session.caching(config.createConnection(url));
      for (int i = 0; !memory && i < READERS; i++) {
        Connection reader = config.createConnection(url);
        readers.add(Session.caching(reader));
      }
    } catch (SQLException e) {
      if (writer != null) {
        writer.close();
      }
      readers.forEach(Session::close);
      throw new TokenStoreException("open failed for " + StoreUri.mask(uri) + ": cannot open the database", e);
    }
    return new SqlTokenStore(new SingleWriterConnections(Dialect.sqlite(), writer, readers), table,
        "sqlite store " + uri);
  }

  // On a read-only connection, which creates no file and changes none: not even the journal mode.
  private static boolean hasTable(String path, String table, int busyMillis, String uri) {
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    config.setBusyTimeout(busyMillis);
    try (Connection c = config.createConnection("jdbc:sqlite:" + path);
        PreparedStatement ps = c.prepareStatement(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND lower(name) = ?")) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    } catch (SQLException e) {
      throw new TokenStoreException("open failed for " + StoreUri.mask(uri) + ": cannot read the database", e);
    }
  }

  private static void createOwnerOnly(Path file) {
    try {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (FileAlreadyExistsException e) {
      // An existing database keeps its permissions.
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: SQLite creates the file with the platform's defaults.
    } catch (IOException e) {
      throw new TokenStoreException("open failed: cannot create the database file " + file, e);
    }
  }

  @Override
  public String namespace(String uri, Map<String, String> options) {
    return StoreUri.parse(uri, options, schemes(), options()).option("table", "oauthtoken");
  }

  @Override
  public Optional<String> namespaced(String uri, String namespace) {
    return Optional.of(StoreUri.withOption(uri, "table", namespace));
  }

  @Override
  public boolean keepsRecordsAcrossOpens(String uri) {
    return !StoreUri.parse(uri, Map.of(), schemes(), options()).body().equals(MEMORY);
  }
}
