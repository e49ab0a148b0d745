package io.tokenstore;

/**
 * Asks an OAuth server for a new access token. {@link AccessTokens} calls it when a stored access token has
 * expired (or is about to), at most once per record at a time, and saves what it returns.
 *
 * @see OAuth2Refresher
 */
@FunctionalInterface
public interface Refresher {
  /**
   * Returns the fields to store for the stored record {@code current}: a new access token and its expiry time; a
   * new refresh token if the server rotated it; an API domain if the server sent one. Other fields are ignored.
   *
   * @param current the stored record, as just read from the store
   * @return the new fields; its access token and expiry time must be set
   * @throws Exception if the server refused or could not be reached; nothing is saved
   */
  OAuthToken refresh(OAuthToken current) throws Exception;
}
