package io.tokenstore.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.function.IntFunction;

/**
 * Ports for servers that tests start as processes of their own, which cannot take over a bound socket. A probe
 * only shows that a port was free when it let go of it, and another process may bind it before the server does;
 * so a port is never just handed out: the server is started on it, and on another port when it finds it taken.
 */
public final class FreePorts {
  private static final int ATTEMPTS = 5;

  private FreePorts() {}

  /** Thrown by a start that found its port (or a companion port) taken: {@link #start} tries another. */
  public static final class Taken extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public Taken(Throwable cause) {
      super(cause);
    }
  }

  /**
   * Calls {@code start} with a port that was free, as were {@code port + offset} for each offset (such as a Redis
   * cluster's bus port, +10000), until it returns without {@link Taken}.
   *
   * @throws IllegalStateException when the port was taken {@value #ATTEMPTS} times in a row
   */
  public static <T> T start(IntFunction<T> start, int... alsoFree) {
    Taken last = null;
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      try {
        return start.apply(probe(alsoFree));
      } catch (Taken e) {
        last = e;
      }
    }
    throw new IllegalStateException("the port was taken before the server bound it, " + ATTEMPTS + " times",
        last.getCause());
  }

  private static int probe(int... offsets) {
    for (int i = 0; i < 50; i++) {
      try (ServerSocket s = new ServerSocket(0)) {
        if (companionsFree(s.getLocalPort(), offsets)) {
          return s.getLocalPort();
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    throw new IllegalStateException("no free port with free companions at " + Arrays.toString(offsets));
  }

  private static boolean companionsFree(int port, int... offsets) {
    for (int offset : offsets) {
      if (port + offset >= 65536) {
        return false;
      }
      try (ServerSocket companion = new ServerSocket(port + offset)) {
        // free
      } catch (IOException busy) {
        return false;
      }
    }
    return true;
  }
}
