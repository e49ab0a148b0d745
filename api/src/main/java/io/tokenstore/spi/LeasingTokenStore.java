package io.tokenstore.spi;

import io.tokenstore.OAuthToken;
import io.tokenstore.TokenStore;
import java.time.Duration;
import java.util.Optional;

/**
 * A store whose backend grants leases on records, so that every process sharing it refreshes a record once: the
 * capability {@link io.tokenstore.AccessTokens} coordinates through (rules LEASE-1 to LEASE-8 of
 * {@code docs/contract.md}). A store without it is coordinated within one JVM only.
 *
 * <p>A lease is live from {@link #tryLease} until it is released or its time has passed, measured by the
 * backend. While it is live no other lease on the record is granted, through this store object or any other on
 * the same data. Its holder saves with {@link #saveLeased}, a fenced write: it stands only if the lease is still
 * live when the backend applies it, so a holder that stalled past its lease never overwrites what the next
 * holder saved. Leases change no record and do not hold up {@link #saveToken} or any other call.
 *
 * <p>{@link AbstractLeasingTokenStore} does the checks; a provider writes the three backend steps.
 */
public interface LeasingTokenStore extends TokenStore {

  /**
   * Takes the lease on the record with this id for {@code time}, unless another lease on it is live. On an id
   * with no record, a store may grant a lease or refuse one (LEASE-1); either way it creates no record.
   *
   * @param id the record's id
   * @param time how long the lease lives unless released first
   * @return the lease, or empty if another is live (or, in some stores, there is no such record)
   * @throws IllegalArgumentException if {@code id} is empty or {@code time} is not between a millisecond and a day
   */
  Optional<Lease> tryLease(String id, Duration time);

  /**
   * Saves {@code token} as {@link #saveToken} does, with the lease's record id, if the lease is still live and
   * the record still exists when the backend applies the save; otherwise changes nothing: a fenced save updates
   * the leased record and never creates one, so a record deleted during a refresh stays deleted.
   *
   * @param lease the caller's lease
   * @param token the fields to save; its id is empty or the lease's
   * @return the stored record, or empty if the lease was no longer live or the record was gone
   * @throws IllegalArgumentException if the token names another id, or is not savable
   * @throws io.tokenstore.DuplicateTokenException if a unique value is taken
   */
  Optional<OAuthToken> saveLeased(Lease lease, OAuthToken token);

  /**
   * Ends the lease if it is still live; a lease that expired, or another holder's, is left alone.
   *
   * @param lease the caller's lease
   * @return true if it was live and is now released
   */
  boolean release(Lease lease);

  /**
   * Counts one refresh of the leased record against a budget of at most {@code budget} refreshes in any
   * {@code window}, in one atomic step with checking that the lease is live: a refresh counted at time t counts
   * until t + window, by the clock the store measures leases by (the backend's, or for some the client's), through
   * every store object on the same data. A refusal counts
   * nothing. Instances that share a record should give it the same budget: each call judges by its own.
   *
   * @param lease the caller's lease
   * @param budget the refreshes allowed in any window, at least 1
   * @param window the window, between a millisecond and a day
   * @return {@link Duration#ZERO} if the refresh was counted; a positive duration, at most {@code window}, until
   *     the window has room again, if the budget is spent; or empty if the lease was not live (nothing counted)
   * @throws IllegalArgumentException if {@code budget} or {@code window} is out of range
   */
  Optional<Duration> countRefresh(Lease lease, int budget, Duration window);
}
