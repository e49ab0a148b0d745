package io.tokenstore.file;

import io.tokenstore.OAuthToken;
import io.tokenstore.spi.MatchKey;
import io.tokenstore.spi.TokenField;
import io.tokenstore.spi.Tokens;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
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
 * {@code redirect_uri} header, legacy 9-column files without {@code api_domain}, a leading UTF-8 byte order mark,
 * and columns of its own (kept with their values). A file it cannot read whole is refused with the line and the
 * reason ({@link FileProblem}), never half read. Immutable.
 */
final class ZohoCsv {
  private static final TokenField[] FIELDS = TokenField.values();
  /** Zoho's columns in Zoho's order: column {@code c} is {@code TokenField.values()[c]}. */
  static final List<String> COLUMNS = Arrays.stream(FIELDS).map(TokenField::column)
      .collect(Collectors.toUnmodifiableList());

  /** The current Java SDK's format, for new files. */
  static final ZohoCsv JAVA = new ZohoCsv(List.copyOf(COLUMNS), false, "\n", false);

  /** The columns whose values identify one line: the id, then the unique fields in the contract's order. */
  private static final List<String> UNIQUE_COLUMNS = Stream.concat(Stream.of(TokenField.ID.column()),
      Tokens.UNIQUE_FIELDS.stream().map(MatchKey.Field::column)).collect(Collectors.toUnmodifiableList());
  private static final int EXPIRY = TokenField.EXPIRY_TIME.ordinal();
  private static final int REDIRECT = TokenField.REDIRECT_URL.ordinal();
  private static final int API_DOMAIN = TokenField.API_DOMAIN.ordinal();
  // Commons CSV says where a malformed record is only in its message: "(startline 3) ..." or "at line: 3, ...".
  private static final Pattern CSV_LINE = Pattern.compile("line:? (\\d+)");

  private final List<String> header;
  private final boolean quoteAll;
  private final String lineSeparator;
  private final boolean byteOrderMark;
  // Position of each of COLUMNS in the header, -1 if absent.
  private final int[] index;

  private ZohoCsv(List<String> header, boolean quoteAll, String lineSeparator, boolean byteOrderMark) {
    this.header = header;
    this.quoteAll = quoteAll;
    this.lineSeparator = lineSeparator;
    this.byteOrderMark = byteOrderMark;
    this.index = new int[COLUMNS.size()];
    Arrays.fill(index, -1);
    for (int h = 0; h < header.size(); h++) {
      int c = column(header.get(h));
      if (c >= 0) {
        index[c] = h;
      }
    }
  }

  // Which of COLUMNS a header name is, or -1; redirect_uri is the Python SDK's name for redirect_url.
  private static int column(String name) {
    String n = name.trim().toLowerCase(Locale.ROOT);
    return n.equals("redirect_uri") ? REDIRECT : COLUMNS.indexOf(n);
  }

  boolean hasApiDomain() {
    return index[API_DOMAIN] >= 0;
  }

  /** The same variant with the {@code api_domain} column added, for a legacy file that must now hold one. */
  ZohoCsv withApiDomain() {
    List<String> h = new ArrayList<>(header);
    h.add("api_domain");
    return new ZohoCsv(List.copyOf(h), quoteAll, lineSeparator, byteOrderMark);
  }

  /**
   * One line of the file: the token it holds, and every field as read, columns of the file's own included, so
   * that writing the line back loses none of them. Immutable.
   */
  static final class Row {
    final OAuthToken token;
    final List<String> fields;

    private Row(OAuthToken token, List<String> fields) {
      this.token = token;
      this.fields = fields;
    }

    /** A new line: nothing read to keep. */
    static Row of(OAuthToken token) {
      return new Row(token, List.of());
    }

    /** This line holding another version of its token; the file's own columns keep their values. */
    Row with(OAuthToken updated) {
      return new Row(updated, fields);
    }
  }

  /** What a file holds: its variant and its lines. */
  static final class Content {
    final ZohoCsv format;
    final List<Row> rows;

    Content(ZohoCsv format, List<Row> rows) {
      this.format = format;
      this.rows = rows;
    }

    List<OAuthToken> tokens() {
      return rows.stream().map(r -> r.token).collect(Collectors.toList());
    }
  }

  /**
   * Parses a whole file.
   *
   * @throws FileProblem if it is not a Zoho token file this class can keep whole; the message says which line and
   *     what is wrong, never a value
   */
  static Content parse(byte[] bytes) throws FileProblem {
    String text = decode(bytes);
    // Windows editors start UTF-8 files with a byte order mark; it is kept, and written back.
    boolean bom = text.startsWith("\uFEFF");
    if (bom) {
      text = text.substring(1);
    }
    Lines lines = new Lines(text);
    int nul = text.indexOf('\u0000');
    if (nul >= 0) {
      throw new FileProblem("line " + lines.at(nul) + " holds a NUL character (U+0000): not a text file");
    }
    if (text.isBlank()) {
      return new Content(bom ? new ZohoCsv(JAVA.header, false, "\n", true) : JAVA, List.of());
    }
    String lineSeparator = text.contains("\r\n") ? "\r\n" : "\n";
    boolean quoteAll = text.stripLeading().startsWith("\"");
    List<Row> rows = new ArrayList<>();
    ZohoCsv format = null;
    try (Reader in = new StringReader(text);
        CSVParser parser = CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(true).setTrim(false).get().parse(in)) {
      // Lines per value of each unique column, id first: the store's lookups need each to name one line.
      Map<String, Map<String, List<Integer>>> linesByValue = new LinkedHashMap<>();
      for (String column : UNIQUE_COLUMNS) {
        linesByValue.put(column, new LinkedHashMap<>());
      }
      List<Integer> withoutId = new ArrayList<>();
      for (CSVRecord r : parser) {
        int line = lines.at(r.getCharacterPosition());
        if (format == null) {
          format = new ZohoCsv(checkHeader(r.toList(), line), quoteAll, lineSeparator, bom);
          continue;
        }
        if (r.size() > format.header.size()) {
          throw new FileProblem("line " + line + " has " + r.size() + " fields, the header has "
              + format.header.size());
        }
        Row row = new Row(format.token(r, line), List.copyOf(r.toList()));
        if (row.token.id() == null) {
          withoutId.add(line);
        }
        for (String column : UNIQUE_COLUMNS) {
          int h = format.index[COLUMNS.indexOf(column)];
          String value = h >= 0 && h < row.fields.size() ? row.fields.get(h) : "";
          if (!value.isEmpty()) {
            Objects.requireNonNull(linesByValue.get(column)).computeIfAbsent(value, v -> new ArrayList<>()).add(line);
          }
        }
        rows.add(row);
      }
      checkUnique(withoutId, linesByValue);
    } catch (UncheckedIOException | IOException e) {
      if (e instanceof FileProblem) {
        throw (FileProblem) e;
      }
      Matcher m = CSV_LINE.matcher(String.valueOf(e.getMessage()));
      throw new FileProblem((m.find() ? "line " + m.group(1) : "a line")
          + " is not valid CSV: a quoted field is not closed, or its closing quote is followed by other characters");
    }
    if (format == null) {
      return new Content(JAVA, List.of());
    }
    return new Content(format, rows);
  }

  // Strict UTF-8: a byte that is not UTF-8 is reported with its line, not replaced (a token would be changed).
  private static String decode(byte[] bytes) throws FileProblem {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult result = decoder.decode(in, out, true);
    if (!result.isError()) {
      result = decoder.flush(out);
    }
    if (result.isError()) {
      int line = 1;
      for (int i = 0; i < in.position(); i++) {
        if (bytes[i] == '\n') {
          line++;
        }
      }
      throw new FileProblem("line " + line + " is not valid UTF-8 text");
    }
    return out.flip().toString();
  }

  private static List<String> checkHeader(List<String> header, int line) throws FileProblem {
    int[] seen = new int[COLUMNS.size()];
    for (String name : header) {
      int c = column(name);
      if (c >= 0 && seen[c]++ > 0) {
        throw new FileProblem("line " + line + ", the header, names the column " + COLUMNS.get(c) + " twice");
      }
    }
    for (int c = 0; c < API_DOMAIN; c++) {
      if (seen[c] == 0) {
        throw new FileProblem("line " + line + ", the header, has no column " + COLUMNS.get(c)
            + ": not a Zoho token file");
      }
    }
    return List.copyOf(header);
  }

  // Every record needs an id of its own: with two alike, a save would keep one and drop the other. A user name or
  // token on two lines would make a lookup see one of them and a listing both (SQL adoption refuses that too).
  private static void checkUnique(List<Integer> withoutId, Map<String, Map<String, List<Integer>>> linesByValue)
      throws FileProblem {
    if (!withoutId.isEmpty()) {
      throw new FileProblem(lineList(withoutId) + (withoutId.size() == 1 ? " has" : " have")
          + " no id; give every line an id of its own");
    }
    for (Map.Entry<String, Map<String, List<Integer>>> column : linesByValue.entrySet()) {
      List<List<Integer>> repeated = column.getValue().values().stream().filter(l -> l.size() > 1)
          .collect(Collectors.toList());
      if (!repeated.isEmpty()) {
        throw new FileProblem(lineList(repeated.get(0)) + " have the same " + column.getKey()
            + (repeated.size() > 1 ? " (and " + (repeated.size() - 1) + " more values are repeated)" : "")
            + "; each " + column.getKey() + " may appear on one line only");
      }
    }
  }

  private static String lineList(List<Integer> lines) {
    if (lines.size() == 1) {
      return "line " + lines.get(0);
    }
    List<String> shown = lines.stream().limit(10).map(String::valueOf).collect(Collectors.toList());
    String last = lines.size() > 10 ? (lines.size() - 10) + " more" : shown.remove(shown.size() - 1);
    return "lines " + String.join(", ", shown) + " and " + last;
  }

  private OAuthToken token(CSVRecord r, int line) throws FileProblem {
    OAuthToken.Builder b = OAuthToken.builder();
    for (int c = 0; c < FIELDS.length; c++) {
      String v = index[c] >= 0 && index[c] < r.size() ? r.get(index[c]) : null;
      if (c == EXPIRY) {
        // Read leniently, as written by hand: blank is absent, spaces around the number are dropped.
        v = v == null || v.isBlank() ? null : v.trim();
        try {
          FIELDS[c].set(b, v);
        } catch (NumberFormatException e) {
          throw new FileProblem("line " + line + ": expiry_time is not a number of epoch milliseconds");
        }
      } else {
        FIELDS[c].set(b, v);
      }
    }
    return b.build();
  }

  /** Writes the byte order mark if the file had one, the header and the lines in this variant. */
  void write(Writer out, List<Row> rows) throws IOException {
    CSVFormat format = CSVFormat.DEFAULT.builder().setRecordSeparator(lineSeparator)
        .setQuoteMode(quoteAll ? QuoteMode.ALL : QuoteMode.MINIMAL).get();
    if (byteOrderMark) {
      out.write('\uFEFF');
    }
    // Not closed here: the caller syncs the file before closing it.
    CSVPrinter printer = new CSVPrinter(out, format);
    printer.printRecord(header);
    for (Row r : rows) {
      OAuthToken t = r.token;
      String[] values = new String[FIELDS.length];
      for (int c = 0; c < values.length; c++) {
        values[c] = n(FIELDS[c].text(t));
      }
      // In the file's own column order, whatever it is; the file's own columns as read.
      String[] line = new String[header.size()];
      for (int h = 0; h < line.length; h++) {
        line[h] = h < r.fields.size() ? r.fields.get(h) : "";
      }
      for (int c = 0; c < index.length; c++) {
        if (index[c] >= 0) {
          line[index[c]] = values[c];
        }
      }
      printer.printRecord((Object[]) line);
    }
    printer.flush();
  }

  private static String n(@Nullable String s) {
    return s == null ? "" : s;
  }

  /** Line numbers of character offsets in a text. */
  private static final class Lines {
    private final int[] starts;

    Lines(String text) {
      List<Integer> s = new ArrayList<>();
      s.add(0);
      for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
        s.add(i + 1);
      }
      starts = s.stream().mapToInt(Integer::intValue).toArray();
    }

    int at(long offset) {
      int i = Arrays.binarySearch(starts, (int) offset);
      return (i >= 0 ? i : -i - 2) + 1;
    }
  }
}
