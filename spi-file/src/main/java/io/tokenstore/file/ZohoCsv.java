package io.tokenstore.file;

import io.tokenstore.OAuthToken;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.Writer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.QuoteMode;
import org.jspecify.annotations.Nullable;

/**
 * The Zoho SDK token file: a header, then one line per token, Zoho's columns in Zoho's order, absent values as
 * empty fields, expiry in epoch milliseconds. Reads every variant the SDKs write and remembers which one it read,
 * so that writing keeps it: unquoted (Java SDK 8), every field quoted (earlier Java SDKs), the Python SDK's
 * {@code redirect_uri} header, and legacy 9-column files without {@code api_domain}. Immutable.
 */
final class ZohoCsv {
  static final List<String> COLUMNS = List.of("id", "user_name", "client_id", "client_secret", "refresh_token",
      "access_token", "grant_token", "expiry_time", "redirect_url", "api_domain");

  /** The current Java SDK's format, for new files. */
  static final ZohoCsv JAVA = new ZohoCsv(List.copyOf(COLUMNS), false, "\n");

  private final List<String> header;
  private final boolean quoteAll;
  private final String lineSeparator;

  private ZohoCsv(List<String> header, boolean quoteAll, String lineSeparator) {
    this.header = header;
    this.quoteAll = quoteAll;
    this.lineSeparator = lineSeparator;
  }

  /** The header as the file spells it. */
  List<String> header() {
    return header;
  }

  boolean quoteAll() {
    return quoteAll;
  }

  boolean hasApiDomain() {
    return header.size() > 9;
  }

  /** The same variant with the {@code api_domain} column added, for a legacy file that must now hold one. */
  ZohoCsv withApiDomain() {
    List<String> h = new ArrayList<>(header);
    h.add("api_domain");
    return new ZohoCsv(List.copyOf(h), quoteAll, lineSeparator);
  }

  /** What a file holds: its variant and its tokens. */
  static final class Content {
    final ZohoCsv format;
    final List<OAuthToken> tokens;

    Content(ZohoCsv format, List<OAuthToken> tokens) {
      this.format = format;
      this.tokens = tokens;
    }
  }

  /**
   * Parses a whole file.
   *
   * @throws IOException if it is not a Zoho token file; the message says which line, never a value
   */
  static Content parse(String text) throws IOException {
    if (text.isBlank()) {
      return new Content(JAVA, List.of());
    }
    String lineSeparator = text.contains("\r\n") ? "\r\n" : "\n";
    boolean quoteAll = text.stripLeading().startsWith("\"");
    List<OAuthToken> tokens = new ArrayList<>();
    List<String> header;
    try (Reader in = new StringReader(text);
        CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
            .setIgnoreEmptyLines(true).setTrim(false).get().parse(in)) {
      header = List.copyOf(parser.getHeaderNames());
      int[] index = columnIndexes(header);
      for (CSVRecord r : parser) {
        tokens.add(token(r, index));
      }
    } catch (IllegalArgumentException | IllegalStateException | java.io.UncheckedIOException e) {
      throw new IOException("not a Zoho token file: " + e.getClass().getSimpleName());
    }
    return new Content(new ZohoCsv(header, quoteAll, lineSeparator), tokens);
  }

  // Position of each of our columns in the file's header, -1 if absent; redirect_uri is the Python SDK's name.
  private static int[] columnIndexes(List<String> header) throws IOException {
    int[] index = new int[COLUMNS.size()];
    for (int c = 0; c < COLUMNS.size(); c++) {
      index[c] = -1;
      for (int h = 0; h < header.size(); h++) {
        String name = header.get(h).trim().toLowerCase(Locale.ROOT);
        if (name.equals(COLUMNS.get(c)) || (c == 8 && name.equals("redirect_uri"))) {
          index[c] = h;
        }
      }
      if (index[c] < 0 && c < 9) {
        throw new IOException("not a Zoho token file: the header has no column " + COLUMNS.get(c));
      }
    }
    return index;
  }

  private static OAuthToken token(CSVRecord r, int[] index) throws IOException {
    String[] v = new String[COLUMNS.size()];
    for (int c = 0; c < v.length; c++) {
      v[c] = index[c] >= 0 && index[c] < r.size() ? r.get(index[c]) : null;
    }
    Instant expiry = null;
    if (v[7] != null && !v[7].isBlank()) {
      try {
        expiry = Instant.ofEpochMilli(Long.parseLong(v[7].trim()));
      } catch (NumberFormatException e) {
        throw new IOException("line " + r.getRecordNumber() + ": expiry_time is not epoch milliseconds");
      }
    }
    return OAuthToken.builder().id(v[0]).userName(v[1]).clientId(v[2]).clientSecret(v[3]).refreshToken(v[4])
        .accessToken(v[5]).grantToken(v[6]).expiryTime(expiry).redirectUrl(v[8]).apiDomain(v[9]).build();
  }

  /** Writes the header and the tokens in this variant. */
  void write(Writer out, List<OAuthToken> tokens) throws IOException {
    CSVFormat format = CSVFormat.DEFAULT.builder().setRecordSeparator(lineSeparator)
        .setQuoteMode(quoteAll ? QuoteMode.ALL : QuoteMode.MINIMAL).get();
    // Not closed here: the caller syncs the file before closing it.
    CSVPrinter printer = new CSVPrinter(out, format);
    printer.printRecord(header);
    int[] index = columnIndexes(header);
    for (OAuthToken t : tokens) {
      String[] values = {n(t.id()), n(t.userName()), n(t.clientId()), n(t.clientSecret()), n(t.refreshToken()),
          n(t.accessToken()), n(t.grantToken()),
          t.expiryTime() == null ? "" : Long.toString(t.expiryTime().toEpochMilli()), n(t.redirectUrl()),
          n(t.apiDomain())};
      // In the file's own column order, whatever it is.
      String[] row = new String[header.size()];
      java.util.Arrays.fill(row, "");
      for (int c = 0; c < index.length; c++) {
        if (index[c] >= 0) {
          row[index[c]] = values[c];
        }
      }
      printer.printRecord((Object[]) row);
    }
    printer.flush();
  }

  private static String n(@Nullable String s) {
    return s == null ? "" : s;
  }
}
