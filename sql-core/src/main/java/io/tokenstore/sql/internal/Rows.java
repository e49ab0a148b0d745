package io.tokenstore.sql.internal;

import static io.tokenstore.sql.internal.TableDefinition.FIELDS;
import static io.tokenstore.sql.internal.TableDefinition.ZOHO_COLUMNS;

import io.tokenstore.OAuthToken;
import io.tokenstore.spi.TokenField;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import org.jspecify.annotations.Nullable;

/**
 * A token as a row of the table: its column values, bound to a statement's parameters in column order, and the
 * token read back from a result row. Static, so that the find path calls it without an object between.
 */
final class Rows {
  private Rows() {}

  /** The nine value columns of a token (all but the id), as written: expiry in epoch milliseconds. */
  static @Nullable String[] values(OAuthToken t) {
    @Nullable String[] v = new String[FIELDS.length - 1];
    for (int c = 0; c < v.length; c++) {
      v[c] = FIELDS[c + 1].text(t);
    }
    return v;
  }

  /** Binds the value columns of a bit set (bit {@code c} for {@code now[c]}) from parameter 1; returns the next. */
  static int bindChanged(PreparedStatement ps, int changed, @Nullable String[] now) throws SQLException {
    int i = 1;
    for (int c = 0; c < now.length; c++) {
      if ((changed & (1 << c)) != 0) {
        setNullable(ps, i++, now[c]);
      }
    }
    return i;
  }

  /** Binds the nine value columns from parameter {@code start}, in order; returns the next parameter. */
  static int bindFields(PreparedStatement ps, int start, OAuthToken t) throws SQLException {
    int i = start;
    for (int c = 1; c < FIELDS.length; c++) {
      setNullable(ps, i++, FIELDS[c].text(t));
    }
    return i;
  }

  static void setNullable(PreparedStatement ps, int i, @Nullable String value) throws SQLException {
    if (value == null) {
      ps.setNull(i, Types.VARCHAR);
    } else {
      ps.setString(i, value);
    }
  }

  /**
   * The token of the current row.
   *
   * @throws BadRow if a column holds what no token can (naming the table, row id and column, not the value)
   */
  static OAuthToken read(ResultSet rs, String table) throws SQLException {
    OAuthToken.Builder b = OAuthToken.builder();
    for (int c = 0; c < FIELDS.length; c++) {
      String v = rs.getString(c + 1);
      if (FIELDS[c] == TokenField.EXPIRY_TIME) {
        // Read leniently, as written by Zoho's SDKs or by hand: blank is absent, spaces around the number dropped.
        try {
          FIELDS[c].set(b, v == null || v.isBlank() ? null : v.trim());
        } catch (NumberFormatException e) {
          throw new BadRow(table, rs.getString(1), FIELDS[c].column(), "is not a whole number of epoch milliseconds");
        }
      } else {
        FIELDS[c].set(b, v);
      }
    }
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      // The builder refuses U+0000; its message names the field, but the column is what a reader can fix.
      for (int c = 1; c <= ZOHO_COLUMNS.size(); c++) {
        String v = rs.getString(c);
        if (v != null && v.indexOf('\0') >= 0) {
          throw new BadRow(table, c == 1 ? "?" : rs.getString(1), ZOHO_COLUMNS.get(c - 1), "contains U+0000 (NUL)");
        }
      }
      throw e;
    }
  }
}
