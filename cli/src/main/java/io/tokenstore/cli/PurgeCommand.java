package io.tokenstore.cli;

import io.tokenstore.TokenStore;
import io.tokenstore.spi.StoreUri;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "purge", description = "Delete every token of a store (of its namespace only). Asks first.",
    footer = {"", "Example:", "  tokenstore purge --yes 'redis://127.0.0.1:6379?prefix=staging:'"})
final class PurgeCommand implements Callable<Integer> {
  private final TokenstoreCommand top;

  @Parameters(paramLabel = "URI", description = "The store")
  String uri;

  @Option(names = "--yes", description = "Do not ask.")
  boolean yes;

  PurgeCommand(TokenstoreCommand top) {
    this.top = top;
  }

  @Override
  public Integer call() throws IOException {
    try (TokenStore store = TokenstoreCommand.openExisting(uri)) {
      int count = store.getTokens().size();
      if (!yes) {
        top.out.print("Delete all " + count + " tokens of " + StoreUri.mask(uri) + "? [y/N] ");
        top.out.flush();
        String answer = new BufferedReader(new InputStreamReader(top.in, StandardCharsets.UTF_8)).readLine();
        if (answer == null || !answer.trim().toLowerCase(Locale.ROOT).startsWith("y")) {
          top.err.println("tokenstore: nothing deleted");
          return 1;
        }
      }
      store.deleteTokens();
      top.out.println("deleted " + count + (count == 1 ? " token" : " tokens"));
      return 0;
    }
  }
}
