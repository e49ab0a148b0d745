package io.tokenstore.spi;

import io.tokenstore.OAuthToken;
import java.util.Objects;

/**
 * The right to refresh one record, held by one caller until it is released or expires: what
 * {@link LeasingTokenStore#tryLease} hands out and its fenced save and release check. Two leases are equal when
 * they name the same record and holder.
 *
 * @param id the record's id
 * @param holder who holds it: a random string, new for every lease, so that a lease taken again after it expired
 *     is another lease
 */
public record Lease(String id, String holder) {
  /**
   * @throws NullPointerException if either is null
   * @throws IllegalArgumentException if either is empty
   */
  public Lease {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(holder, "holder");
    if (id.isEmpty() || holder.isEmpty()) {
      throw new IllegalArgumentException("a lease names a record id and a holder, both not empty");
    }
  }

  /**
   * The token a fenced save under this lease writes: {@code token} with the lease's record id.
   *
   * @param token the fields to save; its id is empty or the lease's
   * @return the token with the lease's id
   * @throws IllegalArgumentException if the token names another record
   */
  public OAuthToken onRecord(OAuthToken token) {
    Objects.requireNonNull(token, "token");
    if (token.id() == null) {
      return token.toBuilder().id(id).build();
    }
    if (!token.id().equals(id)) {
      throw new IllegalArgumentException("token names record " + token.id() + ", the lease record " + id);
    }
    return token;
  }
}
