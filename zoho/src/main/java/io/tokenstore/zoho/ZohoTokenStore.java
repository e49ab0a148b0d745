package io.tokenstore.zoho;

import com.zoho.api.authenticator.Token;
import com.zoho.crm.api.UserSignature;
import com.zoho.crm.api.exception.SDKException;
import io.tokenstore.OAuthToken;
import io.tokenstore.TokenStore;
import io.tokenstore.TokenStoreException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Any {@link TokenStore} as the Zoho Java SDK's {@code com.zoho.api.authenticator.store.TokenStore}:
 * {@code new ZohoTokenStore(TokenStores.open("redis://…"))} where the SDK's {@code Initializer} wants a store.
 *
 * <p>It behaves as the SDK's own {@code FileStore} does where the SDK depends on it ({@code OAuthToken.getToken}
 * calls {@code findTokenById} when the token has an id and {@code findToken} otherwise, then {@code saveToken}
 * after a refresh): {@code findToken} fills the empty fields of the token it is given from the stored record and
 * returns that same token, or {@code null} when nothing matches; {@code saveToken} gives the token the stored
 * record's id (and fills its other empty fields); {@code findTokenById} and {@code deleteToken} of an id that no
 * record has throw {@code SDKException}. Lookups follow the wrapped store's match key (id, user name, access token,
 * grant token, refresh token: {@code docs/contract.md}). Tokens of another kind than {@code OAuthToken} are not
 * stored: {@code findToken} returns them unchanged and {@code saveToken} ignores them, as the SDK's stores do.
 *
 * <p>Backend failures, duplicates and tokens the store refuses become {@code SDKException} (code
 * {@code TOKEN_STORE}) with the tokenstore exception as the cause; no message holds a secret. A null argument is a
 * {@link NullPointerException} naming it. Thread-safe when the wrapped store is (every tokenstore store is);
 * closing the wrapped store is its opener's business.
 */
public final class ZohoTokenStore implements com.zoho.api.authenticator.store.TokenStore {
  private static final String CODE = "TOKEN_STORE";

  private final TokenStore store;

  /**
   * Wraps a store.
   *
   * @param store the store that keeps the tokens
   * @throws NullPointerException if {@code store} is null
   */
  public ZohoTokenStore(TokenStore store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  @Override
  public Token findToken(Token token) throws SDKException {
    Objects.requireNonNull(token, "token");
    if (!(token instanceof com.zoho.api.authenticator.OAuthToken)) {
      return token;
    }
    com.zoho.api.authenticator.OAuthToken zoho = (com.zoho.api.authenticator.OAuthToken) token;
    OAuthToken probe = toTokenstore(zoho);
    Optional<OAuthToken> found = call(() -> store.findToken(probe));
    if (found.isEmpty()) {
      return null;
    }
    fillEmpty(zoho, found.get());
    return zoho;
  }

  @Override
  public Token findTokenById(String id) throws SDKException {
    Objects.requireNonNull(id, "id");
    Optional<OAuthToken> found = call(() -> store.findTokenById(id));
    if (found.isEmpty()) {
      throw new SDKException(CODE, "no token has the id " + id);
    }
    return toZoho(found.get());
  }

  @Override
  public void saveToken(Token token) throws SDKException {
    Objects.requireNonNull(token, "token");
    if (!(token instanceof com.zoho.api.authenticator.OAuthToken)) {
      return;
    }
    com.zoho.api.authenticator.OAuthToken zoho = (com.zoho.api.authenticator.OAuthToken) token;
    OAuthToken record = toTokenstore(zoho);
    OAuthToken saved = call(() -> store.saveToken(record));
    fillEmpty(zoho, saved);
  }

  @Override
  public void deleteToken(String id) throws SDKException {
    Objects.requireNonNull(id, "id");
    if (!call(() -> store.deleteToken(id))) {
      throw new SDKException(CODE, "no token has the id " + id);
    }
  }

  @Override
  public List<Token> getTokens() throws SDKException {
    List<OAuthToken> all = call(store::getTokens);
    List<Token> tokens = new ArrayList<>(all.size());
    for (OAuthToken t : all) {
      tokens.add(toZoho(t));
    }
    return tokens;
  }

  @Override
  public void deleteTokens() throws SDKException {
    call(() -> {
      store.deleteTokens();
      return null;
    });
  }

  /** Names the wrapped store, which shows no secret. */
  @Override
  public String toString() {
    return "ZohoTokenStore[" + store + "]";
  }

  private interface Call<T> {
    T run();
  }

  // Everything the SDK's own stores would report as an SDKException. IllegalStateException (a closed store) and
  // NullPointerException are the caller's bugs and stay as they are.
  private static <T> T call(Call<T> call) throws SDKException {
    try {
      return call.run();
    } catch (TokenStoreException | IllegalArgumentException e) {
      throw new SDKException(CODE, e.getMessage(), e);
    }
  }

  private static OAuthToken toTokenstore(com.zoho.api.authenticator.OAuthToken z) throws SDKException {
    UserSignature user = z.getUserSignature();
    Instant expiry = expiry(z.getExpiresIn());
    return call(() -> OAuthToken.builder()
        .id(z.getId())
        .userName(user == null ? null : user.getName())
        .clientId(z.getClientId())
        .clientSecret(z.getClientSecret())
        .refreshToken(z.getRefreshToken())
        .accessToken(z.getAccessToken())
        .grantToken(z.getGrantToken())
        .expiryTime(expiry)
        .redirectUrl(z.getRedirectURL())
        .apiDomain(z.getAPIDomain())
        .build());
  }

  private static Instant expiry(String expiresIn) throws SDKException {
    if (expiresIn == null || expiresIn.isEmpty()) {
      return null;
    }
    try {
      return Instant.ofEpochMilli(Long.parseLong(expiresIn.trim()));
    } catch (NumberFormatException e) {
      // Not chained: the parser's message repeats the text.
      throw new SDKException(CODE, "expiresIn must be epoch milliseconds");
    }
  }

  private static com.zoho.api.authenticator.OAuthToken toZoho(OAuthToken t) throws SDKException {
    com.zoho.api.authenticator.OAuthToken z = new com.zoho.api.authenticator.OAuthToken();
    fillEmpty(z, t);
    return z;
  }

  // The SDK's stores merge this way: a field the caller set wins, an empty one takes the stored value.
  private static void fillEmpty(com.zoho.api.authenticator.OAuthToken z, OAuthToken t) throws SDKException {
    if (z.getId() == null) {
      z.setId(t.id());
    }
    if (z.getUserSignature() == null && t.userName() != null) {
      z.setUserSignature(new UserSignature(t.userName()));
    }
    if (z.getClientId() == null) {
      z.setClientId(t.clientId());
    }
    if (z.getClientSecret() == null) {
      z.setClientSecret(t.clientSecret());
    }
    if (z.getRefreshToken() == null) {
      z.setRefreshToken(t.refreshToken());
    }
    if (z.getAccessToken() == null) {
      z.setAccessToken(t.accessToken());
    }
    if (z.getGrantToken() == null) {
      z.setGrantToken(t.grantToken());
    }
    if (z.getExpiresIn() == null && t.expiryTime() != null) {
      z.setExpiresIn(String.valueOf(t.expiryTime().toEpochMilli()));
    }
    if (z.getRedirectURL() == null) {
      z.setRedirectURL(t.redirectUrl());
    }
    if (z.getAPIDomain() == null) {
      z.setAPIDomain(t.apiDomain());
    }
  }
}
