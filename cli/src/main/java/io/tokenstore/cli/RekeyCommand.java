package io.tokenstore.cli;

import io.tokenstore.TokenStore;
import io.tokenstore.encryption.Keysets;
import io.tokenstore.spi.StoreUri;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Re-encrypts what older keys wrote, under the keyset's primary keys. */
@Command(name = "rekey", description = {"Re-encrypt every token older keys wrote under the keyset's primary keys.",
    "Safe to stop and run again; applications may keep running (see the README for the one limit)."},
    footer = {"", "Example:", "  tokenstore rekey 'sqlite:tokens.db?keyset=file:/etc/app/tokens-keyset.json'"})
final class RekeyCommand implements Callable<Integer> {
  private final TokenstoreCommand top;

  @Parameters(index = "0", paramLabel = "URI", description = "The encrypted store, with its keyset option")
  String uri;

  RekeyCommand(TokenstoreCommand top) {
    this.top = top;
  }

  @Override
  public Integer call() {
    try (TokenStore store = TokenstoreCommand.openExisting(uri)) {
      Progress progress = new Progress(top, store.getTokens().size());
      long rewritten = Keysets.rekey(store, seen -> progress.step());
      progress.done();
      top.out.println("rekeyed " + StoreUri.mask(uri) + ": " + rewritten + " token(s) re-encrypted under the "
          + "primary keys; keys older than the primary may now be removed from the keyset");
      return 0;
    }
  }
}
