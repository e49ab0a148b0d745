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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A store URI parsed once: the scheme, the body between the scheme and the query, and the options, from URI
 * query parameters and from a map, validated against the names a provider accepts.
 *
 * <p>Grammar: {@code SCHEME ":" BODY ["?" NAME "=" VALUE ("&" NAME "=" VALUE)*]}. Names and values are
 * percent-decoded ({@code +} is a plus sign, not a space). A name given twice in the query, or in the query and
 * the map with different values, is an error; so is a name the provider does not accept, unless the parser
 * {@linkplain #parse(String, Map, Set, Set, boolean) passes unknown query parameters through} (a JDBC URL's
 * driver properties).
 *
 * <p>Immutable and thread-safe. {@link #toString()} is the {@linkplain #mask masked} URI.
 */
public final class StoreUri {
  // user:password@ in an authority, and password-like query parameters, in any URI.
  private static final Pattern USERINFO = Pattern.compile("(//[^/?#@:]*):[^/?#@]*@");
  private static final Pattern SECRET_PARAM = Pattern.compile(
      "(?i)([?&;](?:password|passwd|pwd|pass|secret|token|auth|authsource_password)=)[^&;#]*");

  private final String uri;
  private final String scheme;
  private final String body;
  private final Map<String, String> options;
  private final Map<String, String> passthrough;

  private StoreUri(String uri, String scheme, String body, Map<String, String> options,
      Map<String, String> passthrough) {
    this.uri = uri;
    this.scheme = scheme;
    this.body = body;
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
    String scheme = longestScheme(uri, schemes).orElseThrow(() -> new IllegalArgumentException(
        "uri " + mask(uri) + " has none of the schemes " + sorted(schemes)));
    String rest = uri.substring(scheme.length() + 1);
    int q = rest.indexOf('?');
    String body = q < 0 ? rest : rest.substring(0, q);
    Map<String, String> parsed = new LinkedHashMap<>();
    Map<String, String> passthrough = new LinkedHashMap<>();
    if (q >= 0 && q + 1 < rest.length()) {
      for (String pair : rest.substring(q + 1).split("&")) {
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
    return new StoreUri(uri, scheme, body, parsed, passthrough);
  }

  /**
   * The longest of {@code schemes} that, followed by {@code ':'}, prefixes {@code uri}, ignoring case.
   *
   * @param uri the URI
   * @param schemes the candidate schemes, without colons
   * @return the scheme as declared, or empty
   */
  public static Optional<String> longestScheme(String uri, Collection<String> schemes) {
    String best = null;
    for (String s : schemes) {
      if (uri.length() > s.length() && uri.charAt(s.length()) == ':'
          && uri.regionMatches(true, 0, s, 0, s.length())
          && (best == null || s.length() > best.length())) {
        best = s;
      }
    }
    return Optional.ofNullable(best);
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
   * Returns {@code uri} with the password of its user info and the values of password-like query parameters
   * replaced by {@code ****}: the only form of a URI that may reach a message, a log line or {@code toString}.
   *
   * @param uri any URI
   * @return the masked URI
   */
  public static String mask(String uri) {
    Objects.requireNonNull(uri, "uri");
    String masked = USERINFO.matcher(uri).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + ":****@"));
    return SECRET_PARAM.matcher(masked).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + "****"));
  }

  /**
   * Returns {@code uri} with query parameter {@code name} set to {@code value} (replacing it if present).
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
    int q = uri.indexOf('?');
    StringBuilder out = new StringBuilder(q < 0 ? uri : uri.substring(0, q));
    char sep = '?';
    if (q >= 0) {
      for (String pair : uri.substring(q + 1).split("&")) {
        String pairName = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
        if (!pair.isEmpty() && !pairName.equals(name)) {
          out.append(sep).append(pair);
          sep = '&';
        }
      }
    }
    return out.append(sep).append(name).append('=').append(value).toString();
  }

  /** The scheme, as the provider declares it. */
  public String scheme() {
    return scheme;
  }

  /** What stands between {@code scheme:} and the query (may be empty); not decoded. */
  public String body() {
    return body;
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
