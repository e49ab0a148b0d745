package io.tokenstore.cli;

import io.tokenstore.AccessTokens;
import io.tokenstore.OAuth2Refresher;
import io.tokenstore.OAuthToken;
import io.tokenstore.TokenStore;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "access-token",
    description = {"Print a valid access token of one user's token, refreshing it first through the token endpoint"
        + " if it expires within the minimum validity. The refresh is coordinated through the store with every"
        + " other process that refreshes through it (a lease on the record), and the new tokens are saved."},
    footer = {"", "Examples:",
        "  tokenstore access-token sqlite:tokens.db --user alice@example.com \\",
        "      --token-endpoint https://accounts.zoho.com/oauth/v2/token",
        "  curl -H \"Authorization: Zoho-oauthtoken $(tokenstore access-token ...)\" https://www.zohoapis.com/crm/v8/Leads"})
final class AccessTokenCommand implements Callable<Integer> {
  private final TokenstoreCommand top;

  @Parameters(paramLabel = "URI", description = "The store")
  String uri;

  @Option(names = "--user", required = true, description = "The token's user name.")
  String user;

  @Option(names = "--token-endpoint", required = true, paramLabel = "URL",
      description = "The OAuth token endpoint, such as https://accounts.zoho.com/oauth/v2/token.")
  URI endpoint;

  @Option(names = "--min-validity", paramLabel = "SECONDS", defaultValue = "60",
      description = "Refresh first if the stored access token expires within this many seconds (default 60).")
  long minValidity;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
      description = "How long the token endpoint may take to answer (default 30); the refresh lease lasts"
          + " twice that and the connect timeout, at least 60 s.")
  long timeout;

  AccessTokenCommand(TokenstoreCommand top) {
    this.top = top;
  }

  @Override
  public Integer call() {
    if (minValidity < 0) {
      throw new IllegalArgumentException("--min-validity must not be negative, was " + minValidity);
    }
    if (timeout <= 0 || timeout > 3600) {
      throw new IllegalArgumentException("--timeout must be between 1 and 3600 seconds, was " + timeout);
    }
    try (TokenStore store = TokenstoreCommand.openExisting(uri)) {
      OAuthToken probe = OAuthToken.builder().userName(user).build();
      Optional<OAuthToken> found = store.findToken(probe);
      if (found.isEmpty()) {
        top.err.println("tokenstore: no token with " + Messages.visible("user " + user));
        return 1;
      }
      OAuth2Refresher refresher = OAuth2Refresher.tokenEndpoint(endpoint)
          .requestTimeout(Duration.ofSeconds(timeout));
      // The lease outlives the slowest refresh: the connect timeout (10 s) and the request timeout, and then some.
      AccessTokens tokens = AccessTokens.builder(store, refresher).minValidity(Duration.ofSeconds(minValidity))
          .leaseTime(Duration.ofSeconds(Math.max(60, 2 * (10 + timeout)))).clock(top.clock).build();
      top.out.println(tokens.accessToken(probe));
      return 0;
    }
  }
}
