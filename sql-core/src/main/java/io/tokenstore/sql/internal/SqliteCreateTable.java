package io.tokenstore.sql.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A {@code CREATE TABLE} statement as SQLite keeps it in {@code sqlite_master}, split into what stands before the
 * parenthesis, its column definitions and table constraints (each with its text, comments left out), and what
 * follows the parenthesis ({@code WITHOUT ROWID}, {@code STRICT}). Enough of SQLite's lexer (quotes, comments,
 * nested parentheses) to find the commas that separate definitions; no SQL parser library reads SQLite's DDL.
 * Immutable.
 */
final class SqliteCreateTable {
  private static final Set<String> TABLE_CONSTRAINTS = Set.of("CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN");

  /** What a token is. */
  enum Kind {
    /** A keyword, a bare name or a number. */
    WORD,
    /** A name in double quotes, back quotes or brackets; its text is the name. */
    QUOTED,
    /** A string literal, quotes included. */
    STRING,
    /** Parentheses and what they hold, as written. */
    GROUP,
    /** Any other character. */
    OTHER
  }

  /** A token at the top level of a definition. */
  record Token(Kind kind, String text) {
    boolean is(String keyword) {
      return kind == Kind.WORD && text.equalsIgnoreCase(keyword);
    }
  }

  /** One column definition or table constraint. */
  record Definition(String text, List<Token> tokens) {
    boolean isConstraint() {
      Token first = tokens.get(0);
      return first.kind() == Kind.WORD && TABLE_CONSTRAINTS.contains(first.text().toUpperCase(Locale.ROOT));
    }

    /** The column's name, unquoted. */
    String name() {
      return tokens.get(0).text();
    }
  }

  private final String prefix;
  private final List<Definition> definitions;
  private final String suffix;

  private SqliteCreateTable(String prefix, List<Definition> definitions, String suffix) {
    this.prefix = prefix;
    this.definitions = List.copyOf(definitions);
    this.suffix = suffix;
  }

  /** The text before the parenthesis: {@code CREATE TABLE name}. */
  String prefix() {
    return prefix;
  }

  List<Definition> definitions() {
    return definitions;
  }

  /** The text after the parenthesis, trimmed, comments left out. */
  String suffix() {
    return suffix;
  }

  /**
   * @param sql a {@code CREATE TABLE} statement that SQLite accepted
   * @throws IllegalArgumentException if it has no parenthesised body or an unclosed quote, comment or parenthesis
   */
  static SqliteCreateTable parse(String sql) {
    int open = 0;
    while (open < sql.length() && sql.charAt(open) != '(') {
      open = skip(sql, open, null);
    }
    if (open >= sql.length()) {
      throw new IllegalArgumentException("no column list");
    }
    List<Definition> definitions = new ArrayList<>();
    List<Token> tokens = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    int i = open + 1;
    while (true) {
      if (i >= sql.length()) {
        throw new IllegalArgumentException("unclosed column list");
      }
      char c = sql.charAt(i);
      if (c == ',' || c == ')') {
        if (tokens.isEmpty()) {
          throw new IllegalArgumentException("empty definition");
        }
        definitions.add(new Definition(text.toString().trim(), List.copyOf(tokens)));
        tokens.clear();
        text.setLength(0);
        i++;
        if (c == ')') {
          break;
        }
        continue;
      }
      int end;
      if (c == '(') {
        end = closing(sql, i);
        tokens.add(new Token(Kind.GROUP, sql.substring(i, end)));
      } else if (Character.isWhitespace(c) || startsComment(sql, i)) {
        end = skip(sql, i, null);
        text.append(' ');
        i = end;
        continue;
      } else if (c == '\'') {
        end = skip(sql, i, null);
        tokens.add(new Token(Kind.STRING, sql.substring(i, end)));
      } else if (c == '"' || c == '`' || c == '[') {
        StringBuilder name = new StringBuilder();
        end = skip(sql, i, name);
        tokens.add(new Token(Kind.QUOTED, name.toString()));
      } else if (isWordChar(c)) {
        end = i;
        while (end < sql.length() && isWordChar(sql.charAt(end))) {
          end++;
        }
        tokens.add(new Token(Kind.WORD, sql.substring(i, end)));
      } else {
        end = i + 1;
        tokens.add(new Token(Kind.OTHER, String.valueOf(c)));
      }
      text.append(sql, i, end);
      i = end;
    }
    StringBuilder suffix = new StringBuilder();
    while (i < sql.length()) {
      int end = skip(sql, i, null);
      suffix.append(startsComment(sql, i) ? " " : sql.substring(i, end));
      i = end;
    }
    return new SqliteCreateTable(sql.substring(0, open).trim(), definitions, suffix.toString().trim());
  }

  private static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c > 127;
  }

  private static boolean startsComment(String sql, int i) {
    return sql.startsWith("--", i) || sql.startsWith("/*", i);
  }

  // The index after the parenthesis that closes the one at i.
  private static int closing(String sql, int i) {
    int depth = 0;
    for (int j = i; j < sql.length(); ) {
      char c = sql.charAt(j);
      if (c == '(') {
        depth++;
      } else if (c == ')' && --depth == 0) {
        return j + 1;
      }
      j = skip(sql, j, null);
    }
    throw new IllegalArgumentException("unclosed parenthesis");
  }

  // The index after the quoted text, comment or character at i; a quoted name's content goes to name.
  private static int skip(String sql, int i, @Nullable StringBuilder name) {
    char c = sql.charAt(i);
    if (sql.startsWith("--", i)) {
      int end = sql.indexOf('\n', i);
      return end < 0 ? sql.length() : end + 1;
    }
    if (sql.startsWith("/*", i)) {
      int end = sql.indexOf("*/", i + 2);
      return end < 0 ? sql.length() : end + 2;
    }
    char close = c == '[' ? ']' : c;
    if (c != '\'' && c != '"' && c != '`' && c != '[') {
      return i + 1;
    }
    for (int j = i + 1; j < sql.length(); j++) {
      if (sql.charAt(j) != close) {
        if (name != null) {
          name.append(sql.charAt(j));
        }
      } else if (close != ']' && j + 1 < sql.length() && sql.charAt(j + 1) == close) {
        // A doubled quote stands for itself.
        if (name != null) {
          name.append(close);
        }
        j++;
      } else {
        return j + 1;
      }
    }
    throw new IllegalArgumentException("unclosed quote");
  }
}
