package io.tokenstore.internal;

import io.tokenstore.spi.Lease;
import io.tokenstore.spi.Tokens;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Leases kept in this JVM, for the stores whose records live in it (memory, list). One monitor orders every
 * grant, fenced write, count and release, so a write checked live is applied before any other holder can be
 * granted. Expiry by {@link System#nanoTime}.
 */
public final class JvmLeases {
  private final Map<String, Live> live = new HashMap<>();
  // Per record, when each counted refresh leaves its window, in nanoTime terms.
  private final Map<String, Deque<Long>> counted = new HashMap<>();

  private record Live(String holder, long deadline) {}

  /** Grants the lease unless another on its record is live. */
  public synchronized boolean grant(Lease lease, Duration time) {
    long now = System.nanoTime();
    Live current = live.get(lease.id());
    if (current != null && current.deadline - now > 0) {
      return false;
    }
    live.put(lease.id(), new Live(lease.holder(), now + time.toNanos()));
    return true;
  }

  /** Runs {@code write} if the lease is live, before any other lease on the record can be granted. */
  public synchronized <T> Optional<T> whileLive(Lease lease, Supplier<T> write) {
    return isLive(lease) ? Optional.of(write.get()) : Optional.empty();
  }

  /** Counts a refresh under a live lease: zero if counted, the wait if the budget is spent, empty if not live. */
  public synchronized Optional<Duration> count(Lease lease, int budget, Duration window) {
    if (!isLive(lease)) {
      return Optional.empty();
    }
    long now = System.nanoTime();
    Deque<Long> ends = counted.computeIfAbsent(lease.id(), k -> new ArrayDeque<>());
    ends.removeIf(end -> end - now <= 0);
    long wait = Tokens.untilRoom(ends, now, budget);
    if (wait > 0) {
      return Optional.of(Duration.ofNanos(wait));
    }
    ends.addLast(now + window.toNanos());
    return Optional.of(Duration.ZERO);
  }

  /** Ends the lease if it is live. */
  public synchronized boolean release(Lease lease) {
    if (!isLive(lease)) {
      return false;
    }
    live.remove(lease.id());
    return true;
  }

  // Caller holds the monitor. Dead entries are removed here and overwritten by grant, so the map holds at most one
  // entry per record ever leased.
  private boolean isLive(Lease lease) {
    Live current = live.get(lease.id());
    if (current == null || !current.holder.equals(lease.holder())) {
      return false;
    }
    if (current.deadline - System.nanoTime() <= 0) {
      live.remove(lease.id());
      return false;
    }
    return true;
  }
}
