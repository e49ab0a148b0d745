package io.tokenstore;

import io.tokenstore.internal.EncryptedValues;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An OAuth token record as the Zoho SDKs keep it: who it belongs to, the client it was issued to, the grant,
 * refresh and access tokens, and when the access token expires.
 *
 * <p>Immutable and thread-safe. Every field is optional: an empty string is normalized to absent ({@code null}),
 * and a value containing U+0000 or an unpaired UTF-16 surrogate is rejected, because backends cannot store
 * either (a lone surrogate has no UTF-8 form and comes back as {@code ?}). Surrogate pairs, the characters beyond
 * the Basic Multilingual Plane such as emoji, are kept exactly. {@link #expiryTime()} is kept to the
 * millisecond, as every backend stores it.
 *
 * <p>{@link #toString()} shows the id, the user name and which secrets are present, never a secret's value.
 */
public final class OAuthToken {
  private final @Nullable String id;
  private final @Nullable String userName;
  private final @Nullable String clientId;
  private final @Nullable String clientSecret;
  private final @Nullable String refreshToken;
  private final @Nullable String accessToken;
  private final @Nullable String grantToken;
  private final @Nullable Instant expiryTime;
  private final @Nullable String redirectUrl;
  private final @Nullable String apiDomain;
  // Whether a secret carries tokenstore-encryption's mark: worked out once here, as every value is checked here
  // anyway, because every find of a store opened without the keyset asks (EncryptedValues.holdsEncrypted).
  private final boolean encryptedMark;

  static {
    EncryptedValues.readMarkWith(t -> t.encryptedMark);
  }

  private OAuthToken(Builder b) {
    this.id = clean("id", b.id);
    this.userName = clean("userName", b.userName);
    this.clientId = clean("clientId", b.clientId);
    this.clientSecret = clean("clientSecret", b.clientSecret);
    this.refreshToken = clean("refreshToken", b.refreshToken);
    this.accessToken = clean("accessToken", b.accessToken);
    this.grantToken = clean("grantToken", b.grantToken);
    this.expiryTime = b.expiryTime == null ? null : b.expiryTime.truncatedTo(ChronoUnit.MILLIS);
    this.redirectUrl = clean("redirectUrl", b.redirectUrl);
    this.apiDomain = clean("apiDomain", b.apiDomain);
    this.encryptedMark = EncryptedValues.isEncrypted(accessToken) || EncryptedValues.isEncrypted(refreshToken)
        || EncryptedValues.isEncrypted(grantToken) || EncryptedValues.isEncrypted(clientSecret);
  }

  private static @Nullable String clean(String field, @Nullable String value) {
    if (value == null || value.isEmpty()) {
      return null;
    }
    if (value.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(field + " must not contain U+0000 (NUL)");
    }
    if (hasUnpairedSurrogate(value)) {
      throw new IllegalArgumentException(field + " must not contain an unpaired UTF-16 surrogate "
          + "(U+D800 to U+DFFF without its partner)");
    }
    return value;
  }

  // A lone surrogate has no UTF-8 form: backends store it as '?', so two different values would become one key.
  private static boolean hasUnpairedSurrogate(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return true;
      }
    }
    return false;
  }

  /** Returns a builder with every field absent. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a builder holding this token's fields, to derive a changed copy. */
  public Builder toBuilder() {
    return new Builder()
        .id(id)
        .userName(userName)
        .clientId(clientId)
        .clientSecret(clientSecret)
        .refreshToken(refreshToken)
        .accessToken(accessToken)
        .grantToken(grantToken)
        .expiryTime(expiryTime)
        .redirectUrl(redirectUrl)
        .apiDomain(apiDomain);
  }

  /** The store's id of this record, or null before it is stored. */
  public @Nullable String id() {
    return id;
  }

  /** The user this token belongs to (the Zoho "user signature", usually an e-mail address). */
  public @Nullable String userName() {
    return userName;
  }

  /** The OAuth client id. */
  public @Nullable String clientId() {
    return clientId;
  }

  /** The OAuth client secret: a secret, never shown by {@code toString}. */
  public @Nullable String clientSecret() {
    return clientSecret;
  }

  /** The refresh token: a secret. */
  public @Nullable String refreshToken() {
    return refreshToken;
  }

  /** The access token: a secret. */
  public @Nullable String accessToken() {
    return accessToken;
  }

  /** The grant token (authorization code): a secret. */
  public @Nullable String grantToken() {
    return grantToken;
  }

  /** When the access token expires, to the millisecond. */
  public @Nullable Instant expiryTime() {
    return expiryTime;
  }

  /** The redirect URL registered for the client. */
  public @Nullable String redirectUrl() {
    return redirectUrl;
  }

  /** The API domain the tokens are valid for, such as {@code https://www.zohoapis.com}. */
  public @Nullable String apiDomain() {
    return apiDomain;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof OAuthToken)) {
      return false;
    }
    OAuthToken t = (OAuthToken) o;
    return Objects.equals(id, t.id)
        && Objects.equals(userName, t.userName)
        && Objects.equals(clientId, t.clientId)
        && Objects.equals(clientSecret, t.clientSecret)
        && Objects.equals(refreshToken, t.refreshToken)
        && Objects.equals(accessToken, t.accessToken)
        && Objects.equals(grantToken, t.grantToken)
        && Objects.equals(expiryTime, t.expiryTime)
        && Objects.equals(redirectUrl, t.redirectUrl)
        && Objects.equals(apiDomain, t.apiDomain);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, userName, clientId, clientSecret, refreshToken, accessToken, grantToken,
        expiryTime, redirectUrl, apiDomain);
  }

  /** Shows the id, the user name, the client id and which secrets are present; never a secret's value. */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("OAuthToken{id=").append(id)
        .append(", userName=").append(userName)
        .append(", clientId=").append(clientId);
    present(s, "clientSecret", clientSecret);
    present(s, "refreshToken", refreshToken);
    present(s, "accessToken", accessToken);
    present(s, "grantToken", grantToken);
    if (expiryTime != null) {
      s.append(", expiryTime=").append(expiryTime);
    }
    if (redirectUrl != null) {
      s.append(", redirectUrl=").append(redirectUrl);
    }
    if (apiDomain != null) {
      s.append(", apiDomain=").append(apiDomain);
    }
    return s.append('}').toString();
  }

  private static void present(StringBuilder s, String name, @Nullable String secret) {
    if (secret != null) {
      s.append(", ").append(name).append("=****");
    }
  }

  /**
   * Builds an {@link OAuthToken}. Not thread-safe; {@link #build()} may be called more than once.
   */
  public static final class Builder {
    private @Nullable String id;
    private @Nullable String userName;
    private @Nullable String clientId;
    private @Nullable String clientSecret;
    private @Nullable String refreshToken;
    private @Nullable String accessToken;
    private @Nullable String grantToken;
    private @Nullable Instant expiryTime;
    private @Nullable String redirectUrl;
    private @Nullable String apiDomain;

    private Builder() {}

    /** Sets the id; null or empty means absent. */
    public Builder id(@Nullable String id) {
      this.id = id;
      return this;
    }

    /** Sets the user name; null or empty means absent. */
    public Builder userName(@Nullable String userName) {
      this.userName = userName;
      return this;
    }

    /** Sets the client id; null or empty means absent. */
    public Builder clientId(@Nullable String clientId) {
      this.clientId = clientId;
      return this;
    }

    /** Sets the client secret; null or empty means absent. */
    public Builder clientSecret(@Nullable String clientSecret) {
      this.clientSecret = clientSecret;
      return this;
    }

    /** Sets the refresh token; null or empty means absent. */
    public Builder refreshToken(@Nullable String refreshToken) {
      this.refreshToken = refreshToken;
      return this;
    }

    /** Sets the access token; null or empty means absent. */
    public Builder accessToken(@Nullable String accessToken) {
      this.accessToken = accessToken;
      return this;
    }

    /** Sets the grant token; null or empty means absent. */
    public Builder grantToken(@Nullable String grantToken) {
      this.grantToken = grantToken;
      return this;
    }

    /** Sets the expiry time; it is truncated to the millisecond. Null means absent. */
    public Builder expiryTime(@Nullable Instant expiryTime) {
      this.expiryTime = expiryTime;
      return this;
    }

    /** Sets the redirect URL; null or empty means absent. */
    public Builder redirectUrl(@Nullable String redirectUrl) {
      this.redirectUrl = redirectUrl;
      return this;
    }

    /** Sets the API domain; null or empty means absent. */
    public Builder apiDomain(@Nullable String apiDomain) {
      this.apiDomain = apiDomain;
      return this;
    }

    /**
     * Returns the token.
     *
     * @throws IllegalArgumentException if a value contains U+0000 or an unpaired surrogate; the message names the
     *     field, never the value
     */
    public OAuthToken build() {
      return new OAuthToken(this);
    }
  }
}
