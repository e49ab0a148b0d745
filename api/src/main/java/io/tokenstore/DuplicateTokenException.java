package io.tokenstore;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A save would have given a value that identifies a record (user name, access, refresh or grant token) to a
 * second record. The store is unchanged. The message names the field, never the value.
 */
public class DuplicateTokenException extends TokenStoreException {
  private static final long serialVersionUID = 1L;

  private final String field;

  /**
   * @param field the name of the field whose value is taken, as the accessor of {@link OAuthToken} names it
   *     ({@code "userName"}, {@code "accessToken"}, {@code "refreshToken"}, {@code "grantToken"})
   */
  public DuplicateTokenException(String field) {
    this(field, null);
  }

  /**
   * @param field the name of the field whose value is taken
   * @param cause the backend's exception, if the backend detected it
   */
  public DuplicateTokenException(String field, @Nullable Throwable cause) {
    super("another token already has this " + Objects.requireNonNull(field, "field"), cause);
    this.field = field;
  }

  /** The name of the field whose value another record already has, such as {@code "userName"}. */
  public String field() {
    return field;
  }
}
