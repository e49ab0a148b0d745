package io.tokenstore.sql.internal;

import static io.tokenstore.sql.internal.TableDefinition.ZOHO_COLUMNS;

import io.tokenstore.TokenStoreException;
import io.tokenstore.spi.MatchKey;
import io.tokenstore.spi.Tokens;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Creates the token table on first open, adopts a table that Zoho's DBStore (or the Kaizen SQLite sample)
 * created, upgrades a table of an older version in place, and refuses a table of a newer version than it knows.
 * The version of each table is a row of {@code tokenstore_schema}. Version 1 kept the key hashes (MySQL/MariaDB,
 * PostgreSQL) in plain columns that only our writes filled; version 2 has the database generate them, so rows that
 * Zoho's SDKs write are found by every key. Adoption and the upgrade first check that the rows they find can keep
 * the contract (no two rows share a user name or token); if they cannot, they fail and change nothing.
 */
final class Migration {
  static final int VERSION = 2;
  static final String VERSION_TABLE = "tokenstore_schema";

  private final TableDefinition definition;
  private final Dialect dialect;
  private final String table;

  Migration(TableDefinition definition) {
    this.definition = definition;
    this.dialect = definition.dialect();
    this.table = definition.table();
  }

  /** Brings the table to {@link #VERSION}. Runs in a write transaction. */
  void run(Session s) throws SQLException {
    lock(s);
    try {
      s.execute("CREATE TABLE IF NOT EXISTS " + VERSION_TABLE
          + " (table_name varchar(64) NOT NULL PRIMARY KEY, version integer NOT NULL)" + dialect.tableOptions());
      Integer version = version(s);
      if (!tableExists(s, table)) {
        s.execute(definition.createTable(table));
        setVersion(s, version);
        return;
      }
      if (version != null && version == VERSION) {
        return;
      }
      if (version != null && version > VERSION) {
        throw new TokenStoreException("table " + table + " has schema version " + version
            + ", newer than this tokenstore knows (" + VERSION + "): upgrade tokenstore");
      }
      if (version != null) {
        upgrade(s);
      } else {
        adopt(s);
      }
      setVersion(s, version);
    } finally {
      unlock(s);
    }
  }

  private void lock(Session s) throws SQLException {
    if (dialect.kind() == Dialect.Kind.POSTGRESQL) {
      query(s, "SELECT pg_advisory_xact_lock(" + lockKey() + ")");
    } else if (dialect.kind() == Dialect.Kind.MYSQL) {
      // DDL commits at once in MySQL: a named lock, not the transaction, keeps two openers apart.
      // 1: ours; 0: another opener held it for 60 s; NULL: the server failed to take it.
      PreparedStatement ps = s.prepare("SELECT GET_LOCK(?, 60)");
      ps.setString(1, "tokenstore." + table);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next() || rs.getInt(1) != 1) {
          throw new SQLException("cannot take the schema lock tokenstore." + table
              + " (GET_LOCK): another process has held it for 60 s, or the server refused it");
        }
      }
    }
    // SQLite: the caller's BEGIN IMMEDIATE already excludes every other writer. H2: embedded, one process.
  }

  private void unlock(Session s) throws SQLException {
    if (dialect.kind() == Dialect.Kind.MYSQL) {
      PreparedStatement ps = s.prepare("SELECT RELEASE_LOCK(?)");
      ps.setString(1, "tokenstore." + table);
      ps.executeQuery().close();
    }
  }

  private long lockKey() {
    return ("tokenstore." + table).hashCode();
  }

  private static void query(Session s, String sql) throws SQLException {
    try (ResultSet rs = s.prepare(sql).executeQuery()) {
      rs.next();
    }
  }

  private @Nullable Integer version(Session s) throws SQLException {
    PreparedStatement ps = s.prepare("SELECT version FROM " + VERSION_TABLE + " WHERE table_name = ?");
    ps.setString(1, table);
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next() ? rs.getInt(1) : null;
    }
  }

  private void setVersion(Session s, @Nullable Integer old) throws SQLException {
    PreparedStatement ps = s.prepare(old == null
        ? "INSERT INTO " + VERSION_TABLE + " (version, table_name) VALUES (?, ?)"
        : "UPDATE " + VERSION_TABLE + " SET version = ? WHERE table_name = ?");
    ps.setInt(1, VERSION);
    ps.setString(2, table);
    ps.executeUpdate();
  }

  static boolean tableExists(Session s, String name) throws SQLException {
    DatabaseMetaData md = s.connection().getMetaData();
    String catalog = s.connection().getCatalog();
    String schemaName = s.connection().getSchema();
    for (String candidate : new String[] {name, name.toUpperCase(Locale.ROOT)}) {
      try (ResultSet rs = md.getTables(catalog, schemaName, candidate, new String[] {"TABLE"})) {
        if (rs.next()) {
          return true;
        }
      }
    }
    return false;
  }

  private Set<String> columns(Session s) throws SQLException {
    Set<String> columns = new HashSet<>();
    try (Statement st = s.connection().createStatement();
        ResultSet rs = st.executeQuery("SELECT * FROM " + table + " WHERE 1 = 0")) {
      ResultSetMetaData md = rs.getMetaData();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        columns.add(md.getColumnName(i).toLowerCase(Locale.ROOT));
      }
    }
    return columns;
  }

  // From version 1: the plain hash columns become generated ones. Rows written by other programs since (Zoho's,
  // with no hashes) may break uniqueness: checked first, and then nothing is changed.
  private void upgrade(Session s) throws SQLException {
    if (!dialect.hashedKeys()) {
      return;
    }
    checkUnique(s);
    replaceKeyColumns(s);
  }

  // Drops the hash columns there are (with their unique indexes) and adds the generated ones. MySQL commits each
  // ALTER at once: a crash between the two leaves the table without hash columns and its version unchanged, and
  // the next open runs this again.
  private void replaceKeyColumns(Session s) throws SQLException {
    Set<String> columns = columns(s);
    List<String> drop = new ArrayList<>();
    for (MatchKey.Field f : Tokens.UNIQUE_FIELDS) {
      if (columns.contains(TableDefinition.hashColumn(f))) {
        // Its unique index goes with it.
        drop.add("DROP COLUMN " + TableDefinition.hashColumn(f));
      }
    }
    if (!drop.isEmpty()) {
      s.execute("ALTER TABLE " + table + " " + String.join(", ", drop));
    }
    addKeyColumns(s);
  }

  // The generated hash columns and their unique constraints, in one statement.
  private void addKeyColumns(Session s) throws SQLException {
    List<String> add = new ArrayList<>();
    for (MatchKey.Field f : Tokens.UNIQUE_FIELDS) {
      add.add("ADD COLUMN " + definition.hashColumnDefinition(f));
    }
    for (MatchKey.Field f : Tokens.UNIQUE_FIELDS) {
      add.add("ADD CONSTRAINT " + definition.uniqueConstraint(f) + " UNIQUE (" + TableDefinition.hashColumn(f) + ")");
    }
    s.execute("ALTER TABLE " + table + " " + String.join(", ", add));
  }

  private void adopt(Session s) throws SQLException {
    Set<String> columns = columns(s);
    for (String c : ZOHO_COLUMNS) {
      if (!columns.contains(c) && !c.equals("api_domain")) {
        throw new TokenStoreException("table " + table + " exists but is not a token table: it has no column " + c);
      }
    }
    checkUnique(s);
    List<String> valueColumns = new ArrayList<>(ZOHO_COLUMNS.subList(1, ZOHO_COLUMNS.size()));
    if (dialect.kind() == Dialect.Kind.SQLITE) {
      new SqliteRebuild(definition).run(s, columns.contains("api_domain"));
      return;
    }
    if (!columns.contains("api_domain")) {
      s.execute("ALTER TABLE " + table + " ADD COLUMN api_domain " + dialect.textType());
    }
    widen(s, valueColumns);
    for (String c : valueColumns) {
      s.execute("UPDATE " + table + " SET " + c + " = NULL WHERE " + c + " = ''");
    }
    if (dialect.hashedKeys()) {
      replaceKeyColumns(s);
      return;
    }
    for (MatchKey.Field f : Tokens.UNIQUE_FIELDS) {
      s.execute("CREATE UNIQUE INDEX IF NOT EXISTS " + definition.uniqueConstraint(f) + " ON " + table + " ("
          + definition.uniqueColumn(f) + ")");
    }
  }

  // Zoho's columns are varchar(255), some NOT NULL, in MySQL's case-insensitive collation: make them hold 16 KiB,
  // accept absent values and compare exactly.
  private void widen(Session s, List<String> valueColumns) throws SQLException {
    switch (dialect.kind()) {
      case MYSQL:
        s.execute("ALTER TABLE " + table + " CONVERT TO CHARACTER SET utf8mb4 COLLATE " + dialect.collation());
        for (String c : valueColumns) {
          s.execute("ALTER TABLE " + table + " MODIFY " + c + " " + definition.columnType(c) + " NULL");
        }
        break;
      case POSTGRESQL:
        for (String c : valueColumns) {
          s.execute("ALTER TABLE " + table + " ALTER COLUMN " + c + " TYPE text, ALTER COLUMN " + c
              + " DROP NOT NULL");
        }
        break;
      case H2:
        for (String c : valueColumns) {
          s.execute("ALTER TABLE " + table + " ALTER COLUMN " + c + " SET DATA TYPE " + dialect.textType());
          s.execute("ALTER TABLE " + table + " ALTER COLUMN " + c + " SET NULL");
        }
        break;
      default:
        break;
    }
  }

  private void checkUnique(Session s) throws SQLException {
    List<String> problems = new ArrayList<>();
    for (MatchKey.Field f : Tokens.UNIQUE_FIELDS) {
      Map<String, Integer> counts = new HashMap<>();
      try (Statement st = s.connection().createStatement();
          ResultSet rs = st.executeQuery(
              "SELECT " + f.column() + " FROM " + table + " WHERE " + f.column() + " IS NOT NULL")) {
        while (rs.next()) {
          String v = rs.getString(1);
          if (v != null && !v.isEmpty()) {
            counts.merge(v, 1, Integer::sum);
          }
        }
      }
      int values = 0;
      int rows = 0;
      for (int n : counts.values()) {
        if (n > 1) {
          values++;
          rows += n;
        }
      }
      if (values > 0) {
        problems.add(rows + " rows share " + values + (values == 1 ? " value" : " values") + " of column "
            + f.column());
      }
    }
    if (!problems.isEmpty()) {
      throw new TokenStoreException("cannot adopt table " + table + ": " + String.join("; ", problems)
          + ". Each user name and token must belong to one row; nothing was changed.");
    }
  }
}
