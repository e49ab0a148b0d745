package io.tokenstore.tck.runner;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.tokenstore.TokenStores;
import io.tokenstore.spi.StoreUri;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.reporting.legacy.xml.LegacyXmlReportGeneratingListener;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code java -jar tokenstore-tck.jar [--classpath JAR[:JAR...]] [--reports DIR] URI}: runs the compatibility
 * kit against the store a URI opens, with providers from the given jars, and prints each rule's outcome and a
 * closing {@code N passed, N failed, N skipped} line. Exit code 0 if no rule failed, 1 if one did, 2 for bad
 * usage.
 */
@Command(name = "tokenstore-tck", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Runs the tokenstore compatibility kit against the store that URI opens.",
        "The kit deletes the tokens of every store it tests: point it at a scratch store.",
        "Where the provider has namespaces, each test runs in a fresh one and is cleaned up."},
    footer = {"", "Example:",
        "  java -jar tck-runner/target/tokenstore-tck.jar --classpath my-store.jar --reports target/tck mystore:/tmp/x"})
public final class TckMain implements Callable<Integer> {
  @Option(names = "--classpath", paramLabel = "JAR[:JAR...]",
      description = "Jars (or class folders) holding the provider to certify and its dependencies, separated by the platform path separator.")
  private String classpath = "";

  @Option(names = "--reports", paramLabel = "DIR", description = "Write JUnit XML reports to DIR.")
  private Path reports;

  @Parameters(index = "0", paramLabel = "URI", description = "The store URI, such as memory: or sqlite:tck.db")
  private String uri;

  private final PrintWriter out;

  TckMain(PrintWriter out) {
    this.out = out;
  }

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the command; returns the exit code. Also the engine of {@code tokenstore tck}. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new TckMain(out));
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
      err.println("tokenstore-tck: " + e.getMessage());
      return 2;
    });
    return cli.execute(args);
  }

  @Override
  public Integer call() throws IOException {
    ClassLoader original = Thread.currentThread().getContextClassLoader();
    try (URLClassLoader loader = new URLClassLoader(urls(classpath), TckMain.class.getClassLoader())) {
      Thread.currentThread().setContextClassLoader(loader);
      // Fail fast, in one line, on a URI no provider opens.
      String provider = TokenStores.provider(uri).name();
      out.println("Certifying " + StoreUri.mask(uri) + " (provider " + provider + ")");
      return launch();
    } finally {
      Thread.currentThread().setContextClassLoader(original);
    }
  }

  private int launch() throws IOException {
    LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
        .selectors(selectClass(UriTokenStoreTck.class))
        .configurationParameter(UriTokenStoreTck.URI_PARAMETER, uri)
        .build();
    Launcher launcher = LauncherFactory.create();
    RuleTable table = new RuleTable(out);
    List<TestExecutionListener> listeners = new ArrayList<>(List.of(table));
    if (reports != null) {
      Files.createDirectories(reports);
      listeners.add(new LegacyXmlReportGeneratingListener(reports, out));
    }
    launcher.execute(request, listeners.toArray(new TestExecutionListener[0]));
    out.println();
    out.println(table.passed + " passed, " + table.failed + " failed, " + table.skipped + " skipped");
    out.flush();
    return table.failed == 0 && table.passed > 0 ? 0 : 1;
  }

  private static URL[] urls(String classpath) {
    List<URL> urls = new ArrayList<>();
    for (String entry : classpath.split(File.pathSeparator)) {
      if (entry.isBlank()) {
        continue;
      }
      Path path = Path.of(entry);
      if (!Files.exists(path)) {
        throw new IllegalArgumentException("--classpath entry does not exist: " + entry);
      }
      try {
        urls.add(path.toUri().toURL());
      } catch (MalformedURLException e) {
        throw new IllegalArgumentException("--classpath entry is not a path: " + entry, e);
      }
    }
    return urls.toArray(new URL[0]);
  }

  /** Prints one line per rule as it ends, and counts outcomes. */
  private static final class RuleTable implements TestExecutionListener {
    private final PrintWriter out;
    int passed;
    int failed;
    int skipped;

    RuleTable(PrintWriter out) {
      this.out = out;
    }

    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
      if (test.isTest()) {
        skipped++;
        out.println("SKIP  " + test.getDisplayName() + "\n      " + reason);
      }
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
      if (!test.isTest()) {
        if (result.getStatus() == TestExecutionResult.Status.FAILED) {
          failed++;
          out.println("FAIL  " + test.getDisplayName() + ": " + message(result));
        }
        return;
      }
      switch (result.getStatus()) {
        case SUCCESSFUL:
          passed++;
          out.println("PASS  " + test.getDisplayName());
          break;
        case ABORTED:
          skipped++;
          out.println("SKIP  " + test.getDisplayName() + "\n      " + message(result));
          break;
        default:
          failed++;
          out.println("FAIL  " + test.getDisplayName() + "\n      " + message(result).replace("\n", "\n      "));
      }
      out.flush();
    }

    private static String message(TestExecutionResult result) {
      return result.getThrowable().map(t -> String.valueOf(t.getMessage())).orElse("");
    }
  }
}
