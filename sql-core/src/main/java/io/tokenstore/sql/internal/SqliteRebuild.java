package io.tokenstore.sql.internal;

import static io.tokenstore.sql.internal.TableDefinition.ZOHO_COLUMNS;

import io.tokenstore.TokenStoreException;
import io.tokenstore.spi.MatchKey;
import io.tokenstore.spi.Tokens;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Brings an adopted SQLite table to the current layout. SQLite cannot drop a NOT NULL, so the table is rebuilt
 * the way SQLite documents for changes {@code ALTER TABLE} cannot make
 * (<a href="https://www.sqlite.org/lang_altertable.html#otheralter">lang_altertable</a>): a new table, the rows
 * copied, the old table dropped, the new one renamed, the old table's indexes and triggers created again from
 * their SQL. What the owner added survives: extra columns with their definitions and data, table constraints,
 * indexes and triggers. What would not (a view, a trigger on another table or a foreign key that refers to the
 * table, a generated column, a clause on a Zoho column that the new column would lose) is refused before any
 * change, naming it.
 *
 * <p>All of it runs in the caller's transaction: SQLite's DDL is transactional, so a failure changes nothing.
 * No {@code foreign_keys} pragma is needed (nor possible inside a transaction): no table refers to this one, so
 * dropping it deletes nothing elsewhere.
 */
final class SqliteRebuild {
  private static final List<String> VALUE_COLUMNS = ZOHO_COLUMNS.subList(1, ZOHO_COLUMNS.size());
  private static final Pattern CREATE_TABLE = Pattern.compile("(?is)CREATE\\s+TABLE\\s.*");

  private final TableDefinition definition;
  private final String table;
  private final Pattern mention;

  SqliteRebuild(TableDefinition definition) {
    this.definition = definition;
    this.table = definition.table();
    this.mention = Pattern.compile("(?i)(?<![\\w$])" + Pattern.quote(table) + "(?![\\w$])");
  }

  void run(Session s, boolean hasApiDomain) throws SQLException {
    SqliteCreateTable definition;
    try {
      definition = SqliteCreateTable.parse(tableSql(s));
    } catch (IllegalArgumentException e) {
      throw refuse("its CREATE TABLE statement cannot be read (" + e.getMessage() + ")");
    }
    if (!CREATE_TABLE.matcher(definition.prefix()).matches()) {
      throw refuse("it is not a plain table");
    }
    if (!definition.suffix().isEmpty()) {
      throw refuse("it is declared " + definition.suffix());
    }
    Map<String, String> columns = columns(s);
    List<String> extraColumns = new ArrayList<>();
    List<String> extraDefinitions = new ArrayList<>();
    List<String> constraints = new ArrayList<>();
    int defined = 0;
    for (SqliteCreateTable.Definition d : definition.definitions()) {
      if (d.isConstraint()) {
        if (!isOurs(d.tokens())) {
          constraints.add(d.text());
        }
        continue;
      }
      String column = d.name().toLowerCase(Locale.ROOT);
      String name = columns.get(column);
      if (name == null) {
        throw refuse("its CREATE TABLE statement cannot be read (column " + d.name() + ")");
      }
      defined++;
      if (ZOHO_COLUMNS.contains(column)) {
        checkZohoColumn(column, d.tokens());
      } else {
        if (d.tokens().stream().anyMatch(t -> t.is("PRIMARY"))) {
          throw refuse("its column " + name + " is a primary key");
        }
        extraColumns.add(quote(name));
        extraDefinitions.add(d.text());
      }
    }
    if (defined != columns.size()) {
      throw refuse("its CREATE TABLE statement cannot be read (" + defined + " of " + columns.size()
          + " columns)");
    }
    List<String> recreate = dependents(s);

    String next = table + "_tokenstore_new";
    ddl(s, createTable(next, extraDefinitions, constraints));
    StringBuilder select = new StringBuilder("id");
    for (String c : VALUE_COLUMNS) {
      select.append(", ").append(c.equals("api_domain") && !hasApiDomain ? "NULL" : "NULLIF(" + c + ", '')");
    }
    List<String> into = new ArrayList<>(ZOHO_COLUMNS);
    into.addAll(extraColumns);
    extraColumns.forEach(c -> select.append(", ").append(c));
    ddl(s, "INSERT INTO " + next + " (" + String.join(", ", into) + ") SELECT " + select + " FROM " + table);
    ddl(s, "DROP TABLE " + table);
    ddl(s, "ALTER TABLE " + next + " RENAME TO " + table);
    for (String sql : recreate) {
      ddl(s, sql);
    }
  }

  private String tableSql(Session s) throws SQLException {
    try (PreparedStatement ps = s.connection().prepareStatement(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND lower(name) = ?")) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next() || rs.getString(1) == null) {
          throw refuse("its CREATE TABLE statement cannot be found");
        }
        return rs.getString(1);
      }
    }
  }

  // Lower-case name -> name, of every column; a generated or hidden column could not be copied.
  private Map<String, String> columns(Session s) throws SQLException {
    Map<String, String> columns = new LinkedHashMap<>();
    try (PreparedStatement ps = s.connection().prepareStatement("SELECT name, hidden FROM pragma_table_xinfo(?)")) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          if (rs.getInt(2) != 0) {
            throw refuse("its column " + rs.getString(1) + " is generated");
          }
          columns.put(rs.getString(1).toLowerCase(Locale.ROOT), rs.getString(1));
        }
      }
    }
    return columns;
  }

  // A Zoho column is replaced by the current layout's: refuse any clause the new column would not keep.
  private void checkZohoColumn(String column, List<SqliteCreateTable.Token> tokens) {
    int i = 1;
    while (i < tokens.size() && isTypeName(tokens.get(i))) {
      i++;
    }
    while (i < tokens.size()) {
      SqliteCreateTable.Token t = tokens.get(i);
      String following = i + 1 < tokens.size() ? tokens.get(i + 1).text() : "";
      if (t.is("CONSTRAINT") && i + 1 < tokens.size()) {
        i += 2;
      } else if (t.is("NULL")) {
        i++;
      } else if ((t.is("NOT") || t.is("DEFAULT")) && following.equalsIgnoreCase("NULL")) {
        i += 2;
      } else if (t.is("PRIMARY") && following.equalsIgnoreCase("KEY") && column.equals("id")) {
        i += 2;
        if (i < tokens.size() && (tokens.get(i).is("ASC") || tokens.get(i).is("DESC"))) {
          i++;
        }
      } else if (t.is("UNIQUE") && isUniqueColumn(column)) {
        i++;
      } else {
        throw refuse("its column " + column + " has " + t.text().toUpperCase(Locale.ROOT)
            + ", which the new column would not keep");
      }
    }
  }

  private static boolean isTypeName(SqliteCreateTable.Token t) {
    if (t.kind() == SqliteCreateTable.Kind.GROUP) {
      return true;
    }
    return t.kind() == SqliteCreateTable.Kind.WORD && !List.of("CONSTRAINT", "PRIMARY", "NOT", "NULL", "UNIQUE",
        "CHECK", "DEFAULT", "COLLATE", "REFERENCES", "GENERATED", "AS").contains(t.text().toUpperCase(Locale.ROOT));
  }

  private static boolean isUniqueColumn(String column) {
    return Tokens.UNIQUE_FIELDS.stream().map(MatchKey.Field::column).anyMatch(column::equals);
  }

  // PRIMARY KEY (id) and UNIQUE (one key column): the new table declares them itself.
  private boolean isOurs(List<SqliteCreateTable.Token> tokens) {
    int i = tokens.get(0).is("CONSTRAINT") ? 2 : 0;
    if (i < tokens.size() && tokens.get(i).is("PRIMARY")) {
      if (tokens.size() == i + 3 && tokens.get(i + 1).is("KEY") && "id".equals(onlyColumn(tokens.get(i + 2)))) {
        return true;
      }
      throw refuse("it has a primary key on " + (i + 2 < tokens.size() ? tokens.get(i + 2).text() : "no column")
          + ", not on id alone");
    }
    if (i < tokens.size() && tokens.get(i).is("UNIQUE") && tokens.size() == i + 2) {
      String column = onlyColumn(tokens.get(i + 1));
      return column != null && isUniqueColumn(column);
    }
    return false;
  }

  // The column of "(name)" or "(name ASC)", lower case; null for anything else.
  private static @Nullable String onlyColumn(SqliteCreateTable.Token group) {
    if (group.kind() != SqliteCreateTable.Kind.GROUP) {
      return null;
    }
    String inner = group.text().substring(1, group.text().length() - 1).trim();
    String[] words = inner.split("\\s+");
    if (words.length > 2 || (words.length == 2 && !words[1].matches("(?i)ASC|DESC"))) {
      return null;
    }
    String name = words[0].replaceAll("^[\"`\\[](.*)[\"`\\]]$", "$1");
    return name.matches("\\w+") ? name.toLowerCase(Locale.ROOT) : null;
  }

  // The SQL of the table's own indexes and triggers, to create again; refuses what else refers to the table.
  private List<String> dependents(Session s) throws SQLException {
    List<String> recreate = new ArrayList<>();
    List<String> tables = new ArrayList<>();
    try (Statement st = s.connection().createStatement();
        ResultSet rs = st.executeQuery("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name")) {
      while (rs.next()) {
        String type = rs.getString(1);
        String name = rs.getString(2);
        boolean own = rs.getString(3).equalsIgnoreCase(table);
        String sql = rs.getString(4);
        if (type.equals("table")) {
          tables.add(name);
        } else if (own && (type.equals("index") || type.equals("trigger"))) {
          if (sql != null) {
            recreate.add(sql);
          }
        } else if ((type.equals("view") || type.equals("trigger")) && sql != null && mention.matcher(sql).find()) {
          throw refuse(type + " " + name + " refers to it");
        }
      }
    }
    for (String t : tables) {
      try (PreparedStatement ps = s.connection().prepareStatement(
          "SELECT 1 FROM pragma_foreign_key_list(?) WHERE lower(\"table\") = ?")) {
        ps.setString(1, t);
        ps.setString(2, table);
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            throw refuse("table " + t + " has a foreign key to it");
          }
        }
      }
    }
    // Indexes before triggers, as SQLite lists them: a trigger may rely on an index (UPSERT).
    recreate.sort((a, b) -> Boolean.compare(a.regionMatches(true, 0, "CREATE TRIGGER", 0, 14),
        b.regionMatches(true, 0, "CREATE TRIGGER", 0, 14)));
    return recreate;
  }

  // TableDefinition's layout, with the extra columns after Zoho's and the extra constraints after the new table's.
  private String createTable(String name, List<String> extraDefinitions, List<String> extraConstraints) {
    String ddl = definition.createTable(name);
    int constraints = ddl.indexOf(",\n  CONSTRAINT ");
    int end = ddl.lastIndexOf("\n)");
    if (constraints < 0 || end < constraints) {
      throw new IllegalStateException("TableDefinition.createTable changed its layout: " + ddl);
    }
    StringBuilder sql = new StringBuilder(ddl.substring(0, constraints));
    extraDefinitions.forEach(d -> sql.append(",\n  ").append(d));
    sql.append(ddl, constraints, end);
    extraConstraints.forEach(c -> sql.append(",\n  ").append(c));
    return sql.append(ddl.substring(end)).toString();
  }

  private static String quote(String name) {
    return '"' + name.replace("\"", "\"\"") + '"';
  }

  private static void ddl(Session s, String sql) throws SQLException {
    try (Statement st = s.connection().createStatement()) {
      st.execute(sql);
    }
  }

  private TokenStoreException refuse(String what) {
    return new TokenStoreException("cannot adopt table " + table + ": " + what
        + " (adopting a SQLite table rebuilds it); nothing was changed.");
  }
}
