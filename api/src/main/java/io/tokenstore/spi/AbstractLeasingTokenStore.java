package io.tokenstore.spi;

import io.tokenstore.OAuthToken;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * {@link AbstractTokenStore} with the checks of {@link LeasingTokenStore}: null and range checks naming the
 * parameter, a new random holder for every lease, the lease's id on the token saved, and the same wrapping of
 * backend failures. A subclass writes the four backend steps, each atomic in the backend.
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
   * step with checking that the lease is live and the record exists; if not, changes nothing.
   *
   * @param lease the lease
   * @param token the savable token with the lease's id
   * @return the stored record, or empty if the lease was not live or there was no record
   */
  protected abstract Optional<OAuthToken> saveIfLive(Lease lease, OAuthToken token);

  /**
   * Ends the lease if it is live.
   *
   * @param lease the lease
   * @return true if it was live
   */
  protected abstract boolean releaseIfLive(Lease lease);

  /**
   * Counts a refresh of the lease's record if the lease is live and fewer than {@code budget} counted refreshes
   * of the record are less than {@code window} old, by the backend's clock; a refusal counts nothing. A store may
   * forget a count once it is older than its window.
   *
   * @param lease the lease
   * @param budget at least 1
   * @param window between a millisecond and a day
   * @return zero if counted; the time until the oldest count that fills the budget leaves its window, if spent;
   *     empty if the lease was not live
   */
  protected abstract Optional<Duration> countIfLive(Lease lease, int budget, Duration window);

  @Override
  public final Optional<Lease> tryLease(String id, Duration time) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(time, "time");
    checkOpen();
    if (id.isEmpty()) {
      throw new IllegalArgumentException("id must not be empty");
    }
    checkRange(time, "time");
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

  @Override
  public final Optional<Duration> countRefresh(Lease lease, int budget, Duration window) {
    Objects.requireNonNull(lease, "lease");
    Objects.requireNonNull(window, "window");
    checkOpen();
    if (budget < 1) {
      throw new IllegalArgumentException("budget must be at least 1, was " + budget);
    }
    checkRange(window, "window");
    Optional<Duration> wait = call("countRefresh", () -> countIfLive(lease, budget, window));
    // A refusal is never zero, and a clock that stepped back (a count in the future) never asks for more than a
    // window's wait.
    return wait.map(w -> w.isNegative() ? Duration.ofMillis(1) : w.compareTo(window) > 0 ? window : w);
  }

  private static void checkRange(Duration d, String name) {
    if (d.compareTo(Duration.ofMillis(1)) < 0 || d.compareTo(LONGEST) > 0) {
      throw new IllegalArgumentException(name + " must be between 1 ms and 1 day, was " + d);
    }
  }
}
