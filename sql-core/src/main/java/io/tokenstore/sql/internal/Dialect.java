package io.tokenstore.sql.internal;

import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * What differs between SQL backends: column types, whether long keys are looked up through a fixed-size hash,
 * row locking, how a unique violation or a transient failure is reported. Immutable.
 */
public final class Dialect {
  /** The backends. */
  public enum Kind {
    SQLITE, H2, POSTGRESQL, MYSQL
  }

  private final Kind kind;
  private final boolean mariaDb;

  private Dialect(Kind kind, boolean mariaDb) {
    this.kind = kind;
    this.mariaDb = mariaDb;
  }

  /** The SQLite dialect. */
  public static Dialect sqlite() {
    return new Dialect(Kind.SQLITE, false);
  }

  /**
   * The dialect of a JDBC URL's prefix.
   *
   * @param url a JDBC URL
   * @return the dialect, refined with {@link #forServer} once connected
   * @throws IllegalArgumentException if the URL is none of the supported kinds
   */
  public static Dialect forJdbcUrl(String url) {
    String u = url.toLowerCase(Locale.ROOT);
    if (u.startsWith("jdbc:postgresql:")) {
      return new Dialect(Kind.POSTGRESQL, false);
    }
    if (u.startsWith("jdbc:mysql:")) {
      return new Dialect(Kind.MYSQL, false);
    }
    if (u.startsWith("jdbc:mariadb:")) {
      return new Dialect(Kind.MYSQL, true);
    }
    if (u.startsWith("jdbc:h2:")) {
      return new Dialect(Kind.H2, false);
    }
    throw new IllegalArgumentException(
        "unsupported JDBC URL: expected jdbc:mysql:, jdbc:mariadb:, jdbc:postgresql: or jdbc:h2:");
  }

  /**
   * Refines the dialect with what the server says it is (a MySQL URL may reach a MariaDB server).
   *
   * @param metaData the connection's metadata
   * @return the refined dialect
   * @throws SQLException if the metadata cannot be read
   */
  public Dialect forServer(DatabaseMetaData metaData) throws SQLException {
    if (kind == Kind.MYSQL) {
      String product = metaData.getDatabaseProductName() + " " + metaData.getDatabaseProductVersion();
      return new Dialect(kind, product.toLowerCase(Locale.ROOT).contains("mariadb"));
    }
    return this;
  }

  /** The backend. */
  public Kind kind() {
    return kind;
  }

  /**
   * True where an index cannot hold a 16 KiB value (PostgreSQL btree entries stop near 2.7 KB, InnoDB keys at
   * 3072 bytes): such backends index a SHA-256 of each key column and compare the value as well.
   */
  public boolean hashedKeys() {
    return kind == Kind.POSTGRESQL || kind == Kind.MYSQL;
  }

  /**
   * The SQL of the key hash of a text operand: the SHA-256 of its bytes in lower-case hex, NULL for NULL or an
   * empty string (Zoho's SDKs write {@code ''} for absent values). It defines the stored generated key columns
   * and is applied to the bound value in lookups, so the database alone hashes, whoever writes the row. Only
   * where keys are {@linkplain #hashedKeys hashed}.
   */
  String keyHash(String operand) {
    if (kind == Kind.MYSQL) {
      return "sha2(nullif(" + operand + ", ''), 256)";
    }
    // convert_to is only STABLE, which a generated column refuses; bytea's input of the text with backslashes
    // doubled is the same bytes, in the database's encoding (UTF-8 unless created otherwise).
    return "encode(sha256(replace(nullif(" + operand + ", ''), E'\\\\', E'\\\\\\\\')::bytea), 'hex')";
  }

  /** The operand of {@link #keyHash} for a bound parameter. */
  String keyParameter() {
    return kind == Kind.POSTGRESQL ? "CAST(? AS text)" : "?";
  }

  /**
   * The query of the largest numeric id of at most ten digits (Zoho's sequence), compared as a number; NULL if
   * there is none.
   */
  String maxSequenceId(String table) {
    switch (kind) {
      case MYSQL:
        return "SELECT MAX(CAST(id AS UNSIGNED)) FROM " + table + " WHERE id REGEXP '^[0-9]{1,10}$'";
      case POSTGRESQL:
        return "SELECT MAX(CAST(id AS bigint)) FROM " + table + " WHERE id ~ '^[0-9]{1,10}$'";
      case H2:
        return "SELECT MAX(CAST(id AS BIGINT)) FROM " + table + " WHERE REGEXP_LIKE(id, '^[0-9]{1,10}$')";
      default:
        return "SELECT MAX(CAST(id AS INTEGER)) FROM " + table
            + " WHERE length(id) BETWEEN 1 AND 10 AND id NOT GLOB '*[^0-9]*'";
    }
  }

  /** True where {@code UPDATE … RETURNING} exists: a merge is then one statement (SQLite 3.35+, PostgreSQL). */
  boolean updateReturning() {
    return kind == Kind.SQLITE || kind == Kind.POSTGRESQL;
  }

  /**
   * True where one statement inserts a record or, if its key's unique value is taken, updates that row instead
   * ({@code ON CONFLICT … DO UPDATE}, {@code ON DUPLICATE KEY UPDATE}): a save that lost an insert race then
   * cannot lose it again to the next writer of the same key. H2, in process, loses seldom enough without it.
   */
  boolean upsert() {
    return kind == Kind.POSTGRESQL || kind == Kind.MYSQL;
  }

  String textType() {
    switch (kind) {
      case SQLITE:
        return "TEXT";
      case H2:
        return "CHARACTER VARYING";
      case MYSQL:
        return "MEDIUMTEXT";
      default:
        return "text";
    }
  }

  String idType() {
    return kind == Kind.SQLITE ? "TEXT" : "varchar(255)";
  }

  String shortTextType() {
    return kind == Kind.SQLITE ? "TEXT" : "varchar(64)";
  }

  // Exact, case-sensitive comparison with trailing spaces significant (NO PAD).
  String tableOptions() {
    if (kind != Kind.MYSQL) {
      return "";
    }
    return " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=" + collation();
  }

  String collation() {
    return mariaDb ? "utf8mb4_nopad_bin" : "utf8mb4_0900_bin";
  }

  /**
   * The condition that {@code column} still holds the bound value as a record reads it ({@code ''}, which Zoho's
   * SDKs write for an absent value, as NULL), compared byte for byte whatever the column's collation (an adopted
   * table's, or H2's {@code IGNORECASE}). Only where there is no {@link #updateReturning}: MySQL/MariaDB and H2.
   */
  String unchanged(String column) {
    return kind == Kind.MYSQL ? "CAST(NULLIF(" + column + ", '') AS BINARY) <=> CAST(? AS BINARY)"
        : "CAST(NULLIF(" + column + ", '') AS VARBINARY) IS NOT DISTINCT FROM CAST(? AS VARBINARY)";
  }

  /**
   * The server's clock in epoch milliseconds, as a SQL expression: the one clock every process sharing the
   * database measures leases by; null for H2, whose clock stands still from a transaction's first statement to its
   * end, so leases there go by the client's clock (one machine, for a file or embedded database).
   */
  @Nullable String epochMillis() {
    switch (kind) {
      case SQLITE:
        return "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)";
      case MYSQL:
        // UTC_TIMESTAMP and TIMESTAMPDIFF of DATETIMEs convert through no time zone: UNIX_TIMESTAMP(NOW())
        // does, through the session's, and jumps by an hour when daylight saving ends.
        return "TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', UTC_TIMESTAMP(6)) DIV 1000";
      case H2:
        return null;
      default:
        return "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)";
    }
  }

  /** Appended to a SELECT that reads a row about to be updated. SQLite locks the whole database instead. */
  String forUpdate() {
    return kind == Kind.SQLITE ? "" : " FOR UPDATE";
  }

  /**
   * Tells whether an exception (or one in its chain) is a unique or primary-key violation.
   *
   * @param e the exception
   * @return true if a row with the same key exists
   */
  public boolean isUniqueViolation(SQLException e) {
    for (SQLException x = e; x != null; x = next(x)) {
      if (x instanceof LostRace) {
        return true;
      }
      String state = x.getSQLState();
      int code = x.getErrorCode();
      switch (kind) {
        case SQLITE:
          // SQLITE_CONSTRAINT_UNIQUE (2067), SQLITE_CONSTRAINT_PRIMARYKEY (1555), or the primary code with text
          if (code == 2067 || code == 1555
              || (code == 19 && String.valueOf(x.getMessage()).contains("UNIQUE constraint failed"))) {
            return true;
          }
          break;
        case MYSQL:
          if (code == 1062 || code == 1586) {
            return true;
          }
          break;
        default:
          if ("23505".equals(state)) {
            return true;
          }
      }
    }
    return false;
  }

  /**
   * Tells whether an operation failed for a reason that goes away if it is run again: a deadlock, a
   * serialization failure, a lock wait timeout. (SQLite waits in its busy timeout instead, and its single writer
   * does not retry.)
   *
   * @param e the exception
   * @return true if retrying may succeed
   */
  public boolean isTransient(SQLException e) {
    for (SQLException x = e; x != null; x = next(x)) {
      String state = x.getSQLState();
      int code = x.getErrorCode();
      if ("40001".equals(state) || "40P01".equals(state)) {
        return true;
      }
      if (kind == Kind.MYSQL && (code == 1213 || code == 1205)) {
        return true;
      }
      if (kind == Kind.H2 && (code == 40001 || code == 50200)) {
        return true;
      }
    }
    return false;
  }

  private static @Nullable SQLException next(SQLException x) {
    Throwable cause = x.getCause();
    if (cause instanceof SQLException && cause != x) {
      return (SQLException) cause;
    }
    SQLException n = x.getNextException();
    return n == x ? null : n;
  }

  @Override
  public String toString() {
    return kind == Kind.MYSQL && mariaDb ? "MARIADB" : kind.name();
  }
}
