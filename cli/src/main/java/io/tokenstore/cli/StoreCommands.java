package io.tokenstore.cli;

import io.tokenstore.OAuthToken;
import io.tokenstore.TokenStore;
import io.tokenstore.TokenStores;
import io.tokenstore.spi.StoreUri;
import io.tokenstore.spi.TokenStoreProvider;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.CodeSource;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

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

@Command(name = "ls", description = "List the tokens of a store; secrets are masked.",
    footer = {"", "Examples:", "  tokenstore ls sqlite:tokens.db", "  tokenstore ls --json file:sdk_tokens.txt"})
final class LsCommand implements Callable<Integer> {
  private final TokenstoreCommand top;

  @Parameters(paramLabel = "URI", description = "The store, such as sqlite:tokens.db")
  String uri;

  @Mixin
  TokenTable.Format format;

  LsCommand(TokenstoreCommand top) {
    this.top = top;
  }

  @Override
  public Integer call() {
    try (TokenStore store = TokenstoreCommand.openExisting(uri)) {
      TokenTable.print(top.out, store.getTokens(), format);
    }
    return 0;
  }
}

@Command(name = "get", description = "Show one token, by id or by user name.",
    footer = {"", "Examples:", "  tokenstore get sqlite:tokens.db --id 3",
        "  tokenstore get sqlite:tokens.db --user alice@example.com --json"})
final class GetCommand implements Callable<Integer> {
  private final TokenstoreCommand top;

  @Parameters(paramLabel = "URI", description = "The store")
  String uri;

  @ArgGroup(multiplicity = "1")
  Key key;

  static final class Key {
    @Option(names = "--id", required = true, description = "The token's id.")
    String id;

    @Option(names = "--user", required = true, description = "The token's user name.")
    String user;
  }

  @Mixin
  TokenTable.Format format;

  GetCommand(TokenstoreCommand top) {
    this.top = top;
  }

  @Override
  public Integer call() {
    try (TokenStore store = TokenstoreCommand.openExisting(uri)) {
      Optional<OAuthToken> found = key.id != null ? store.findTokenById(key.id)
          : store.findToken(OAuthToken.builder().userName(key.user).build());
      if (found.isEmpty()) {
        top.err.println("tokenstore: no token with "
            + Messages.visible(key.id != null ? "id " + key.id : "user " + key.user));
        return 1;
      }
      TokenTable.print(top.out, List.of(found.get()), format);
      return 0;
    }
  }
}

@Command(name = "rm", description = "Delete one token by id.", footer = {"", "Example:", "  tokenstore rm sqlite:tokens.db 3"})
final class RmCommand implements Callable<Integer> {
  private final TokenstoreCommand top;

  @Parameters(index = "0", paramLabel = "URI", description = "The store")
  String uri;

  @Parameters(index = "1", paramLabel = "ID", description = "The token's id")
  String id;

  RmCommand(TokenstoreCommand top) {
    this.top = top;
  }

  @Override
  public Integer call() {
    try (TokenStore store = TokenstoreCommand.openExisting(uri)) {
      if (store.deleteToken(id)) {
        top.out.println("deleted token " + Messages.visible(id));
        return 0;
      }
      top.err.println("tokenstore: no token with id " + Messages.visible(id));
      return 1;
    }
  }
}

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
        String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
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
