package io.tokenstore.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import io.tokenstore.OAuthToken;
import io.tokenstore.spi.TokenField;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** How tokens are shown: a table, or JSON for scripts; secrets masked unless asked for. */
final class TokenTable {
  // jackson-core's streaming generator, not jackson-databind (1.5 MB of the jar for one array of flat objects). The
  // default pretty printer is the one ObjectMapper's INDENT_OUTPUT uses: the output is the same to the byte.
  // JSON escapes C0 controls; DEL, C1 controls and bidi overrides are legal in JSON but steer a terminal.
  private static final JsonFactory JSON = new JsonFactory().setCharacterEscapes(new TerminalEscapes());

  private TokenTable() {}

  /** The output options of every command that shows tokens. */
  static final class Format {
    @Option(names = "--json", description = "Print JSON for scripts.")
    boolean json;

    @Option(names = "--show-secrets", description = "Show secret values (client secret, tokens) instead of ****.")
    boolean showSecrets;
  }

  /** Prints tokens; {@code now} tells which access tokens have expired. */
  static void print(PrintWriter out, List<OAuthToken> tokens, Format format, Instant now) {
    boolean json = format.json;
    boolean showSecrets = format.showSecrets;
    List<OAuthToken> sorted = new ArrayList<>(tokens);
    sorted.sort(Comparator.comparing(t -> String.valueOf(t.id())));
    if (json) {
      StringWriter text = new StringWriter();
      try (JsonGenerator g = JSON.createGenerator(text)) {
        g.useDefaultPrettyPrinter();
        g.writeStartArray();
        for (OAuthToken t : sorted) {
          write(g, t, showSecrets, now);
        }
        g.writeEndArray();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write JSON", e);
      }
      out.println(text);
      return;
    }
    String[] header = {"ID", "USER", "CLIENT ID", "EXPIRY", "ACCESS TOKEN", "SECRETS"};
    List<String[]> rows = new ArrayList<>();
    for (OAuthToken t : sorted) {
      rows.add(new String[] {cell(t.id()), cell(t.userName()), cell(t.clientId()),
          t.expiryTime() == null ? "" : t.expiryTime().toString(), accessToken(t, now), secrets(t)});
    }
    int[] width = new int[header.length];
    for (int c = 0; c < header.length; c++) {
      width[c] = header[c].length();
      for (String[] r : rows) {
        width[c] = Math.min(60, Math.max(width[c], r[c].length()));
      }
    }
    line(out, header, width);
    rows.forEach(r -> line(out, r, width));
    out.println(tokens.size() + (tokens.size() == 1 ? " token" : " tokens"));
  }

  private static void line(PrintWriter out, String[] cells, int[] width) {
    StringBuilder b = new StringBuilder();
    for (int c = 0; c < cells.length; c++) {
      String v = cells[c].length() > width[c] ? cut(cells[c], width[c] - 1) + "…" : cells[c];
      b.append(v).append(" ".repeat(width[c] - v.length() + 2));
    }
    out.println(b.toString().stripTrailing());
  }

  /** Which secrets a token holds, by name: never their values. */
  static String secrets(OAuthToken t) {
    List<String> present = new ArrayList<>();
    if (t.accessToken() != null) {
      present.add("access");
    }
    if (t.refreshToken() != null) {
      present.add("refresh");
    }
    if (t.grantToken() != null) {
      present.add("grant");
    }
    if (t.clientSecret() != null) {
      present.add("client-secret");
    }
    return String.join(",", present);
  }

  /** Whether the access token is still valid, and for how long: "valid 41 min", "expired 3 h ago". */
  static String accessToken(OAuthToken t, Instant now) {
    if (t.accessToken() == null) {
      return "none";
    }
    if (t.expiryTime() == null) {
      return "no expiry";
    }
    Duration left = Duration.between(now, t.expiryTime());
    return left.isNegative() || left.isZero() ? "expired " + span(left.negated()) + " ago" : "valid " + span(left);
  }

  private static String span(Duration d) {
    long s = d.getSeconds();
    return s < 60 ? s + " s" : s < 3600 ? s / 60 + " min" : s < 48 * 3600 ? s / 3600 + " h" : s / 86400 + " d";
  }

  // writeStringField writes null for a null value.
  private static void write(JsonGenerator g, OAuthToken t, boolean showSecrets, Instant now) throws IOException {
    g.writeStartObject();
    // Every field by its property name, secrets masked unless asked for; the expiry time in ISO-8601.
    for (TokenField f : TokenField.values()) {
      if (f == TokenField.EXPIRY_TIME) {
        Instant expiry = t.expiryTime();
        g.writeStringField(f.property(), expiry == null ? null : expiry.toString());
        // Null when there is no expiry to compare.
        g.writeFieldName("accessTokenExpired");
        if (t.accessToken() == null || expiry == null) {
          g.writeNull();
        } else {
          g.writeBoolean(!now.isBefore(expiry));
        }
      } else {
        g.writeStringField(f.property(), f.secret() ? secret(f.text(t), showSecrets) : f.text(t));
      }
    }
    g.writeEndObject();
  }

  private static @Nullable String secret(@Nullable String value, boolean show) {
    return value == null ? null : show ? value : "****";
  }

  // A user's value as a cell: control characters shown as unicode escapes, never sent to the terminal.
  private static String cell(@Nullable String v) {
    return v == null ? "" : Messages.visible(v);
  }

  private static String cut(String s, int length) {
    return s.substring(0, Character.isHighSurrogate(s.charAt(length - 1)) ? length - 1 : length);
  }

  /** Jackson's standard escapes, plus {@link Messages#steersTerminal} characters as unicode escapes. */
  private static final class TerminalEscapes extends CharacterEscapes {
    private static final long serialVersionUID = 1L;
    private final int[] ascii = standardAsciiEscapesForJSON();

    TerminalEscapes() {
      ascii[0x7f] = ESCAPE_STANDARD;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return ascii;
    }

    @Override
    public @Nullable SerializableString getEscapeSequence(int ch) {
      return ch <= 0xffff && Messages.steersTerminal((char) ch)
          ? new SerializedString(String.format("\\u%04X", ch)) : null;
    }
  }
}
