package io.tokenstore.spi;

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
}
