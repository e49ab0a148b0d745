package io.tokenstore.cli;

import io.tokenstore.TokenStore;
import io.tokenstore.TokenStores;
import io.tokenstore.spi.StoreUri;
import io.tokenstore.spi.TokenStoreProvider;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The top command: global options, the plugin class loader, one-line errors. */
@Command(name = "tokenstore", mixinStandardHelpOptions = true, versionProvider = Version.class,
    description = "Inspect, migrate, certify and benchmark OAuth token stores.",
    subcommands = {ProvidersCommand.class, LsCommand.class, GetCommand.class, AccessTokenCommand.class, PutCommand.class, RmCommand.class, PurgeCommand.class,
        CopyCommand.class, KeysetCommand.class, RekeyCommand.class, TckCommand.class, BenchCommand.class, CommandLine.HelpCommand.class},
    footer = {"", "Examples:", "  tokenstore tck sqlite:tokens.db", "  tokenstore ls sqlite:tokens.db",
        "  tokenstore copy file:sdk_tokens.txt 'jdbc:postgresql://db/app?user=app&table=oauthtoken'",
        "  tokenstore --plugins ./plugins providers"})
final class TokenstoreCommand {
  @Option(names = "--plugins", paramLabel = "DIR", scope = ScopeType.INHERIT,
      description = "Load every jar in DIR: its providers are found like built-in ones.")
  Path plugins;

  @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Print stack traces of errors.")
  boolean verbose;

  final InputStream in;
  final Map<String, String> env;
  final Clock clock;
  final PrintWriter out;
  final PrintWriter err;

  TokenstoreCommand(InputStream in, Map<String, String> env, Clock clock, PrintWriter out, PrintWriter err) {
    this.in = in;
    this.env = env;
    this.clock = clock;
    this.out = out;
    this.err = err;
  }

  static CommandLine commandLine(TokenstoreCommand top) {
    PrintWriter out = top.out;
    PrintWriter err = top.err;
    CommandLine cli = new CommandLine(top, new CommandLine.IFactory() {
      @Override
      public <K> K create(Class<K> cls) throws Exception {
        try {
          return cls.getDeclaredConstructor(TokenstoreCommand.class).newInstance(top);
        } catch (NoSuchMethodException e) {
          return CommandLine.defaultFactory().create(cls);
        }
      }
    });
    cli.setOut(out);
    cli.setErr(err);
    // --help on every command, not only on the top one.
    cli.getSubcommands().values().forEach(sub -> sub.getCommandSpec().mixinStandardHelpOptions(true));
    cli.setExecutionStrategy(parsed -> {
      ClassLoader original = Thread.currentThread().getContextClassLoader();
      try (URLClassLoader loader = top.pluginLoader()) {
        Thread.currentThread().setContextClassLoader(loader);
        return new CommandLine.RunLast().execute(parsed);
      } catch (IOException e) {
        throw new CommandLine.ExecutionException(cli, "cannot load plugins: " + e.getMessage(), e);
      } finally {
        Thread.currentThread().setContextClassLoader(original);
      }
    });
    cli.setParameterExceptionHandler((e, args) -> {
      String message;
      if (e instanceof CommandLine.UnmatchedArgumentException) {
        // An extra word could be a secret typed in the wrong place: name options, never show values.
        message = ((CommandLine.UnmatchedArgumentException) e).getUnmatched().stream()
            .map(a -> a.startsWith("-") ? "unknown option " + a.split("=", 2)[0] : "an extra argument (not shown)")
            .distinct().collect(Collectors.joining(", "));
      } else {
        message = Messages.oneLine(e, List.of(args));
      }
      err.println("tokenstore: " + Messages.visible(message));
      err.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
      return 2;
    });
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
      Throwable shown = e instanceof CommandLine.ExecutionException && e.getCause() != null ? e.getCause() : e;
      err.println("tokenstore: " + Messages.oneLine(shown, parsed.originalArgs()));
      if (top.verbose) {
        shown.printStackTrace(err);
      }
      return shown instanceof IllegalArgumentException ? 2 : 1;
    });
    return cli;
  }

  /**
   * Opens a store that must exist already, for commands that only read it or delete from it: a mistyped path
   * must not become a new empty store. Providers that can create a store declare the option {@code create};
   * they get {@code create=false} unless the URI sets it.
   */
  static TokenStore openExisting(String uri) {
    TokenStoreProvider provider = TokenStores.provider(uri);
    if (provider.options().contains("create")
        && StoreUri.parse(uri, Map.of(), provider.schemes(), provider.options(), true).option("create").isEmpty()) {
      return TokenStores.open(uri, Map.of("create", "false"));
    }
    return TokenStores.open(uri);
  }

  /** The jars in the --plugins folder, sorted; none without the option. */
  List<Path> pluginJars() throws IOException {
    if (plugins == null) {
      return List.of();
    }
    if (!Files.isDirectory(plugins)) {
      throw new IllegalArgumentException("--plugins: not a folder: " + plugins);
    }
    try (Stream<Path> jars = Files.list(plugins)) {
      return jars.filter(p -> p.toString().endsWith(".jar")).sorted().collect(Collectors.toList());
    }
  }

  URLClassLoader pluginLoader() throws IOException {
    List<URL> urls = new ArrayList<>();
    for (Path jar : pluginJars()) {
      urls.add(toUrl(jar));
    }
    return new URLClassLoader(urls.toArray(new URL[0]), TokenstoreCommand.class.getClassLoader());
  }

  private static URL toUrl(Path jar) {
    try {
      return jar.toUri().toURL();
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException("--plugins: bad path " + jar + File.separator, e);
    }
  }
}
