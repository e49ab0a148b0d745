package io.tokenstore.sql.internal;

import java.sql.SQLException;

/**
 * A save's retry found no record under its match key, then found one there: another transaction committed it in
 * between. Like the unique violation that started the retry, it means "run the save again", which then updates
 * that record; it is not a duplicate.
 */
final class LostRace extends SQLException {
  private static final long serialVersionUID = 1L;

  LostRace() {
    super("a record appeared under the match key during the save", "23000");
  }
}
