package io.tokenstore.internal;

import org.jspecify.annotations.Nullable;

/**
 * Stands in for an exception whose message showed a secret of a store URI: its message is the original's class
 * name and message with the secret masked ({@code java.sql.SQLException: Incorrect port value : ****}), which is
 * also how it prints; it has the original's stack trace, and its causes and suppressed exceptions are scrubbed
 * the same way. The class name stays in the message because loggers print {@code getClass()}, not
 * {@code toString()}.
 */
final class ScrubbedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  ScrubbedException(@Nullable String original) {
    super(original);
  }

  @Override
  public String toString() {
    String message = getMessage();
    return message != null ? message : ScrubbedException.class.getName();
  }
}
