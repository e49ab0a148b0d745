package io.tokenstore.cli;

import io.tokenstore.encryption.Keysets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Makes and rotates the keysets that the option {@code keyset} encrypts stores with. */
@Command(name = "keyset", description = {"Create or rotate a keyset for encrypted stores (the option keyset).",
    "Keep the keyset file away from the store's backups: the two together are the tokens in plaintext."},
    footer = {"", "Examples:", "  tokenstore keyset create /etc/app/tokens-keyset.json",
        "  tokenstore copy sqlite:tokens.db 'sqlite:secure.db?keyset=file:/etc/app/tokens-keyset.json'",
        "  tokenstore keyset rotate /etc/app/tokens-keyset.json",
        "  tokenstore rekey 'sqlite:secure.db?keyset=file:/etc/app/tokens-keyset.json'"})
final class KeysetCommand implements Callable<Integer> {
  private final TokenstoreCommand top;

  @Spec
  CommandSpec spec;

  KeysetCommand(TokenstoreCommand top) {
    this.top = top;
  }

  /** Without a subcommand: say which there are. */
  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "keyset needs a subcommand: create PATH or rotate PATH");
  }

  @Command(name = "create", description = "Write a new keyset to a file that does not exist yet, readable by "
      + "its owner only.")
  int create(@Parameters(paramLabel = "PATH", description = "The keyset file to create") Path file) {
    Keysets.create(file);
    top.out.println("created keyset " + file + " (owner read and write only); open stores with ?keyset=file:"
        + file);
    return 0;
  }

  @Command(name = "rotate", description = {"Add new keys to a keyset and make them primary.",
      "Stores opened with it afterwards write under the new keys and still read the old ones; run tokenstore "
          + "rekey, then the old keys can be removed."})
  int rotate(@Parameters(paramLabel = "PATH", description = "The keyset file") Path file) {
    Keysets.rotate(file);
    top.out.println("rotated keyset " + file + ": new writes use the new primary keys; run tokenstore rekey on "
        + "each store to re-encrypt what older keys wrote");
    return 0;
  }
}
