package io.tokenstore.internal;

import io.tokenstore.DuplicateTokenException;
import io.tokenstore.TokenStoreException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The secrets of a store URI, found by the URI's grammar, and their removal from text and exceptions. Behind
 * {@link io.tokenstore.spi.StoreUri#mask} and {@link io.tokenstore.spi.StoreUri#scrub}; stateless, thread-safe.
 *
 * <p>User info: in {@code scheme://userinfo@hosts…} the user info runs from {@code //} to the last {@code @}
 * that is followed by a host list (up to {@code / ? # ;}, a space or the end, with no {@code &} or {@code @}), so
 * a password may hold {@code / ? # @ :} unencoded, as drivers accept in practice; hosts may be several
 * ({@code h1:1,h2:2}). An {@code @} inside a query value such as {@code ?user=a@b&…} is not one. When in doubt,
 * more is masked, never less. Secret parameters: any {@code name=value} after {@code ? & ; ( ,} (query, H2's
 * {@code ;NAME=value}, MySQL's {@code address=(…)(password=…)} and {@code (key=value,…)}) whose name, ignoring
 * case, contains {@code password}, {@code passwd}, {@code pwd}, {@code secret}, {@code passphrase}, {@code token},
 * {@code credential} or {@code apikey}, or is {@code pass}, {@code auth} or {@code authMechanismProperties}.
 */
public final class Secrets {
  /** What stands in for a secret. */
  public static final String MASK = "****";

  // A fragment of a password shorter than this is not looked for in messages: it would mangle them.
  private static final int MIN_PIECE = 3;
  private static final String PIECE_DELIMITERS = "/?#@:&;,()= \t";
  private static final Pattern PLAIN_USER = Pattern.compile("[A-Za-z0-9._~%!$'*+-]*");
  private static final String[] SECRET_WORDS = {"password", "passwd", "pwd", "secret", "passphrase", "token",
      "credential", "apikey", "api_key", "api-key"};
  private static final Set<String> SECRET_NAMES = Set.of("pass", "auth", "authmechanismproperties");

  private Secrets() {}

  /** Where a URI's user info is: {@code //} at {@code slashes}, the user info up to {@code at}. */
  private static final class UserInfo {
    final int slashes;
    final int at;

    UserInfo(int slashes, int at) {
      this.slashes = slashes;
      this.at = at;
    }

    String text(String s) {
      return s.substring(slashes + 2, at);
    }
  }

  /** The user info of the first authority in {@code s} from {@code from}, or null if it has none. */
  private static @Nullable UserInfo userInfo(String s, int from) {
    int slashes = s.indexOf("//", from);
    while (slashes >= 0) {
      int start = slashes + 2;
      for (int at = s.lastIndexOf('@'); at >= start; at = s.lastIndexOf('@', at - 1)) {
        if (hostsFollow(s, at + 1)) {
          return new UserInfo(slashes, at);
        }
      }
      slashes = s.indexOf("//", start);
    }
    return null;
  }

  private static boolean hostsFollow(String s, int i) {
    for (; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '/' || c == '?' || c == '#' || c == ';' || Character.isWhitespace(c)) {
        return true;
      }
      if (c == '&' || c == '@') {
        return false;
      }
    }
    return true;
  }

  // Lettuce reads user info without a colon as the password (redis://password@host).
  private static boolean passwordOnly(String s, int slashes) {
    int i = slashes - 1;
    if (i < 0 || s.charAt(i) != ':') {
      return false;
    }
    int end = i;
    while (i > 0 && isSchemeChar(s.charAt(i - 1))) {
      i--;
    }
    return s.substring(i, end).toLowerCase(Locale.ROOT).startsWith("redis");
  }

  private static boolean isSchemeChar(char c) {
    return c < 128 && (Character.isLetterOrDigit(c) || c == '+' || c == '.' || c == '-');
  }

  /** The user name that may be shown, or null if the whole user info is secret. */
  private static @Nullable String shownUser(String s, UserInfo u) {
    String info = u.text(s);
    int colon = info.indexOf(':');
    String user = colon < 0 ? info : info.substring(0, colon);
    if (!PLAIN_USER.matcher(user).matches() || colon < 0 && passwordOnly(s, u.slashes)) {
      return null;
    }
    return user;
  }

  /**
   * The index just past the user info's {@code @} of a URI, or 0 if it has none.
   *
   * @param uri a URI
   * @return where its host list starts, or 0
   */
  public static int afterUserInfo(String uri) {
    UserInfo u = userInfo(uri, 0);
    return u == null || !authorityOpens(uri, u.slashes) ? 0 : u.at + 1;
  }

  // Only the "//" that follows the scheme opens an authority (not one in a path).
  private static boolean authorityOpens(String uri, int slashes) {
    for (int i = 0; i < slashes; i++) {
      char c = uri.charAt(i);
      if (!isSchemeChar(c) && c != ':') {
        return false;
      }
    }
    return true;
  }

  /**
   * Masks the user info's password and the values of secret parameters of every URI in {@code text}.
   *
   * @param text a URI, or text that quotes one
   * @return the masked text
   */
  public static String mask(String text) {
    StringBuilder out = new StringBuilder(text.length());
    int done = 0;
    for (UserInfo u = userInfo(text, 0); u != null; u = userInfo(text, u.at + 1)) {
      out.append(maskParameters(text.substring(done, u.slashes + 2)));
      String user = shownUser(text, u);
      if (user == null) {
        out.append(MASK);
      } else if (user.length() == u.at - u.slashes - 2) {
        out.append(user);
      } else {
        out.append(user).append(':').append(MASK);
      }
      done = u.at;
    }
    return out.append(maskParameters(text.substring(done))).toString();
  }

  private static boolean isSecretName(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (SECRET_NAMES.contains(lower)) {
      return true;
    }
    for (String w : SECRET_WORDS) {
      if (lower.contains(w)) {
        return true;
      }
    }
    return false;
  }

  /** Receives where the value of a secret parameter starts and ends. */
  private interface ParameterAction {
    void at(int valueStart, int valueEnd);
  }

  private static void secretParameters(String s, ParameterAction action) {
    int i = 0;
    while (i < s.length()) {
      char opener = s.charAt(i++);
      if ("?&;(,".indexOf(opener) < 0) {
        continue;
      }
      int name = i;
      while (name < s.length() && s.charAt(name) == ' ') {
        name++;
      }
      int end = name;
      while (end < s.length() && (Character.isLetterOrDigit(s.charAt(end)) || "_.-".indexOf(s.charAt(end)) >= 0)) {
        end++;
      }
      int eq = end;
      while (eq < s.length() && s.charAt(eq) == ' ') {
        eq++;
      }
      if (end == name || eq >= s.length() || s.charAt(eq) != '=' || !isSecretName(s.substring(name, end))) {
        continue;
      }
      // A value runs to the separator of its syntax: & in a query, ; in H2's settings, ) or , in MySQL's.
      String stops = opener == ';' ? ";" : opener == '(' || opener == ',' ? "),": "&";
      int valueEnd = eq + 1;
      while (valueEnd < s.length() && stops.indexOf(s.charAt(valueEnd)) < 0) {
        valueEnd++;
      }
      action.at(eq + 1, valueEnd);
      i = valueEnd;
    }
  }

  private static String maskParameters(String s) {
    StringBuilder out = new StringBuilder(s.length());
    int[] done = {0};
    secretParameters(s, (start, end) -> {
      out.append(s, done[0], start).append(MASK);
      done[0] = end;
    });
    return out.append(s, done[0], s.length()).toString();
  }

  /**
   * The secrets of a URI as they may appear in a driver's message: the password and secret parameter values,
   * raw and percent-decoded, and their pieces between delimiters (a driver that splits the URI its own way may
   * quote a piece); longest first.
   *
   * @param uri a URI, or text that quotes one
   * @return the strings no message may show
   */
  public static List<String> of(String uri) {
    Set<String> whole = new LinkedHashSet<>();
    for (UserInfo u = userInfo(uri, 0); u != null; u = userInfo(uri, u.at + 1)) {
      String info = u.text(uri);
      String user = shownUser(uri, u);
      if (user == null) {
        whole.add(info);
      } else if (user.length() < info.length()) {
        whole.add(info.substring(user.length() + 1));
      }
    }
    secretParameters(uri, (start, end) -> whole.add(uri.substring(start, end)));
    Set<String> all = new LinkedHashSet<>();
    for (String secret : whole) {
      for (String form : new String[] {secret, decode(secret, false), decode(secret, true)}) {
        if (form != null) {
          all.add(form);
          addPieces(form, all);
        }
      }
    }
    all.removeIf(s -> s.isEmpty() || s.chars().allMatch(c -> c == '*'));
    List<String> sorted = new ArrayList<>(all);
    sorted.sort(Comparator.comparingInt(String::length).reversed());
    return Collections.unmodifiableList(sorted);
  }

  private static void addPieces(String secret, Set<String> into) {
    List<Integer> bounds = new ArrayList<>();
    bounds.add(-1);
    for (int i = 0; i < secret.length(); i++) {
      if (PIECE_DELIMITERS.indexOf(secret.charAt(i)) >= 0) {
        bounds.add(i);
      }
    }
    bounds.add(secret.length());
    for (int a = 0; a < bounds.size(); a++) {
      for (int b = a + 1; b < bounds.size(); b++) {
        String piece = secret.substring(bounds.get(a) + 1, bounds.get(b));
        if (piece.length() >= MIN_PIECE) {
          into.add(piece);
        }
      }
    }
  }

  private static @Nullable String decode(String s, boolean plusIsSpace) {
    if (s.indexOf('%') < 0 && (!plusIsSpace || s.indexOf('+') < 0)) {
      return null;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      int hi = c == '%' && i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
      int lo = hi >= 0 ? Character.digit(s.charAt(i + 2), 16) : -1;
      if (lo >= 0) {
        out.write(hi * 16 + lo);
        i += 2;
      } else if (c == '+' && plusIsSpace) {
        out.write(' ');
      } else {
        byte[] bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        out.write(bytes, 0, bytes.length);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /**
   * Replaces every secret in {@code text} by {@link #MASK}.
   *
   * @param text any text, or null
   * @param secrets from {@link #of}, longest first
   * @return the text without them
   */
  public static @Nullable String hide(@Nullable String text, List<String> secrets) {
    if (text == null) {
      return null;
    }
    for (String s : secrets) {
      text = text.replace(s, MASK);
    }
    return text;
  }

  private static boolean mentions(@Nullable String text, List<String> secrets) {
    if (text == null) {
      return false;
    }
    for (String s : secrets) {
      if (text.contains(s)) {
        return true;
      }
    }
    return false;
  }

  private static boolean tainted(Throwable t, List<String> secrets, Map<Throwable, Boolean> seen) {
    Boolean known = seen.get(t);
    if (known != null) {
      return known;
    }
    seen.put(t, false);
    boolean tainted = mentions(t.getMessage(), secrets) || mentions(t.getLocalizedMessage(), secrets)
        || mentions(t.toString(), secrets)
        || t.getCause() != null && tainted(t.getCause(), secrets, seen);
    for (Throwable s : t.getSuppressed()) {
      tainted |= tainted(s, secrets, seen);
    }
    seen.put(t, tainted);
    return tainted;
  }

  /**
   * Returns {@code e} if no message in it, its causes or its suppressed exceptions shows a secret; otherwise a
   * copy of the same kind ({@link TokenStoreException}, {@link DuplicateTokenException},
   * {@link IllegalArgumentException}, {@link IllegalStateException}; any other kind becomes a
   * {@link ScrubbedException}) with the secrets masked, the same stack trace, and each exception in its chain that
   * shows a secret, or leads to one that does, replaced the same way.
   *
   * @param e the exception
   * @param secrets from {@link #of}
   * @return {@code e} or its scrubbed copy
   */
  public static RuntimeException scrub(RuntimeException e, List<String> secrets) {
    Map<Throwable, Boolean> seen = new IdentityHashMap<>();
    if (secrets.isEmpty() || !tainted(e, secrets, seen)) {
      return e;
    }
    Map<Throwable, Throwable> copies = new IdentityHashMap<>();
    Throwable cause = e.getCause() == null ? null : copy(e.getCause(), secrets, seen, copies);
    String message = hide(e.getMessage(), secrets);
    RuntimeException top;
    if (e instanceof DuplicateTokenException) {
      top = new DuplicateTokenException(((DuplicateTokenException) e).field(), cause);
    } else if (e instanceof TokenStoreException) {
      top = new TokenStoreException(message != null ? message : "backend failure", cause);
    } else if (e instanceof IllegalArgumentException) {
      top = new IllegalArgumentException(message, cause);
    } else if (e instanceof IllegalStateException) {
      top = new IllegalStateException(message, cause);
    } else {
      return (RuntimeException) copy(e, secrets, seen, copies);
    }
    top.setStackTrace(e.getStackTrace());
    for (Throwable s : e.getSuppressed()) {
      top.addSuppressed(copy(s, secrets, seen, copies));
    }
    return top;
  }

  private static Throwable copy(Throwable t, List<String> secrets, Map<Throwable, Boolean> seen,
      Map<Throwable, Throwable> copies) {
    if (!tainted(t, secrets, seen)) {
      return t;
    }
    Throwable done = copies.get(t);
    if (done != null) {
      return done;
    }
    ScrubbedException c = new ScrubbedException(hide(t.toString(), secrets));
    copies.put(t, c);
    c.setStackTrace(t.getStackTrace());
    if (t.getCause() != null) {
      c.initCause(copy(t.getCause(), secrets, seen, copies));
    }
    for (Throwable s : t.getSuppressed()) {
      c.addSuppressed(copy(s, secrets, seen, copies));
    }
    return c;
  }

}
