package io.tokenstore.cli;

import io.tokenstore.TokenStore;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

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
      TokenTable.print(top.out, store.getTokens(), format, top.clock.instant());
    }
    return 0;
  }
}
