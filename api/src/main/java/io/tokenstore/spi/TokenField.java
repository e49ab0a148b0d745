package io.tokenstore.spi;

import io.tokenstore.OAuthToken;
import java.time.Instant;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The ten fields of an {@link OAuthToken}, in the Zoho SDKs' column order: the one table of their names, their
 * traits and their text form, for stores to loop over rather than name each field by hand.
 *
 * <p>{@link #ordinal()} is the Zoho column position ({@code id} is 0, {@code expiry_time} 7). {@link #property()}
 * is the accessor name, what exceptions name; {@link #column()} the Zoho column name, which the SQL, file, Redis
 * and Mongo stores use for their columns and fields (Mongo keeps the id in {@code _id}).
 *
 * <p>{@link #text(OAuthToken)} and {@link #set(OAuthToken.Builder, String)} read and write a field as text, and
 * are exact: every field but {@link #EXPIRY_TIME} is a string as it is; the expiry time is its epoch
 * milliseconds in decimal ({@link Long#toString(long)}), which is exact because {@link OAuthToken} keeps it to the
 * millisecond. That is the form the SQL, file and Redis stores write.
 *
 * <p>Uniqueness: {@link #unique()} is true for the values that the contract's UNIQUE-1 says identify at most one
 * record (user name, access, refresh and grant token). The {@link #ID} identifies one record too, but as the
 * record's primary key, not as a unique value: it names the record (the SQL primary key, Mongo's {@code _id},
 * the Redis record key, the file's id column), a save never takes it from another record (a save with an id
 * updates the record with that id) and {@link Tokens#checkUnique} does not look it up, so {@code unique()} is
 * false for it.
 *
 * <p>Immutable and thread-safe.
 */
public enum TokenField {
  /** The record id, the primary key: see the class comment on uniqueness. */
  ID("id", "id", OAuthToken::id, OAuthToken.Builder::id, Trait.NONE),
  /** The user name: unique. */
  USER_NAME("userName", "user_name", OAuthToken::userName, OAuthToken.Builder::userName, Trait.UNIQUE),
  /** The client id. */
  CLIENT_ID("clientId", "client_id", OAuthToken::clientId, OAuthToken.Builder::clientId, Trait.NONE),
  /** The client secret: a secret. */
  CLIENT_SECRET("clientSecret", "client_secret", OAuthToken::clientSecret, OAuthToken.Builder::clientSecret,
      Trait.SECRET),
  /** The refresh token: unique and a secret. */
  REFRESH_TOKEN("refreshToken", "refresh_token", OAuthToken::refreshToken, OAuthToken.Builder::refreshToken,
      Trait.UNIQUE_SECRET),
  /** The access token: unique and a secret. */
  ACCESS_TOKEN("accessToken", "access_token", OAuthToken::accessToken, OAuthToken.Builder::accessToken,
      Trait.UNIQUE_SECRET),
  /** The grant token: unique and a secret. */
  GRANT_TOKEN("grantToken", "grant_token", OAuthToken::grantToken, OAuthToken.Builder::grantToken,
      Trait.UNIQUE_SECRET),
  /** The expiry time; as text, its epoch milliseconds. */
  EXPIRY_TIME("expiryTime", "expiry_time", TokenField::epochMillis, TokenField::setEpochMillis, Trait.NONE),
  /** The redirect URL. */
  REDIRECT_URL("redirectUrl", "redirect_url", OAuthToken::redirectUrl, OAuthToken.Builder::redirectUrl,
      Trait.NONE),
  /** The API domain. */
  API_DOMAIN("apiDomain", "api_domain", OAuthToken::apiDomain, OAuthToken.Builder::apiDomain, Trait.NONE);

  private enum Trait {
    NONE(false, false), UNIQUE(true, false), SECRET(false, true), UNIQUE_SECRET(true, true);

    final boolean unique;
    final boolean secret;

    Trait(boolean unique, boolean secret) {
      this.unique = unique;
      this.secret = secret;
    }
  }

  private final String property;
  private final String column;
  private final Function<OAuthToken, @Nullable String> text;
  private final BiFunction<OAuthToken.Builder, @Nullable String, OAuthToken.Builder> set;
  private final boolean unique;
  private final boolean secret;

  TokenField(String property, String column, Function<OAuthToken, @Nullable String> text,
      BiFunction<OAuthToken.Builder, @Nullable String, OAuthToken.Builder> set, Trait trait) {
    this.property = property;
    this.column = column;
    this.text = text;
    this.set = set;
    this.unique = trait.unique;
    this.secret = trait.secret;
  }

  /** The accessor name in {@link OAuthToken}, such as {@code "userName"}; what exceptions name. */
  public String property() {
    return property;
  }

  /** The column name in the Zoho schema, such as {@code "user_name"}. */
  public String column() {
    return column;
  }

  /**
   * True for the values that identify at most one record of a store (UNIQUE-1): user name, access, refresh and
   * grant token. False for {@link #ID}, which is the primary key (see the class comment).
   */
  public boolean unique() {
    return unique;
  }

  /**
   * True for the secrets, which no message, log line or {@code toString} shows (ERR-3): client secret, access,
   * refresh and grant token.
   */
  public boolean secret() {
    return secret;
  }

  /**
   * Returns this field of a token as text: the value itself, or for {@link #EXPIRY_TIME} its epoch milliseconds
   * in decimal.
   *
   * @param token the token to read
   * @return the text, or null if the field is absent (never empty)
   */
  public @Nullable String text(OAuthToken token) {
    return text.apply(token);
  }

  /**
   * Sets this field on a builder from its text, the inverse of {@link #text(OAuthToken)}: for every field and
   * token, {@code set(builder, text(token))} sets the value {@code token} has.
   *
   * @param builder the builder
   * @param text the value, or for {@link #EXPIRY_TIME} epoch milliseconds in decimal as {@link Long#parseLong}
   *     reads them; null or empty means absent
   * @return the builder
   * @throws NumberFormatException if this is {@link #EXPIRY_TIME} and {@code text} is not a decimal long
   */
  public OAuthToken.Builder set(OAuthToken.Builder builder, @Nullable String text) {
    return set.apply(builder, text);
  }

  // Tokens.merge: whether the field is present, and the field copied with its type (no text round trip).
  boolean isIn(OAuthToken token) {
    return this == EXPIRY_TIME ? token.expiryTime() != null : text(token) != null;
  }

  OAuthToken.Builder copy(OAuthToken from, OAuthToken.Builder to) {
    return this == EXPIRY_TIME ? to.expiryTime(from.expiryTime()) : set(to, text(from));
  }

  private static @Nullable String epochMillis(OAuthToken token) {
    Instant expiry = token.expiryTime();
    return expiry == null ? null : Long.toString(expiry.toEpochMilli());
  }

  private static OAuthToken.Builder setEpochMillis(OAuthToken.Builder builder, @Nullable String text) {
    return builder.expiryTime(text == null || text.isEmpty() ? null : Instant.ofEpochMilli(Long.parseLong(text)));
  }
}
