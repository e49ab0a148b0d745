package io.tokenstore.cli;

import io.tokenstore.DuplicateTokenException;
import io.tokenstore.OAuthToken;
import io.tokenstore.TokenStore;
import io.tokenstore.TokenStores;
import io.tokenstore.spi.MatchKey;
import io.tokenstore.spi.StoreUri;
import io.tokenstore.spi.TokenField;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * Copies every token, id included, from one store to another. Idempotent: a token the target already holds is
 * left alone. A token without an id is found in the target by its match key, and added with a new id. Reports
 * what was added, updated and refused (with the reason), then checks the target. A token that cannot be copied is
 * refused with its reason; it never stops the copy of the others.
 */
@Command(name = "copy", description = {"Copy every token, with its id, from one store to another.",
    "Running it again changes nothing. Reports added, updated, unchanged and refused tokens, then verifies."},
    footer = {"", "Examples:", "  tokenstore copy file:sdk_tokens.txt sqlite:tokens.db",
        "  tokenstore copy sqlite:zohooauth.db 'redis://127.0.0.1:6379?prefix=app:'"})
final class CopyCommand implements Callable<Integer> {
  private final TokenstoreCommand top;

  @Parameters(index = "0", paramLabel = "FROM_URI", description = "The store to copy from")
  String from;

  @Parameters(index = "1", paramLabel = "TO_URI", description = "The store to copy to")
  String to;

  CopyCommand(TokenstoreCommand top) {
    this.top = top;
  }

  @Override
  public Integer call() {
    try (TokenStore source = TokenstoreCommand.openExisting(from); TokenStore target = TokenStores.open(to)) {
      List<OAuthToken> tokens = source.getTokens();
      int added = 0;
      int updated = 0;
      int unchanged = 0;
      List<String> refused = new ArrayList<>();
      List<String> notes = new ArrayList<>();
      // Each copied source token with the id it has in the target.
      List<Map.Entry<OAuthToken, String>> copied = new ArrayList<>();
      Progress progress = new Progress(top, tokens.size());
      for (OAuthToken t : tokens) {
        progress.step();
        // One token that cannot be copied is refused with its reason; the others are still copied.
        try {
          if (t.id() == null && MatchKey.of(t).isEmpty()) {
            refused.add(describe(t) + ": it has no id and nothing else to find it by in the target, so copying it "
                + "again would add it again");
            continue;
          }
          // A token without an id (an empty id in a Zoho file) is found by its match key and gets a new id.
          Optional<OAuthToken> existing = t.id() != null ? target.findTokenById(t.id()) : target.findToken(t);
          if (existing.isPresent() && covers(existing.get(), t)) {
            unchanged++;
            copied.add(Map.entry(t, existing.get().id()));
            continue;
          }
          OAuthToken saved = target.saveToken(t);
          copied.add(Map.entry(t, saved.id()));
          if (existing.isPresent()) {
            updated++;
          } else {
            added++;
            if (t.id() == null) {
              notes.add(describe(t) + " has id " + Messages.visible(String.valueOf(saved.id())) + " in the target");
            }
          }
        } catch (DuplicateTokenException e) {
          refused.add(describe(t) + ": another token in the target has its " + e.field());
        } catch (RuntimeException e) {
          refused.add(describe(t) + ": " + Messages.oneLine(e, List.of(from, to)));
        }
      }
      progress.done();
      top.out.println("copied " + StoreUri.mask(from) + " to " + StoreUri.mask(to) + ": " + added + " added, "
          + updated + " updated, " + unchanged + " unchanged, " + refused.size() + " refused");
      notes.forEach(n -> top.out.println("  " + n));
      refused.forEach(r -> top.out.println("  refused " + r));
      int verified = 0;
      for (Map.Entry<OAuthToken, String> c : copied) {
        try {
          if (target.findTokenById(c.getValue()).map(found -> covers(found, c.getKey())).orElse(false)) {
            verified++;
          }
        } catch (RuntimeException e) {
          top.out.println("  cannot verify " + describe(c.getKey()) + ": " + Messages.oneLine(e, List.of(from, to)));
        }
      }
      top.out.println("verified: " + verified + " of " + copied.size() + " copied tokens are in the target as in "
          + "the source (" + tokens.size() + " in the source)");
      return refused.isEmpty() && verified == copied.size() ? 0 : 1;
    }
  }

  /** "token 3 (alice@example.com)", for reports: the id and user name only, never a secret. */
  private static String describe(OAuthToken t) {
    return "token " + (t.id() == null ? "without id" : Messages.visible(t.id()))
        + (t.userName() == null ? "" : " (" + Messages.visible(t.userName()) + ")");
  }

  /** True if {@code target} has every field {@code source} has, with the same value (a merge would change nothing). */
  static boolean covers(OAuthToken target, OAuthToken source) {
    // Every field but the id (the target's may differ); the text compares expiry times to the millisecond, exactly.
    for (TokenField f : TokenField.values()) {
      String value = f.text(source);
      if (f != TokenField.ID && value != null && !value.equals(f.text(target))) {
        return false;
      }
    }
    return true;
  }
}
