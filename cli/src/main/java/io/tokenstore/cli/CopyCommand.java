package io.tokenstore.cli;

import io.tokenstore.DuplicateTokenException;
import io.tokenstore.OAuthToken;
import io.tokenstore.TokenStore;
import io.tokenstore.TokenStores;
import io.tokenstore.spi.StoreUri;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * Copies every token, id included, from one store to another. Idempotent: a token the target already holds is
 * left alone. Reports what was added, updated and refused (with the reason), then checks the target.
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
    try (TokenStore source = TokenStores.open(from); TokenStore target = TokenStores.open(to)) {
      List<OAuthToken> tokens = source.getTokens();
      int added = 0;
      int updated = 0;
      int unchanged = 0;
      List<String> refused = new ArrayList<>();
      List<OAuthToken> copied = new ArrayList<>();
      Progress progress = new Progress(top, tokens.size());
      for (OAuthToken t : tokens) {
        progress.step();
        Optional<OAuthToken> existing = target.findTokenById(t.id());
        if (existing.isPresent() && covers(existing.get(), t)) {
          unchanged++;
          copied.add(t);
          continue;
        }
        try {
          target.saveToken(t);
          copied.add(t);
          if (existing.isPresent()) {
            updated++;
          } else {
            added++;
          }
        } catch (DuplicateTokenException e) {
          refused.add("token " + t.id() + " (" + t.userName() + "): another token in the target has its "
              + e.field());
        } catch (IllegalArgumentException e) {
          refused.add("token " + t.id() + ": " + e.getMessage());
        }
      }
      progress.done();
      top.out.println("copied " + StoreUri.mask(from) + " to " + StoreUri.mask(to) + ": " + added + " added, "
          + updated + " updated, " + unchanged + " unchanged, " + refused.size() + " refused");
      refused.forEach(r -> top.out.println("  refused " + r));
      int verified = 0;
      for (OAuthToken t : copied) {
        if (target.findTokenById(t.id()).map(found -> covers(found, t)).orElse(false)) {
          verified++;
        }
      }
      top.out.println("verified: " + verified + " of " + copied.size() + " copied tokens are in the target as in "
          + "the source (" + tokens.size() + " in the source)");
      return refused.isEmpty() && verified == copied.size() ? 0 : 1;
    }
  }

  /** True if {@code target} has every field {@code source} has, with the same value (a merge would change nothing). */
  static boolean covers(OAuthToken target, OAuthToken source) {
    return same(source.userName(), target.userName()) && same(source.clientId(), target.clientId())
        && same(source.clientSecret(), target.clientSecret()) && same(source.refreshToken(), target.refreshToken())
        && same(source.accessToken(), target.accessToken()) && same(source.grantToken(), target.grantToken())
        && (source.expiryTime() == null || source.expiryTime().equals(target.expiryTime()))
        && same(source.redirectUrl(), target.redirectUrl()) && same(source.apiDomain(), target.apiDomain());
  }

  private static boolean same(String source, String target) {
    return source == null || Objects.equals(source, target);
  }

  /** A progress bar on standard error for runs long enough to want one. */
  private static final class Progress {
    private static final int SHOW_FROM = 500;
    private final TokenstoreCommand top;
    private final int total;
    private int done;
    private int shownPercent = -1;

    Progress(TokenstoreCommand top, int total) {
      this.top = top;
      this.total = total;
    }

    void step() {
      done++;
      if (total < SHOW_FROM) {
        return;
      }
      int percent = (int) (100L * done / total);
      if (percent != shownPercent) {
        shownPercent = percent;
        int bar = percent / 4;
        top.err.print("\r[" + "#".repeat(bar) + " ".repeat(25 - bar) + "] " + done + "/" + total);
        top.err.flush();
      }
    }

    void done() {
      if (total >= SHOW_FROM) {
        top.err.println();
      }
    }
  }
}
