package io.tokenstore.cli;

import io.tokenstore.TokenStore;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

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
