package io.tokenstore.sql.internal;

import io.tokenstore.spi.MatchKey;
import io.tokenstore.spi.TokenField;
import io.tokenstore.spi.Tokens;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The token table's name and layout, and its DDL: Zoho's columns in Zoho's order, then, where the dialect
 * {@linkplain Dialect#hashedKeys hashes keys}, one SHA-256 column per unique field, generated and stored by the
 * database (so a row that Zoho's SDK or a DBA writes is found by every key too), and a unique constraint per key.
 * Public only so that a provider can validate a table name before it opens a store. Immutable and thread-safe.
 */
public final class TableDefinition {
  // Column c + 1 of the table is FIELDS[c]: the token's fields as TokenField's text (expiry in epoch millis).
  static final TokenField[] FIELDS = TokenField.values();

  /** Zoho's columns, in Zoho's order: the {@linkplain TokenField#column() columns} of {@link TokenField}. */
  static final List<String> ZOHO_COLUMNS = Arrays.stream(FIELDS).map(TokenField::column)
      .collect(Collectors.toUnmodifiableList());

  private static final Pattern TABLE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,39}");
  private static final Set<String> RESERVED = reservedWords();

  private final String table;
  private final Dialect dialect;

  /**
   * @param table the table name: 1 to 40 lower-case letters, digits or underscores, not starting with a digit,
   *     and not a word the SQL of a supported backend reserves
   * @param dialect the dialect
   * @throws IllegalArgumentException if the name is not one
   */
  public TableDefinition(String table, Dialect dialect) {
    if (!TABLE_NAME.matcher(table).matches()) {
      throw new IllegalArgumentException("option 'table' must be 1 to 40 lower-case letters, digits or "
          + "underscores, not starting with a digit; got '" + table + "'");
    }
    // Every backend, not only this one: a namespace is the same name wherever it is opened.
    if (RESERVED.contains(table)) {
      throw new IllegalArgumentException("option 'table' must not be a reserved word of SQLite, MySQL/MariaDB, "
          + "PostgreSQL or H2; got '" + table + "' (add a prefix or a suffix, as in 'tokens_" + table + "')");
    }
    this.table = table;
    this.dialect = dialect;
  }

  // One list for every dialect, in reserved-words.txt next to this class (how it was made is written there).
  private static Set<String> reservedWords() {
    try (InputStream in = TableDefinition.class.getResourceAsStream("reserved-words.txt")) {
      if (in == null) {
        throw new IllegalStateException("reserved-words.txt is missing from tokenstore-sql-core");
      }
      Set<String> words = new HashSet<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.startsWith("#")) {
          words.addAll(Arrays.asList(line.trim().split("\\s+")));
        }
      }
      words.remove("");
      return Set.copyOf(words);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read reserved-words.txt of tokenstore-sql-core", e);
    }
  }

  /** The table name. */
  String table() {
    return table;
  }

  /** The dialect. */
  Dialect dialect() {
    return dialect;
  }

  static String hashColumn(MatchKey.Field field) {
    return field.column() + "_h";
  }

  /** The column a unique constraint covers: the value, or its hash where keys are hashed. */
  String uniqueColumn(MatchKey.Field field) {
    return dialect.hashedKeys() ? hashColumn(field) : field.column();
  }

  String uniqueConstraint(MatchKey.Field field) {
    return table + "_" + field.column() + "_uq";
  }

  /** The definition of a key's hash column: generated from the value and stored, for its unique index. */
  String hashColumnDefinition(MatchKey.Field f) {
    return hashColumn(f) + " " + dialect.shortTextType() + " GENERATED ALWAYS AS (" + dialect.keyHash(f.column())
        + ") STORED";
  }

  /** The type of a value column (not id): expiry is a short text, the others long ones. */
  String columnType(String column) {
    return column.equals(TokenField.EXPIRY_TIME.column()) ? dialect.shortTextType() : dialect.textType();
  }

  /** The CREATE TABLE of a new table: Zoho's columns, the generated hash columns, a unique constraint per key. */
  String createTable(String name) {
    StringBuilder sql = new StringBuilder("CREATE TABLE IF NOT EXISTS ").append(name).append(" (\n");
    sql.append("  id ").append(dialect.idType()).append(" NOT NULL PRIMARY KEY");
    for (String c : ZOHO_COLUMNS.subList(1, ZOHO_COLUMNS.size())) {
      sql.append(",\n  ").append(c).append(' ').append(columnType(c));
    }
    if (dialect.hashedKeys()) {
      for (MatchKey.Field f : Tokens.UNIQUE_FIELDS) {
        sql.append(",\n  ").append(hashColumnDefinition(f));
      }
    }
    for (MatchKey.Field f : Tokens.UNIQUE_FIELDS) {
      sql.append(",\n  CONSTRAINT ").append(uniqueConstraint(f)).append(" UNIQUE (").append(uniqueColumn(f))
          .append(')');
    }
    return sql.append("\n)").append(dialect.tableOptions()).toString();
  }
}
