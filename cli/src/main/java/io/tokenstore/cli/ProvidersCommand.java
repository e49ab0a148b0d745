package io.tokenstore.cli;

import io.tokenstore.TokenStores;
import io.tokenstore.spi.TokenStoreProvider;
import java.security.CodeSource;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "providers", description = "List every provider found: its schemes, options and jar.",
    footer = {"", "Example:", "  tokenstore --plugins ./plugins providers"})
final class ProvidersCommand implements Callable<Integer> {
  private final TokenstoreCommand top;

  ProvidersCommand(TokenstoreCommand top) {
    this.top = top;
  }

  @Override
  public Integer call() {
    for (TokenStoreProvider p : TokenStores.providers()) {
      CodeSource source = p.getClass().getProtectionDomain().getCodeSource();
      top.out.println(p.name());
      top.out.println("  schemes: " + String.join(", ", new TreeSet<>(p.schemes().stream().map(s -> s + ":")
          .toList())));
      top.out.println("  options: " + (p.options().isEmpty() ? "none" : String.join(", ", new TreeSet<>(p.options()))));
      top.out.println("  from:    " + (source == null ? "the platform" : source.getLocation()));
    }
    return 0;
  }
}
