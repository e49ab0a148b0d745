package io.tokenstore.spi;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import io.tokenstore.TokenStoreException;
import io.tokenstore.internal.ProviderRegistry;
import io.tokenstore.internal.Secrets;
import java.util.regex.Pattern;

/**
 * A store URI parsed once: the scheme, the body between the scheme and the query, and the options, from URI
 * query parameters and from a map, validated against the names a provider accepts.
 *
 * <p>Grammar: {@code SCHEME ":" BODY ["?" NAME "=" VALUE ("&" NAME "=" VALUE)*] ["#" FRAGMENT]}. The query
 * and the fragment start after the user info of a {@code SCHEME "://" [USERINFO "@"] HOSTS} body, whose password
 * may hold {@code ? # / @} unencoded (the user info ends at the last {@code @} before the hosts); a JDBC URL
 * ({@code jdbc:…}) or a URI without a host after {@code //} has no fragment: their drivers and paths read
 * {@code #} as data. Names and values are percent-decoded ({@code +} is a plus sign, not a space). A name given
 * twice in the query, or in the query and the map with different values, is an error; so is a name the provider does
 * not accept, unless the parser {@linkplain #parse(String, Map, Set, Set, boolean) passes unknown query parameters
 * through} (a JDBC URL's driver properties).
 *
 * <p>Immutable and thread-safe. {@link #toString()} is the {@linkplain #mask masked} URI.
 */
public final class StoreUri {
  // "?name=" right after a '?': the '?' starts a query, even if an '@' follows (?user=a@b).
  private static final Pattern QUERY_START = Pattern.compile("[A-Za-z0-9_.-]+=");

  private final String uri;
  private final String scheme;
  private final String body;
  private final String fragment;
  private final Map<String, String> options;
  private final Map<String, String> passthrough;

  private StoreUri(String uri, String scheme, String body, String fragment, Map<String, String> options,
      Map<String, String> passthrough) {
    this.uri = uri;
    this.scheme = scheme;
    this.body = body;
    this.fragment = fragment;
    this.options = Collections.unmodifiableMap(options);
    this.passthrough = Collections.unmodifiableMap(passthrough);
  }

  /**
   * Parses a URI; every option must be one of {@code knownOptions}.
   *
   * @param uri the URI
   * @param options options given beside the URI
   * @param schemes the provider's schemes; the longest that prefixes the URI is taken
   * @param knownOptions the option names the provider accepts
   * @return the parsed URI
   * @throws IllegalArgumentException if no scheme fits, or an option is unknown, repeated or conflicting; the
   *     message names it and the valid choices
   */
  public static StoreUri parse(String uri, Map<String, String> options, Set<String> schemes,
      Set<String> knownOptions) {
    return parse(uri, options, schemes, knownOptions, false);
  }

  /**
   * Parses a URI.
   *
   * @param uri the URI
   * @param options options given beside the URI
   * @param schemes the provider's schemes; the longest that prefixes the URI is taken
   * @param knownOptions the option names the provider accepts
   * @param passUnknownQuery if true, query parameters not in {@code knownOptions} are kept, undecoded, in
   *     {@link #passthrough()} instead of being rejected (options in the map must still be known)
   * @return the parsed URI
   * @throws IllegalArgumentException if no scheme fits, or an option is unknown, repeated or conflicting
   */
  public static StoreUri parse(String uri, Map<String, String> options, Set<String> schemes,
      Set<String> knownOptions, boolean passUnknownQuery) {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(schemes, "schemes");
    Objects.requireNonNull(knownOptions, "knownOptions");
    String scheme = ProviderRegistry.longestScheme(uri, schemes).orElseThrow(() -> new IllegalArgumentException(
        "uri " + mask(uri) + " has none of the schemes " + sorted(schemes)));
    int[] queryAndFragment = queryAndFragment(uri);
    int q = queryAndFragment[0];
    int f = queryAndFragment[1];
    int end = f < 0 ? uri.length() : f;
    String body = uri.substring(scheme.length() + 1, q < 0 ? end : q);
    Map<String, String> parsed = new LinkedHashMap<>();
    Map<String, String> passthrough = new LinkedHashMap<>();
    if (q >= 0 && q + 1 < end) {
      for (String pair : uri.substring(q + 1, end).split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String rawName = eq < 0 ? pair : pair.substring(0, eq);
        String rawValue = eq < 0 ? "" : pair.substring(eq + 1);
        String name = decode(rawName, "query parameter name");
        if (!knownOptions.contains(name)) {
          if (passUnknownQuery) {
            passthrough.put(rawName, rawValue);
            continue;
          }
          throw unknown(name, scheme, knownOptions);
        }
        if (parsed.putIfAbsent(name, decode(rawValue, "option " + name)) != null) {
          throw new IllegalArgumentException("option '" + name + "' is given twice in the uri");
        }
      }
    }
    for (Map.Entry<String, String> e : options.entrySet()) {
      String name = Objects.requireNonNull(e.getKey(), "option name");
      String value = Objects.requireNonNull(e.getValue(), () -> "value of option " + name);
      if (!knownOptions.contains(name)) {
        throw unknown(name, scheme, knownOptions);
      }
      String inUri = parsed.putIfAbsent(name, value);
      if (inUri != null && !inUri.equals(value)) {
        throw new IllegalArgumentException("option '" + name
            + "' is given in the uri and in the options map with different values");
      }
    }
    return new StoreUri(uri, scheme, body, f < 0 ? "" : uri.substring(f), parsed, passthrough);
  }

  // Where the query's '?' and the fragment's '#' are (-1 if absent): after the user info, whose password may
  // hold either.
  private static int[] queryAndFragment(String uri) {
    int from = Secrets.afterUserInfo(uri);
    int firstQuery = uri.indexOf('?');
    if (from > 0 && firstQuery >= 0 && firstQuery < from
        && QUERY_START.matcher(uri).region(firstQuery + 1, from).lookingAt()) {
      from = firstQuery;
    }
    int q = uri.indexOf('?', from);
    int slashes = uri.indexOf("//");
    // Only after a host: file:///a#b.txt is a path.
    boolean fragments = slashes > 0 && uri.charAt(slashes - 1) == ':' && !uri.startsWith("///", slashes)
        && !uri.regionMatches(true, 0, "jdbc:", 0, 5)
        && uri.substring(0, slashes).chars().allMatch(c -> c == ':' || c == '+' || c == '.' || c == '-'
            || c < 128 && Character.isLetterOrDigit(c));
    int f = fragments ? uri.indexOf('#', from) : -1;
    if (f >= 0 && q > f) {
      q = -1;
    }
    return new int[] {q, f};
  }

  private static IllegalArgumentException unknown(String name, String scheme, Set<String> known) {
    return new IllegalArgumentException("unknown option '" + name + "' for " + scheme + ": valid options are "
        + (known.isEmpty() ? "none" : sorted(known).toString()));
  }

  private static Set<String> sorted(Collection<String> names) {
    return new TreeSet<>(names);
  }

  // Percent-decoding only: unlike URLDecoder, '+' stays a plus sign (tokens and passwords contain it).
  private static String decode(String s, String what) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%') {
        if (i + 2 >= s.length()) {
          throw new IllegalArgumentException(what + " has a truncated %-escape");
        }
        int hi = Character.digit(s.charAt(i + 1), 16);
        int lo = Character.digit(s.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          throw new IllegalArgumentException(what + " has a malformed %-escape");
        }
        out.write(hi * 16 + lo);
        i += 2;
      } else {
        byte[] bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
          bytes = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
          i++;
        }
        out.write(bytes, 0, bytes.length);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /**
   * Returns {@code uri} with the password of its user info and the values of secret parameters replaced by
   * {@code ****}: the only form of a URI that may reach a message, a log line or {@code toString}.
   *
   * <p>The user info is found by the grammar above, so a password holding {@code / ? # @ :} is masked whole,
   * also in multi-host forms ({@code mongodb://u:p@h1,h2/db}, {@code redis-sentinel://:p@h1:26379,h2:26379#m});
   * a Redis user info without a colon is the password. A secret parameter is one whose name, ignoring case,
   * contains {@code password}, {@code passwd}, {@code pwd}, {@code secret}, {@code passphrase}, {@code token},
   * {@code credential} or {@code apikey}, or is {@code pass}, {@code auth} or {@code authMechanismProperties}:
   * in a query ({@code ?a=b&c=d}), in H2's settings ({@code ;PASSWORD=x;FILE_PASSWORD=y}) and in MySQL's
   * {@code address=(host=h)(password=x)} and {@code (host=h,password=x)}. When in doubt, more is masked.
   *
   * @param uri any URI, or text that quotes one
   * @return the masked URI
   */
  public static String mask(String uri) {
    Objects.requireNonNull(uri, "uri");
    return Secrets.mask(uri);
  }

  /**
   * Removes the secrets of {@code uri} from an exception about it, causes and suppressed exceptions included:
   * for a provider to call on a backend failure before throwing it, since a driver's message may quote the
   * password (MariaDB's {@code Incorrect port value : <password>@host}). The secrets are the password and secret
   * parameter values that {@link #mask} hides, raw and percent-decoded, and their pieces between {@code / ? # @ :}
   * and other delimiters (a driver that splits a URL its own way may quote a piece).
   *
   * @param e the exception to throw
   * @param uri the store URI
   * @return {@code e} itself if nothing in it shows a secret; otherwise a {@link TokenStoreException} with the
   *     same message and stack trace whose chain has each exception that shows a secret (or leads to one)
   *     replaced by a stand-in with the same stack trace whose message is the original's class name and message,
   *     secrets masked ({@code java.sql.SQLException: Incorrect port value : ****@127.0.0.1})
   */
  public static TokenStoreException scrub(TokenStoreException e, String uri) {
    Objects.requireNonNull(e, "e");
    Objects.requireNonNull(uri, "uri");
    return (TokenStoreException) Secrets.scrub(e, Secrets.of(uri));
  }

  /**
   * Returns {@code uri} with query parameter {@code name} set to {@code value} (replacing it if present), before
   * the fragment if there is one ({@code redis-sentinel://h:26379?prefix=p#mymaster}).
   *
   * @param uri a URI
   * @param name the parameter name, which needs no escaping
   * @param value the value, which needs no escaping
   * @return the new URI
   */
  public static String withOption(String uri, String name, String value) {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    int[] queryAndFragment = queryAndFragment(uri);
    int q = queryAndFragment[0];
    int end = queryAndFragment[1] < 0 ? uri.length() : queryAndFragment[1];
    StringBuilder out = new StringBuilder(uri.substring(0, q < 0 ? end : q));
    char sep = '?';
    if (q >= 0) {
      for (String pair : uri.substring(q + 1, end).split("&")) {
        String pairName = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
        if (!pair.isEmpty() && !pairName.equals(name)) {
          out.append(sep).append(pair);
          sep = '&';
        }
      }
    }
    return out.append(sep).append(name).append('=').append(value).append(uri, end, uri.length()).toString();
  }

  /**
   * Returns {@code uri} without query parameter {@code name} (every occurrence), keeping the fragment.
   *
   * @param uri a URI
   * @param name the parameter name, which needs no escaping
   * @return the URI without it; {@code uri} itself if it has none
   */
  public static String withoutOption(String uri, String name) {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(name, "name");
    int[] queryAndFragment = queryAndFragment(uri);
    int q = queryAndFragment[0];
    if (q < 0) {
      return uri;
    }
    int end = queryAndFragment[1] < 0 ? uri.length() : queryAndFragment[1];
    StringBuilder out = new StringBuilder(uri.substring(0, q));
    char sep = '?';
    for (String pair : uri.substring(q + 1, end).split("&")) {
      String pairName = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
      if (!pair.isEmpty() && !pairName.equals(name)) {
        out.append(sep).append(pair);
        sep = '&';
      }
    }
    return out.append(uri, end, uri.length()).toString();
  }

  /** The scheme, as the provider declares it. */
  public String scheme() {
    return scheme;
  }

  /** What stands between {@code scheme:} and the query or fragment (may be empty); not decoded. */
  public String body() {
    return body;
  }

  /**
   * The fragment with its {@code #} (a Redis Sentinel master name, {@code #mymaster}), or empty; never for a
   * JDBC URL.
   */
  public String fragment() {
    return fragment;
  }

  /** The options given, from the query and the map, decoded; unmodifiable. */
  public Map<String, String> options() {
    return options;
  }

  /**
   * Query parameters that are not options, undecoded, in their order (only when parsed with
   * {@code passUnknownQuery}); unmodifiable.
   */
  public Map<String, String> passthrough() {
    return passthrough;
  }

  /**
   * @param name an option name
   * @return its value, or empty if not given
   */
  public Optional<String> option(String name) {
    return Optional.ofNullable(options.get(name));
  }

  /**
   * @param name an option name
   * @param defaultValue the value if not given
   * @return the value
   */
  public String option(String name, String defaultValue) {
    return options.getOrDefault(name, defaultValue);
  }

  /**
   * Reads an option that takes one of a few words, ignoring case.
   *
   * @param name the option name
   * @param defaultValue the value if not given
   * @param choices the valid values, in lower case
   * @return the value given, in lower case, or the default
   * @throws IllegalArgumentException if the value is not one of the choices; the message lists them
   */
  public String choice(String name, String defaultValue, String... choices) {
    String value = options.get(name);
    if (value == null) {
      return defaultValue;
    }
    String lower = value.toLowerCase(Locale.ROOT);
    for (String c : choices) {
      if (c.equals(lower)) {
        return c;
      }
    }
    throw new IllegalArgumentException("option '" + name + "' must be one of " + String.join(", ", choices)
        + ", not '" + value + "'");
  }

  /**
   * Reads a duration option: {@code 250ms}, {@code 2s}, {@code 1m}, an ISO-8601 duration such as {@code PT2S},
   * or a plain number of milliseconds.
   *
   * @param name the option name
   * @param defaultValue the value if not given
   * @return the duration, never negative
   * @throws IllegalArgumentException if the value is not a duration or is negative
   */
  public Duration duration(String name, Duration defaultValue) {
    String value = options.get(name);
    if (value == null) {
      return defaultValue;
    }
    Duration d;
    try {
      String v = value.trim().toLowerCase(Locale.ROOT);
      if (v.startsWith("p")) {
        d = Duration.parse(v.toUpperCase(Locale.ROOT));
      } else if (v.endsWith("ms")) {
        d = Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
      } else if (v.endsWith("s")) {
        d = Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
      } else if (v.endsWith("m")) {
        d = Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
      } else {
        d = Duration.ofMillis(Long.parseLong(v));
      }
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new IllegalArgumentException("option '" + name + "' must be a duration such as 250ms, 2s, 1m or "
          + "PT2S, not '" + value + "'", e);
    }
    if (d.isNegative()) {
      throw new IllegalArgumentException("option '" + name + "' must not be negative");
    }
    return d;
  }

  /** The masked URI. */
  @Override
  public String toString() {
    return mask(uri);
  }
}
