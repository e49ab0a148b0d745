package io.tokenstore.spi;

import io.tokenstore.OAuthToken;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A field and a value that identify at most one record: what {@code findToken} and {@code saveToken} look a
 * record up by. {@link #of(OAuthToken)} is the match-key rule of the contract; every store uses it rather than a
 * copy of it.
 *
 * <p>Immutable. {@link #toString()} names the field, never the value.
 *
 * @param field the field to match
 * @param value the exact value, compared case-sensitively
 */
public record MatchKey(Field field, String value) {

  /**
   * The fields a record can be found by: the {@linkplain TokenField#unique() unique} fields of {@link TokenField},
   * and {@link #ID}. All but {@link #ID} are also unique within a store. Each is its {@link #tokenField()}, whose
   * names it gives.
   */
  public enum Field {
    /** The record id. */
    ID(TokenField.ID),
    /** The user name. */
    USER_NAME(TokenField.USER_NAME),
    /** The access token. */
    ACCESS_TOKEN(TokenField.ACCESS_TOKEN),
    /** The refresh token. */
    REFRESH_TOKEN(TokenField.REFRESH_TOKEN),
    /** The grant token. */
    GRANT_TOKEN(TokenField.GRANT_TOKEN);

    private final TokenField tokenField;

    Field(TokenField tokenField) {
      this.tokenField = tokenField;
    }

    /** The token field this is, such as {@link TokenField#USER_NAME}. */
    public TokenField tokenField() {
      return tokenField;
    }

    /** The accessor name in {@link OAuthToken}, such as {@code "userName"}; what exceptions name. */
    public String property() {
      return tokenField.property();
    }

    /** The column name in the Zoho schema, such as {@code "user_name"}. */
    public String column() {
      return tokenField.column();
    }

    /**
     * Returns this field's value in a token.
     *
     * @param token the token to read
     * @return the value, or null if absent
     */
    public @Nullable String of(OAuthToken token) {
      return tokenField.text(token);
    }
  }

  /**
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code value} is empty
   */
  public MatchKey {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(value, "value");
    if (value.isEmpty()) {
      throw new IllegalArgumentException("value must not be empty");
    }
  }

  /**
   * The match key of a token, the first that applies, with no fallback:
   * <ol>
   *   <li>the id, if present;</li>
   *   <li>else the user name, if present;</li>
   *   <li>else the access token, if present and client id and client secret are both absent;</li>
   *   <li>else, if client id and client secret are both present: the grant token if present, else the refresh
   *       token;</li>
   *   <li>else none.</li>
   * </ol>
   *
   * @param token the token or probe
   * @return its match key, or empty if it has none
   */
  public static Optional<MatchKey> of(OAuthToken token) {
    Objects.requireNonNull(token, "token");
    if (token.id() != null) {
      return Optional.of(new MatchKey(Field.ID, token.id()));
    }
    if (token.userName() != null) {
      return Optional.of(new MatchKey(Field.USER_NAME, token.userName()));
    }
    boolean hasClientId = token.clientId() != null;
    boolean hasClientSecret = token.clientSecret() != null;
    if (token.accessToken() != null && !hasClientId && !hasClientSecret) {
      return Optional.of(new MatchKey(Field.ACCESS_TOKEN, token.accessToken()));
    }
    if (hasClientId && hasClientSecret) {
      if (token.grantToken() != null) {
        return Optional.of(new MatchKey(Field.GRANT_TOKEN, token.grantToken()));
      }
      if (token.refreshToken() != null) {
        return Optional.of(new MatchKey(Field.REFRESH_TOKEN, token.refreshToken()));
      }
    }
    return Optional.empty();
  }

  /**
   * The key of the record with this id.
   *
   * @param id the id
   * @return the key
   */
  public static MatchKey id(String id) {
    return new MatchKey(Field.ID, id);
  }

  /**
   * Tells whether a record has this key's value in this key's field, exactly.
   *
   * @param record the record
   * @return true if it matches
   */
  public boolean matches(OAuthToken record) {
    return value.equals(field.of(record));
  }

  /** Names the field, never the value, which may be a secret. */
  @Override
  public String toString() {
    return "MatchKey[" + field.property() + "]";
  }
}
