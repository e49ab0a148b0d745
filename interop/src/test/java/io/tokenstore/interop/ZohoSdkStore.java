package io.tokenstore.interop;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One of the Zoho SDKs' own token stores on a file or table, driven as its SDK drives it. Tokens are maps of
 * {@code id}, {@code user}, {@code clientId}, {@code accessToken}, {@code refreshToken}, {@code grantToken},
 * {@code expiresIn}; an empty string passed in means the SDK leaves that field unset.
 */
interface ZohoSdkStore {
  /** Every token the SDK saves after a token exchange carries these. */
  String CLIENT_ID = "1000.ZOHO";
  String CLIENT_SECRET = "zoho-secret";
  String REDIRECT_URL = "https://example.com/cb";

  /** Saves what a token exchange gave, as {@code OAuthToken.getToken} does; answers the id the SDK set. */
  String save(String user, String access, String refresh, String grant, String expiry) throws Exception;

  /** Saves a refreshed access token of this user, as {@code OAuthToken.refreshAccessToken} does. */
  void refresh(String user, String access, String expiry) throws Exception;

  @Nullable Map<String, String> find(String user) throws Exception;

  @Nullable Map<String, String> findAccess(String access) throws Exception;

  List<Map<String, String>> list() throws Exception;
}
