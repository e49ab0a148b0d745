package io.tokenstore.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Polling, bounded, for states nothing signals to the test (a server process coming up, threads parking in a
 * driver): where the test's own code can count down a latch, it does that instead.
 */
public final class Waits {
  private Waits() {}

  /**
   * Checks {@code condition} every {@code every} until it holds or {@code timeout} has passed.
   *
   * @return whether it held; the caller fails, saying what did not happen
   */
  public static boolean until(Duration timeout, Duration every, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        return false;
      }
      try {
        Thread.sleep(every.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting", e);
      }
    }
    return true;
  }
}
