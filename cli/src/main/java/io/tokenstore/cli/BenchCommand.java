package io.tokenstore.cli;

import io.tokenstore.TokenStores;
import io.tokenstore.benchmarks.UriBenchmark;
import io.tokenstore.spi.StoreUri;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * A short comparative run of the JMH store benchmarks on the given stores, in this JVM (so that plugin
 * providers are found); the numbers are indicative. The published figures come from the benchmarks module's
 * longer, forked run.
 */
@Command(name = "bench", description = {"Benchmark stores side by side: ops/s per operation and store.",
    "Each store is loaded in the namespace 'tokenstore_bench' of its backend, never in its own tokens."},
    footer = {"", "Example:", "  tokenstore bench memory: sqlite:bench.db 'redis://127.0.0.1:6379'"})
final class BenchCommand implements Callable<Integer> {
  private static final List<String> OPERATIONS = List.of("findByUserName", "findByAccessToken", "findById",
      "saveUpdate", "saveInsert");

  private final TokenstoreCommand top;

  @Parameters(arity = "1..*", paramLabel = "URI", description = "The stores to compare")
  List<String> uris;

  @Option(names = "--size", defaultValue = "1000", description = "Tokens each store holds (default ${DEFAULT-VALUE}).")
  int size;

  @Option(names = "--time", defaultValue = "1", description = "Seconds measured per operation (default ${DEFAULT-VALUE}).")
  int seconds;

  BenchCommand(TokenstoreCommand top) {
    this.top = top;
  }

  @Override
  public Integer call() throws RunnerException {
    for (String uri : uris) {
      TokenStores.provider(uri);
    }
    int total = uris.size() * OPERATIONS.size();
    top.out.println("benchmarking " + uris.size() + " store(s), " + OPERATIONS.size() + " operations, about "
        + (total * (seconds * 2 + 1)) + " s");
    Map<String, Map<String, Double>> table = new TreeMap<>();
    int n = 0;
    for (String uri : uris) {
      for (String op : OPERATIONS) {
        n++;
        top.out.print("\r[" + n + "/" + total + "] " + op + " on " + StoreUri.mask(uri) + "                    ");
        top.out.flush();
        Options options = new OptionsBuilder()
            .include(UriBenchmark.class.getName() + "\\." + op + "$")
            .param("uri", uri)
            .param("size", String.valueOf(size))
            .forks(0)
            .warmupIterations(1).warmupTime(TimeValue.seconds(seconds))
            .measurementIterations(1).measurementTime(TimeValue.seconds(seconds))
            .verbosity(VerboseMode.SILENT)
            .shouldFailOnError(true)
            .build();
        Collection<RunResult> results = new Runner(options).run();
        for (RunResult r : results) {
          table.computeIfAbsent(op, k -> new TreeMap<>()).put(uri, r.getPrimaryResult().getScore());
        }
      }
    }
    top.out.println();
    List<String> header = new ArrayList<>(List.of("OPERATION"));
    uris.forEach(u -> header.add(StoreUri.mask(u)));
    top.out.println(String.join("\t", header));
    for (String op : OPERATIONS) {
      StringBuilder row = new StringBuilder(op);
      for (String uri : uris) {
        Double v = table.getOrDefault(op, Map.of()).get(uri);
        row.append('\t').append(v == null ? "—" : String.format(Locale.ROOT, "%,.0f ops/s", v));
      }
      top.out.println(row);
    }
    return 0;
  }
}
