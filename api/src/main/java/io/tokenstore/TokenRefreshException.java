package io.tokenstore;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A new access token could not be had: the OAuth server answered with an error, or the refresh budget of the
 * record is spent. The message names the record's id and the OAuth error code, never a token or secret.
 */
public class TokenRefreshException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final @Nullable String error;

  /**
   * @param message what failed; must not contain a secret
   * @param error the OAuth error code ({@code invalid_grant}, Zoho's {@code Access Denied}), or null
   * @param cause the cause, or null
   */
  public TokenRefreshException(String message, @Nullable String error, @Nullable Throwable cause) {
    super(message, cause);
    this.error = error;
  }

  /**
   * The OAuth error code the server answered with, if it answered with one.
   *
   * @return the code
   */
  public Optional<String> error() {
    return Optional.ofNullable(error);
  }
}
