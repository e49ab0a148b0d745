package io.tokenstore;

import org.jspecify.annotations.Nullable;

/**
 * A store's backend failed: it could not be reached, refused an operation or returned something unreadable.
 * The message names the operation and the store (credentials masked), never a secret; the cause is kept.
 */
public class TokenStoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what failed; must not contain a secret
   */
  public TokenStoreException(String message) {
    super(message);
  }

  /**
   * @param message what failed; must not contain a secret
   * @param cause the backend's exception
   */
  public TokenStoreException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
