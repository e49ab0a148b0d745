package io.tokenstore.cli;

import io.tokenstore.OAuthToken;
import io.tokenstore.TokenStore;
import io.tokenstore.TokenStores;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Seeds or fixes one token: the grant or refresh token made in Zoho's API console must be stored once. Secrets
 * come from standard input or an environment variable, never from arguments, which show in {@code ps} and in
 * shell history.
 */
@Command(name = "put", description = {"Save one token (merged into the stored record it matches, as every save is).",
    "Secrets are read from standard input (one line each, in the order client secret, refresh token, access "
        + "token, grant token; without echo on a terminal) or from an environment variable, never from arguments."},
    footer = {"", "Examples:",
        "  tokenstore put sqlite:tokens.db --user alice@example.com \\",
        "      --client-id 1000.ABC --client-secret-env ZOHO_CLIENT_SECRET \\",
        "      --grant-token-stdin --redirect-url https://app.example/cb",
        "  printf '%%s\\n' \"$REFRESH\" | tokenstore put file:sdk_tokens.txt \\",
        "      --user alice@example.com --refresh-token-stdin"})
final class PutCommand implements java.util.concurrent.Callable<Integer> {
  private final TokenstoreCommand top;

  @Parameters(paramLabel = "URI", description = "The store (created if missing)")
  String uri;

  @Option(names = "--id", description = "The token's id (to fix a record by id; new records get one).")
  @Nullable String id;

  @Option(names = "--user", paramLabel = "NAME", description = "The user name.")
  @Nullable String user;

  @Option(names = "--client-id", paramLabel = "ID", description = "The OAuth client id.")
  @Nullable String clientId;

  @Option(names = "--redirect-url", paramLabel = "URL", description = "The redirect URL.")
  @Nullable String redirectUrl;

  @Option(names = "--api-domain", paramLabel = "URL", description = "The API domain, such as https://www.zohoapis.eu.")
  @Nullable String apiDomain;

  @Option(names = "--expiry-time", paramLabel = "INSTANT",
      description = "When the access token expires, ISO-8601 (2026-12-06T10:15:30Z).")
  @Nullable String expiryTime;

  @ArgGroup(exclusive = true)
  @Nullable Secret clientSecret;

  @ArgGroup(exclusive = true)
  @Nullable RefreshToken refreshToken;

  @ArgGroup(exclusive = true)
  @Nullable AccessToken accessToken;

  @ArgGroup(exclusive = true)
  @Nullable GrantToken grantToken;

  // Taken only to refuse them with the right advice: picocli would echo an unknown option's value.
  @Option(names = {"--client-secret", "--refresh-token", "--access-token", "--grant-token"}, hidden = true,
      paramLabel = "VALUE")
  @Nullable List<String> secretArguments;

  @Option(names = "--json", description = "Print the stored token as JSON (masked).")
  boolean json;

  PutCommand(TokenstoreCommand top) {
    this.top = top;
  }

  /** Where one secret comes from: standard input or an environment variable. */
  abstract static class Source {
    abstract boolean stdin();

    abstract @Nullable String env();
  }

  static final class Secret extends Source {
    @Option(names = "--client-secret-stdin", required = true, description = "Read the client secret from standard input.")
    boolean stdin;

    @Option(names = "--client-secret-env", required = true, paramLabel = "VAR",
        description = "Take the client secret from the environment variable VAR.")
    @Nullable String env;

    @Override
    boolean stdin() {
      return stdin;
    }

    @Override
    @Nullable String env() {
      return env;
    }
  }

  static final class RefreshToken extends Source {
    @Option(names = "--refresh-token-stdin", required = true, description = "Read the refresh token from standard input.")
    boolean stdin;

    @Option(names = "--refresh-token-env", required = true, paramLabel = "VAR",
        description = "Take the refresh token from the environment variable VAR.")
    @Nullable String env;

    @Override
    boolean stdin() {
      return stdin;
    }

    @Override
    @Nullable String env() {
      return env;
    }
  }

  static final class AccessToken extends Source {
    @Option(names = "--access-token-stdin", required = true, description = "Read the access token from standard input.")
    boolean stdin;

    @Option(names = "--access-token-env", required = true, paramLabel = "VAR",
        description = "Take the access token from the environment variable VAR.")
    @Nullable String env;

    @Override
    boolean stdin() {
      return stdin;
    }

    @Override
    @Nullable String env() {
      return env;
    }
  }

  static final class GrantToken extends Source {
    @Option(names = "--grant-token-stdin", required = true, description = "Read the grant token from standard input.")
    boolean stdin;

    @Option(names = "--grant-token-env", required = true, paramLabel = "VAR",
        description = "Take the grant token from the environment variable VAR.")
    @Nullable String env;

    @Override
    boolean stdin() {
      return stdin;
    }

    @Override
    @Nullable String env() {
      return env;
    }
  }

  @Override
  public Integer call() throws IOException {
    if (secretArguments != null) {
      throw new IllegalArgumentException("secrets are not taken as arguments (they would show in ps and in shell "
          + "history): use --client-secret-stdin, --refresh-token-stdin, --access-token-stdin, "
          + "--grant-token-stdin, or the -env VAR form of each");
    }
    OAuthToken.Builder b = OAuthToken.builder().id(id).userName(user).clientId(clientId).redirectUrl(redirectUrl)
        .apiDomain(apiDomain).expiryTime(expiry());
    // One reader for every secret read from standard input, in the documented order.
    Lines lines = new Lines();
    read("client secret", "--client-secret", clientSecret, lines, b::clientSecret);
    read("refresh token", "--refresh-token", refreshToken, lines, b::refreshToken);
    read("access token", "--access-token", accessToken, lines, b::accessToken);
    read("grant token", "--grant-token", grantToken, lines, b::grantToken);
    OAuthToken token = b.build();
    try (TokenStore store = TokenStores.open(uri)) {
      OAuthToken saved = store.saveToken(token);
      TokenTable.Format masked = new TokenTable.Format();
      masked.json = json;
      TokenTable.print(top.out, List.of(saved), masked, top.clock.instant());
    }
    return 0;
  }

  private @Nullable Instant expiry() {
    if (expiryTime == null) {
      return null;
    }
    try {
      return Instant.parse(expiryTime);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("--expiry-time: not an ISO-8601 instant such as 2026-12-06T10:15:30Z: "
          + Messages.visible(expiryTime));
    }
  }

  private void read(String what, String option, @Nullable Source source, Lines lines, Consumer<String> set)
      throws IOException {
    if (source == null) {
      return;
    }
    String value;
    if (source.stdin()) {
      value = lines.next(what, option + "-stdin");
    } else {
      String name = Objects.requireNonNull(source.env(), "a source is stdin or a variable");
      value = top.env.get(name);
      if (value == null || value.isEmpty()) {
        throw new IllegalArgumentException(option + "-env: the environment variable " + Messages.visible(name)
            + " is not set or is empty");
      }
    }
    set.accept(value);
  }

  /** Standard input, line by line; a terminal is asked without echo. */
  private final class Lines {
    private @Nullable BufferedReader reader;

    String next(String what, String option) throws IOException {
      Console console = top.in == System.in ? System.console() : null;
      if (console != null) {
        char[] typed = console.readPassword("%s: ", what);
        return nonEmpty(typed == null ? null : new String(typed), option);
      }
      if (reader == null) {
        reader = new BufferedReader(new InputStreamReader(top.in, StandardCharsets.UTF_8));
      }
      return nonEmpty(reader.readLine(), option);
    }

    private String nonEmpty(@Nullable String line, String option) {
      if (line == null) {
        throw new IllegalArgumentException(option + ": standard input ended before this secret's line");
      }
      if (line.isEmpty()) {
        throw new IllegalArgumentException(option + ": standard input gave an empty line");
      }
      return line;
    }
  }
}
