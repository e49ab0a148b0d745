package io.tokenstore.sql.internal;

import java.sql.SQLException;

/**
 * A row the store cannot turn into a token, such as one another program wrote with {@code expiry_time =
 * 'tomorrow'}. The message names the table, the row id and the column, never a value: the column may hold a
 * secret.
 */
final class BadRow extends SQLException {
  private static final long serialVersionUID = 1L;

  BadRow(String table, String id, String column, String problem) {
    // 22000: data exception, which no retry loop mistakes for a race or a transient failure.
    super("table " + table + ", row id '" + id + "': column " + column + " " + problem, "22000");
  }
}
