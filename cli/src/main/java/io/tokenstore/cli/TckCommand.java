package io.tokenstore.cli;

import io.tokenstore.tck.runner.TckMain;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The compatibility kit, with the engine of {@code tokenstore-tck.jar}. */
@Command(name = "tck", description = {"Certify a store: run every rule of the compatibility kit against it.",
    "Prints each rule's outcome and 'N passed, N failed, N skipped'; exits 1 if a rule fails.",
    "Tests run in the namespaces 'tck' and 'tck_other' of the store's backend where it has namespaces."},
    footer = {"", "Examples:", "  tokenstore tck sqlite:tokens.db",
        "  tokenstore --plugins ./plugins tck --reports target/tck mystore:scratch"})
final class TckCommand implements Callable<Integer> {
  private final TokenstoreCommand top;

  @Parameters(paramLabel = "URI", description = "The store to certify")
  String uri;

  @Option(names = "--reports", paramLabel = "DIR", description = "Write JUnit XML reports to DIR.")
  Path reports;

  TckCommand(TokenstoreCommand top) {
    this.top = top;
  }

  @Override
  public Integer call() throws IOException {
    List<String> args = new ArrayList<>();
    // The kit loads providers in a class loader of its own: hand it the plugin jars.
    List<Path> jars = top.pluginJars();
    if (!jars.isEmpty()) {
      args.add("--classpath");
      args.add(jars.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
    }
    if (reports != null) {
      args.add("--reports");
      args.add(reports.toString());
    }
    args.add(uri);
    return TckMain.run(args.toArray(new String[0]), top.out, top.err);
  }
}
