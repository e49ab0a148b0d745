package io.tokenstore;

import java.util.List;
import java.util.Optional;

/**
 * A place that keeps OAuth tokens: the six operations of the Zoho SDKs' token store, with one exact meaning
 * written down in {@code docs/contract.md} and checked by the compatibility kit ({@code tokenstore-tck}).
 *
 * <p><b>Match key.</b> {@link #findToken} and {@link #saveToken} look a record up by the token's match key, the
 * first of these that applies, with no fallback: its id; else its user name; else its access token, when client
 * id and client secret are both absent; else, when both are present, its grant token, or else its refresh token.
 * A token to which none applies has no match key.
 *
 * <p><b>Thread safety.</b> Every implementation is safe for use by many threads at once. Concurrent saves with one
 * match key leave one record; no reader sees a record that mixes two saves.
 *
 * <p><b>Errors.</b> A null argument throws {@link NullPointerException} naming the parameter; any call after
 * {@link #close()} throws {@link IllegalStateException}; a failure of the backend throws
 * {@link TokenStoreException} with its cause. No message contains a secret.
 */
public interface TokenStore extends AutoCloseable {

  /**
   * Finds the stored record whose field named by the probe's match key equals the probe's value exactly.
   *
   * @param probe a token whose match key says what to look for; its other fields are ignored
   * @return the full stored record, or empty if none matches or the probe has no match key (never "any record")
   * @throws NullPointerException if {@code probe} is null
   * @throws IllegalStateException if the store is closed
   * @throws TokenStoreException if the backend fails
   */
  Optional<OAuthToken> findToken(OAuthToken probe);

  /**
   * Saves a token: the record found by its match key is updated in place (a field absent from {@code token}
   * keeps its stored value, a present one replaces it), or else a new record is inserted with the token's id or
   * a generated one (1 to 10 characters of {@code [0-9A-Za-z]}).
   *
   * @param token the token to save
   * @return the record as stored now, id included
   * @throws NullPointerException if {@code token} is null
   * @throws IllegalArgumentException if the token has none of id, user name, access, refresh or grant token
   * @throws DuplicateTokenException if the save would give another record's user name, access, refresh or grant
   *     token to this one; nothing is changed
   * @throws IllegalStateException if the store is closed
   * @throws TokenStoreException if the backend fails
   */
  OAuthToken saveToken(OAuthToken token);

  /**
   * Deletes the record with this id. Its values are free for reuse afterwards.
   *
   * @param id the record's id
   * @return true if a record was deleted, false if there was none
   * @throws NullPointerException if {@code id} is null
   * @throws IllegalStateException if the store is closed
   * @throws TokenStoreException if the backend fails
   */
  boolean deleteToken(String id);

  /**
   * Returns every record of this store, each once, as an unmodifiable snapshot.
   *
   * @return the records, in no particular order
   * @throws IllegalStateException if the store is closed
   * @throws TokenStoreException if the backend fails
   */
  List<OAuthToken> getTokens();

  /**
   * Deletes every record of this store's namespace, and nothing outside it.
   *
   * @throws IllegalStateException if the store is closed
   * @throws TokenStoreException if the backend fails
   */
  void deleteTokens();

  /**
   * Finds the record with this id.
   *
   * @param id the record's id
   * @return the record, or empty if there is none
   * @throws NullPointerException if {@code id} is null
   * @throws IllegalStateException if the store is closed
   * @throws TokenStoreException if the backend fails
   */
  Optional<OAuthToken> findTokenById(String id);

  /**
   * Releases the store's connections and resources. Idempotent; any other call afterwards throws
   * {@link IllegalStateException}. A durable store keeps its records for the next open of the same URI.
   */
  @Override
  void close();
}
