package io.tokenstore.cli;

import java.util.ArrayList;
import io.tokenstore.internal.Secrets;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/** Text for the terminal: one-line error messages that say why, and values with their control characters shown. */
final class Messages {
  private Messages() {}

  /**
   * The message of {@code t} and of each cause that adds something, innermost last, on one line, with control
   * characters shown and every secret of {@code args} (the command line) masked. Our stores mask their messages
   * already; a driver's message in a cause might echo the URL it was given, hence the second mask. (Not
   * {@code StoreUri.mask}: on free text its parameter pattern would swallow the rest of the sentence.)
   */
  static String oneLine(Throwable t, Collection<String> args) {
    List<String> parts = new ArrayList<>();
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Throwable c = t; c != null && seen.add(c); c = c.getCause()) {
      String m = c.getMessage();
      if (m == null || m.isBlank()) {
        continue;
      }
      m = m.strip();
      // new X(cause) copies cause.toString() as its message: the cause says it better.
      if (c.getCause() != null && m.equals(c.getCause().toString())) {
        continue;
      }
      String message = m;
      if (parts.stream().noneMatch(p -> p.contains(message))) {
        parts.add(message);
      }
    }
    String line = parts.isEmpty() ? t.getClass().getSimpleName() : String.join(": ", parts);
    line = line.replaceAll("\\s*\\R\\s*", " ");
    for (String secret : secrets(args)) {
      line = line.replace(secret, "****");
    }
    return visible(line);
  }

  /** The secrets in the URIs of a command line, by the same grammar the stores mask with; longest first. */
  static Set<String> secrets(Collection<String> args) {
    Set<String> secrets = new TreeSet<>((a, b) -> a.length() != b.length() ? b.length() - a.length()
        : a.compareTo(b));
    for (String arg : args) {
      secrets.addAll(Secrets.of(arg));
    }
    return secrets;
  }

  /**
   * {@code s} with every character that could steer a terminal shown as a unicode escape (backslash, u, four hex
   * digits): C0 controls, DEL, C1 controls, line and paragraph separators, and the bidirectional marks,
   * embeddings, overrides and isolates. Anything else, backslashes included, is kept as it is.
   */
  static String visible(String s) {
    @Nullable StringBuilder b = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (steersTerminal(c)) {
        if (b == null) {
          b = new StringBuilder(s.length() + 16).append(s, 0, i);
        }
        b.append(String.format("\\u%04x", (int) c));
      } else if (b != null) {
        b.append(c);
      }
    }
    return b == null ? s : b.toString();
  }

  static boolean steersTerminal(char c) {
    return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u061c' || c == '\u200e' || c == '\u200f'
        || (c >= '\u2028' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069');
  }
}
