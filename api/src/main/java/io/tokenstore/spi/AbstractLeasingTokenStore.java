package io.tokenstore.spi;

import io.tokenstore.OAuthToken;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * {@link AbstractTokenStore} with the checks of {@link LeasingTokenStore}: null and range checks naming the
 * parameter, a new random holder for every lease, the lease's id on the token saved, and the same wrapping of
 * backend failures. A subclass writes the three backend steps, each atomic in the backend.
 */
public abstract class AbstractLeasingTokenStore extends AbstractTokenStore implements LeasingTokenStore {
  private static final Duration LONGEST = Duration.ofDays(1);

  /**
   * @param description as for {@link AbstractTokenStore#AbstractTokenStore(String)}
   */
  protected AbstractLeasingTokenStore(String description) {
    super(description);
  }

  /**
   * @param description as for {@link AbstractTokenStore#AbstractTokenStore(String, String)}
   * @param uri the URI the store was opened with
   */
  protected AbstractLeasingTokenStore(String description, String uri) {
    super(description, uri);
  }

  /**
   * Grants {@code lease} for {@code time} unless another lease on its record is live (one whose time, by the
   * backend's clock, has not passed and that was not released).
   *
   * @param lease the record id and a new holder
   * @param time between a millisecond and a day
   * @return true if granted
   */
  protected abstract boolean lease(Lease lease, Duration time);

  /**
   * Saves {@code token}, whose id is the lease's, by {@link Tokens#upsert} as {@link #save} does, in one atomic
   * step with checking that the lease is live; if it is not, changes nothing.
   *
   * @param lease the lease
   * @param token the savable token with the lease's id
   * @return the stored record, or empty if the lease was not live
   */
  protected abstract Optional<OAuthToken> saveIfLive(Lease lease, OAuthToken token);

  /**
   * Ends the lease if it is live.
   *
   * @param lease the lease
   * @return true if it was live
   */
  protected abstract boolean releaseIfLive(Lease lease);

  @Override
  public final Optional<Lease> tryLease(String id, Duration time) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(time, "time");
    checkOpen();
    if (id.isEmpty()) {
      throw new IllegalArgumentException("id must not be empty");
    }
    if (time.compareTo(Duration.ofMillis(1)) < 0 || time.compareTo(LONGEST) > 0) {
      throw new IllegalArgumentException("time must be between 1 ms and 1 day, was " + time);
    }
    Lease lease = new Lease(id, UUID.randomUUID().toString());
    return call("tryLease", () -> lease(lease, time)) ? Optional.of(lease) : Optional.empty();
  }

  @Override
  public final Optional<OAuthToken> saveLeased(Lease lease, OAuthToken token) {
    Objects.requireNonNull(lease, "lease");
    Objects.requireNonNull(token, "token");
    checkOpen();
    OAuthToken withId = lease.onRecord(token);
    return plain(call("saveLeased", () -> saveIfLive(lease, withId)));
  }

  @Override
  public final boolean release(Lease lease) {
    Objects.requireNonNull(lease, "lease");
    checkOpen();
    return call("release", () -> releaseIfLive(lease));
  }
}
