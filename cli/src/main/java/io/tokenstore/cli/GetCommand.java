package io.tokenstore.cli;

import io.tokenstore.OAuthToken;
import io.tokenstore.TokenStore;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

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
      TokenTable.print(top.out, List.of(found.get()), format, top.clock.instant());
      return 0;
    }
  }
}
