package io.tokenstore.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * Turns a JMH JSON result into {@code docs/benchmarks.md} (a table per operation: ops/s with error, the ratio to
 * the raw baseline of the same run, the machine and the JVM, and each goal met or missed) and
 * {@code docs/benchmarks.png} (find and save beside their baselines and Spring's JDBC service, drawn with
 * JFreeChart), with a section on the peers a user would pick instead.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.tokenstore.benchmarks.Report docs results.json…};
 * several result files (a run per size, say) make one report.
 */
public final class Report {
  private static final List<String> OPERATIONS = List.of("findByUserName", "findByAccessToken",
      "findByRefreshToken", "findById", "saveUpdate", "saveInsert", "saveUpdate8Threads", "getTokens", "mix",
      "mix:mixRead", "mix:mixWrite");
  private static final Map<String, String> FIND_BASELINE = Map.of("MemoryBenchmark", "rawMapGet",
      "SqliteBenchmark", "rawPreparedSelect", "JdbcBenchmark", "rawPreparedSelect", "RedisBenchmark", "rawHgetall",
      "MongoBenchmark", "rawFindFirst");
  private static final Map<String, String> SAVE_BASELINE = Map.of("MemoryBenchmark", "rawMapPut",
      "SqliteBenchmark", "rawPreparedUpdate", "JdbcBenchmark", "rawPreparedUpdate", "RedisBenchmark", "rawHset",
      "MongoBenchmark", "rawUpdateOne");

  /** One measured score. */
  record Score(String cls, String method, String store, int size, double value, double error) {}

  private final Map<String, Score> scores = new LinkedHashMap<>();
  private JsonNode first;

  private Report() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      System.err.println("usage: Report DOCS_FOLDER RESULTS.json [MORE_RESULTS.json...]");
      System.exit(2);
    }
    Path out = Path.of(args[0]);
    Report report = new Report();
    for (int i = 1; i < args.length; i++) {
      report.read(Path.of(args[i]));
    }
    Files.createDirectories(out);
    Files.writeString(out.resolve("benchmarks.md"), report.markdown(), StandardCharsets.UTF_8);
    report.chart(out.resolve("benchmarks.png"));
    System.out.println("wrote " + out.resolve("benchmarks.md") + " and " + out.resolve("benchmarks.png"));
  }

  private static String key(String cls, String method, String store, int size) {
    return cls + "." + method + "|" + store + "|" + size;
  }

  private void read(Path json) throws IOException {
    JsonNode root = new ObjectMapper().readTree(json.toFile());
    for (JsonNode r : root) {
      if (first == null) {
        first = r;
      }
      String[] name = r.get("benchmark").asText().split("\\.");
      String cls = name[name.length - 2];
      if (cls.equals("UriBenchmark")) {
        continue; // the command line's ad-hoc benchmark, not part of the published comparison
      }
      String method = name[name.length - 1];
      JsonNode params = r.path("params");
      String store = params.path("store").asText();
      int size = params.path("size").asInt();
      JsonNode m = r.get("primaryMetric");
      put(new Score(cls, method, store, size, m.get("score").asDouble(), errorOf(m)));
      r.path("secondaryMetrics").fields().forEachRemaining(e -> {
        if (!e.getKey().contains(":")) {
          put(new Score(cls, method + ":" + e.getKey(), store, size, e.getValue().get("score").asDouble(),
              errorOf(e.getValue())));
        }
      });
    }
  }

  private static double errorOf(JsonNode metric) {
    double e = metric.path("scoreError").asDouble(Double.NaN);
    return Double.isFinite(e) ? e : Double.NaN;
  }

  private void put(Score s) {
    scores.put(key(s.cls(), s.method(), s.store(), s.size()), s);
  }

  private Score get(String cls, String method, String store, int size) {
    return scores.get(key(cls, method, store, size));
  }

  private static String ops(double v) {
    return v >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%,.1f", v);
  }

  private static String cell(Score s) {
    return s == null ? "—" : ops(s.value()) + (Double.isNaN(s.error()) ? "" : " ± " + ops(s.error()));
  }

  private static String ratio(Score a, Score b) {
    return a == null || b == null ? "—" : String.format(Locale.ROOT, "%.2f×", a.value() / b.value());
  }

  private String baselineFor(String cls, String op) {
    if (op.startsWith("find")) {
      return FIND_BASELINE.get(cls);
    }
    if (op.equals("saveUpdate")) {
      return SAVE_BASELINE.get(cls);
    }
    return op.equals("saveUpdate8Threads") ? "saveUpdate" : null;
  }

  /** The (class, store, size) combinations measured, in a stable order. */
  private Set<List<Object>> subjects() {
    Map<String, List<Object>> sorted = new TreeMap<>();
    for (Score s : scores.values()) {
      sorted.put(s.cls() + "|" + s.store() + "|" + String.format("%09d", s.size()), List.of(s.cls(), s.store(),
          s.size()));
    }
    return new LinkedHashSet<>(sorted.values());
  }

  String markdown() {
    StringBuilder md = new StringBuilder("# Benchmarks\n\n");
    md.append("Generated by `io.tokenstore.benchmarks.Report` from a JMH JSON result; do not edit by hand.\n\n");
    md.append("| run | |\n| --- | --- |\n");
    md.append("| machine | ").append(Runtime.getRuntime().availableProcessors()).append(" cores, ")
        .append(Runtime.getRuntime().maxMemory() / (1024 * 1024)).append(" MiB max heap of the report's JVM, ")
        .append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.arch")).append(" |\n");
    if (first != null) {
      md.append("| JVM | ").append(first.path("vmName").asText()).append(' ').append(first.path("vmVersion").asText())
          .append(" (JDK ").append(first.path("jdkVersion").asText()).append(") |\n");
      md.append("| JMH | ").append(first.path("jmhVersion").asText()).append(", ").append(first.path("forks").asInt())
          .append(" fork, ").append(first.path("warmupIterations").asInt()).append(" × ")
          .append(first.path("warmupTime").asText()).append(" warm-up, ")
          .append(first.path("measurementIterations").asInt()).append(" × ")
          .append(first.path("measurementTime").asText()).append(" measured, throughput in ops/s |\n");
    }
    md.append("\nRatios compare with the raw-driver baseline measured in the same run on the same server: "
        + "find → `rawMapGet` / prepared `SELECT` / `HGETALL` / `find().first()`; save (update of an existing "
        + "user, the refresh path) → `rawMapPut` / prepared `UPDATE` / `HSET` / `updateOne`; 8 savers → the "
        + "store's own single-thread save. The machine is shared and noisy: read the error columns.\n\n");
    md.append("![find and save beside their baselines](benchmarks.png)\n\n");
    goals(md);
    for (String op : OPERATIONS) {
      List<String> rows = new ArrayList<>();
      for (List<Object> subject : subjects()) {
        String cls = (String) subject.get(0);
        String store = (String) subject.get(1);
        int size = (Integer) subject.get(2);
        Score s = get(cls, op, store, size);
        if (s == null || cls.equals("EncryptedBenchmark")) {
          continue; // encrypted beside plain has a section of its own
        }
        String baseline = baselineFor(cls, op);
        Score b = baseline == null ? null : get(cls, baseline, store, size);
        rows.add("| " + store + " | " + String.format(Locale.ROOT, "%,d", size) + " | " + cell(s) + " | "
            + (baseline == null ? "—" : "`" + baseline + "` " + cell(b)) + " | " + ratio(s, b) + " |");
      }
      if (!rows.isEmpty()) {
        md.append("## ").append(op).append("\n\n| store | tokens | ops/s | baseline ops/s | ratio |\n")
            .append("| --- | ---: | ---: | ---: | ---: |\n");
        rows.forEach(r -> md.append(r).append('\n'));
        md.append('\n');
      }
    }
    encrypted(md);
    peers(md);
    md.append("## Seed style (SQLite)\n\nThe Zoho sample's way: a connection per call and SQL built by "
        + "concatenation.\n\n| store | tokens | find vs seed find | save vs seed save |\n| --- | ---: | ---: | ---: |\n");
    for (List<Object> subject : subjects()) {
      if (subject.get(0).equals("SqliteBenchmark")) {
        String store = (String) subject.get(1);
        int size = (Integer) subject.get(2);
        md.append("| ").append(store).append(" | ").append(String.format(Locale.ROOT, "%,d", size)).append(" | ")
            .append(ratio(get("SqliteBenchmark", "findByUserName", store, size),
                get("SqliteBenchmark", "seedStyleFind", store, size))).append(" | ")
            .append(ratio(get("SqliteBenchmark", "saveUpdate", store, size),
                get("SqliteBenchmark", "seedStyleSave", store, size))).append(" |\n");
      }
    }
    return md.toString();
  }

  /** Each JDBC operation of ours and the peer a user would pick instead, measured beside it in the same run. */
  private static final List<List<String>> PEERS = List.of(
      List.of("findByUserName", "springLoad", "Spring Security `JdbcOAuth2AuthorizedClientService.loadAuthorizedClient`"),
      List.of("saveUpdate", "springSave", "Spring Security `JdbcOAuth2AuthorizedClientService.saveAuthorizedClient`"),
      List.of("findByAccessToken", "springFindByToken",
          "Spring Authorization Server `JdbcOAuth2AuthorizationService.findByToken`"),
      List.of("findByUserName", "zohoStyleFind", "Zoho `DBStore` style find (a connection per call, concatenated SQL)"),
      List.of("saveUpdate", "zohoStyleSave", "Zoho `DBStore` style save (a connection per call, one concatenated UPDATE)"));

  /** Our JDBC store beside Spring's token services and the Zoho SDK's DBStore style, same database, same run. */
  private void peers(StringBuilder md) {
    List<String> rows = new ArrayList<>();
    for (List<Object> subject : subjects()) {
      if (!subject.get(0).equals("JdbcBenchmark")) {
        continue;
      }
      String store = (String) subject.get(1);
      int size = (Integer) subject.get(2);
      for (List<String> peer : PEERS) {
        Score ours = get("JdbcBenchmark", peer.get(0), store, size);
        Score theirs = get("JdbcBenchmark", peer.get(1), store, size);
        if (ours != null && theirs != null) {
          rows.add("| " + store + " | " + String.format(Locale.ROOT, "%,d", size) + " | `" + peer.get(0) + "` "
              + cell(ours) + " | " + peer.get(2) + " | " + cell(theirs) + " | " + ratio(ours, theirs) + " |");
        }
      }
    }
    if (!rows.isEmpty()) {
      md.append("## Beside the peers (JDBC)\n\nWhat a user would pick instead, on the same database, the same "
          + "token shapes and a HikariCP pool of the same size (8), measured in the same run: Spring's services on "
          + "their own schema files (see `Peers`), the Zoho SDK's DBStore style on our table. Spring's save does "
          + "less than ours (no merge of absent fields, no uniqueness across the token values); its "
          + "`findByToken` has no index on the token column.\n\n"
          + "| store | tokens | tokenstore ops/s | peer | peer ops/s | ratio |\n"
          + "| --- | ---: | ---: | --- | ---: | ---: |\n");
      rows.forEach(r -> md.append(r).append('\n'));
      md.append('\n');
    }
  }

  private static final List<String> ENCRYPTED_OPS = List.of("findByUserName", "findByAccessToken",
      "findByRefreshToken", "saveUpdate", "saveInsert");

  /** Each store with the option keyset beside itself without, and what the cryptography costs per operation. */
  private void encrypted(StringBuilder md) {
    List<String> rows = new ArrayList<>();
    for (String store : List.of("memory", "sqlite", "postgresql", "redis")) {
      for (String op : ENCRYPTED_OPS) {
        Score plain = get("EncryptedBenchmark", op, store, 1000);
        Score enc = get("EncryptedBenchmark", op, store + EncryptedBenchmark.KEYSET, 1000);
        if (plain == null || enc == null) {
          continue;
        }
        double micros = (1 / enc.value() - 1 / plain.value()) * 1e6;
        rows.add("| " + store + " | " + op + " | " + cell(plain) + " | " + cell(enc) + " | " + ratio(enc, plain)
            + " | " + String.format(Locale.ROOT, "%+.1f µs", micros) + " |");
      }
    }
    if (!rows.isEmpty()) {
      md.append("## Encrypted at rest (option keyset) beside plain\n\nThe same store with and without the option, "
          + "1 000 tokens, in one run. The time added per operation on `memory` is the cryptography itself "
          + "(AES-SIV for the looked-up tokens, AES-GCM for the client secret, and the base64 around them); on "
          + "the others it is that plus the longer values on the wire.\n\n"
          + "| store | operation | plain ops/s | encrypted ops/s | ratio | added per op |\n"
          + "| --- | --- | ---: | ---: | ---: | ---: |\n");
      rows.forEach(r -> md.append(r).append('\n'));
      md.append('\n');
    }
  }

  private void goal(StringBuilder md, String what, Score a, Score b, double target) {
    if (a == null || b == null) {
      md.append("| ").append(what).append(" | ≥ ").append(target).append("× | not measured | — |\n");
      return;
    }
    double r = a.value() / b.value();
    md.append("| ").append(what).append(" | ≥ ").append(target).append("× | ")
        .append(String.format(Locale.ROOT, "%.2f×", r)).append(" | ").append(r >= target ? "met" : "**missed**")
        .append(" |\n");
  }

  private void goals(StringBuilder md) {
    md.append("## Goals\n\n| goal | target | measured | |\n| --- | ---: | ---: | --- |\n");
    goal(md, "memory find ÷ `ConcurrentHashMap.get` (1 000)", get("MemoryBenchmark", "findByUserName", "memory", 1000),
        get("MemoryBenchmark", "rawMapGet", "memory", 1000), 0.5);
    goal(md, "memory find at 1 000 000 ÷ at 1 000 (flat)",
        get("MemoryBenchmark", "findByUserName", "memory", 1_000_000),
        get("MemoryBenchmark", "findByUserName", "memory", 1000), 0.5);
    for (String sync : List.of("sqlite-full", "sqlite-normal")) {
      goal(md, sync + " find ÷ raw SELECT", get("SqliteBenchmark", "findByUserName", sync, 1000),
          get("SqliteBenchmark", "rawPreparedSelect", sync, 1000), 0.9);
      goal(md, sync + " save ÷ raw UPDATE", get("SqliteBenchmark", "saveUpdate", sync, 1000),
          get("SqliteBenchmark", "rawPreparedUpdate", sync, 1000), 0.8);
      goal(md, sync + " find ÷ seed style", get("SqliteBenchmark", "findByUserName", sync, 1000),
          get("SqliteBenchmark", "seedStyleFind", sync, 1000), 20);
      goal(md, sync + " save ÷ seed style", get("SqliteBenchmark", "saveUpdate", sync, 1000),
          get("SqliteBenchmark", "seedStyleSave", sync, 1000), 7);
    }
    goal(md, "sqlite-full 8 savers ÷ 1 saver (group commit)",
        get("SqliteBenchmark", "saveUpdate8Threads", "sqlite-full", 1000),
        get("SqliteBenchmark", "saveUpdate", "sqlite-full", 1000), 2);
    goal(md, "redis find ÷ HGETALL", get("RedisBenchmark", "findByUserName", "redis", 1000),
        get("RedisBenchmark", "rawHgetall", "redis", 1000), 0.9);
    goal(md, "redis save ÷ HSET", get("RedisBenchmark", "saveUpdate", "redis", 1000),
        get("RedisBenchmark", "rawHset", "redis", 1000), 0.7);
    for (String store : List.of("postgresql", "mariadb")) {
      goal(md, store + " find ÷ Spring's load", get("JdbcBenchmark", "findByUserName", store, 1000),
          get("JdbcBenchmark", "springLoad", store, 1000), 1.0);
      goal(md, store + " save ÷ Spring's save", get("JdbcBenchmark", "saveUpdate", store, 1000),
          get("JdbcBenchmark", "springSave", store, 1000), 1.0);
    }
    for (String store : List.of("sqlite", "postgresql", "redis")) {
      for (String op : List.of("findByUserName", "saveUpdate")) {
        goal(md, store + " encrypted " + op + " ÷ plain", get("EncryptedBenchmark", op, store + "+keyset", 1000),
            get("EncryptedBenchmark", op, store, 1000), 0.8);
      }
    }
    goal(md, "mongo find ÷ find().first()", get("MongoBenchmark", "findByUserName", "mongo-in-process", 1000),
        get("MongoBenchmark", "rawFindFirst", "mongo-in-process", 1000), 0.8);
    goal(md, "mongo save ÷ updateOne", get("MongoBenchmark", "saveUpdate", "mongo-in-process", 1000),
        get("MongoBenchmark", "rawUpdateOne", "mongo-in-process", 1000), 0.8);
    for (List<Object> subject : subjects()) {
      String cls = (String) subject.get(0);
      String store = (String) subject.get(1);
      int size = (Integer) subject.get(2);
      if (size > 1000 && !cls.equals("ListBenchmark")) {
        String n = String.format(Locale.ROOT, "%,d", size);
        goal(md, store + " find at " + n + " ÷ at 1 000 (flat)",
            get(cls, "findByUserName", store, size), get(cls, "findByUserName", store, 1000), 0.5);
        String baseline = FIND_BASELINE.get(cls);
        if (baseline != null && get(cls, baseline, store, size) != null) {
          // Caches make every lookup slower as data grows; the raw driver at the same size shows how much.
          md.append("| ").append(store).append(" raw `").append(baseline).append("` at ").append(n)
              .append(" ÷ at 1 000 | | ").append(ratio(get(cls, baseline, store, size), get(cls, baseline, store, 1000)))
              .append(" | for comparison |\n");
        }
      }
    }
    md.append("\n`list:` is linear by design: its find at 10 000 tokens is ")
        .append(ratio(get("ListBenchmark", "findByUserName", "list", 10_000),
            get("ListBenchmark", "findByUserName", "list", 1000)))
        .append(" of its find at 1 000.\n\n");
  }

  void chart(Path png) throws IOException {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (List<Object> subject : subjects()) {
      String cls = (String) subject.get(0);
      String store = (String) subject.get(1);
      int size = (Integer) subject.get(2);
      if (size != 1000) {
        continue;
      }
      for (String op : List.of("findByUserName", "saveUpdate")) {
        Score s = get(cls, op, store, size);
        String label = store + (op.startsWith("find") ? " find" : " save");
        if (s != null) {
          data.addValue(s.value(), "tokenstore", label);
          String baseline = baselineFor(cls, op);
          Score b = baseline == null ? null : get(cls, baseline, store, size);
          data.addValue(b == null ? null : b.value(), "raw baseline", label);
          Score peer = cls.equals("JdbcBenchmark")
              ? get(cls, op.startsWith("find") ? "springLoad" : "springSave", store, size) : null;
          data.addValue(peer == null ? null : peer.value(), "Spring Security (JDBC)", label);
        }
      }
    }
    JFreeChart chart = ChartFactory.createBarChart("tokenstore vs raw driver and peer, 1 000 tokens", null, "ops/s",
        data, PlotOrientation.VERTICAL, true, false, false);
    CategoryPlot plot = chart.getCategoryPlot();
    LogAxis axis = new LogAxis("ops/s (log scale)");
    axis.setSmallestValue(1);
    plot.setRangeAxis(axis);
    plot.getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    BarRenderer renderer = (BarRenderer) plot.getRenderer();
    renderer.setSeriesPaint(0, new Color(0x1f77b4));
    renderer.setSeriesPaint(1, new Color(0xbbbbbb));
    renderer.setSeriesPaint(2, new Color(0x6abf69));
    ChartUtils.saveChartAsPNG(png.toFile(), chart, 1400, 700);
  }
}
