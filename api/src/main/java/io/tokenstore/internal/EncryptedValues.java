package io.tokenstore.internal;

import io.tokenstore.OAuthToken;
import java.util.Objects;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The mark of a value tokenstore-encryption wrote ({@value #PREFIX} and then base64url), so that a store opened
 * without the keyset refuses such values instead of handing ciphertext out as a token, and one opened for the
 * decorator lets them through. Not API.
 */
public final class EncryptedValues {
  /** What every encrypted value starts with; the version of the format is its digit. */
  public static final String PREFIX = "tse1.";

  // Set by TokenStores.open while a provider opens a store that a decorator will wrap (on the calling thread).
  private static final ThreadLocal<Boolean> FOR_DECORATOR = ThreadLocal.withInitial(() -> Boolean.FALSE);

  private EncryptedValues() {}

  /** Whether a store being constructed on this thread will be wrapped by a decorator. */
  public static boolean openingForDecorator() {
    return FOR_DECORATOR.get();
  }

  /** Runs an open whose store a decorator will wrap. */
  public static <T> T openForDecorator(java.util.function.Supplier<T> open) {
    boolean before = FOR_DECORATOR.get();
    FOR_DECORATOR.set(Boolean.TRUE);
    try {
      return open.get();
    } finally {
      FOR_DECORATOR.set(before);
    }
  }

  /** Whether a value has the encrypted format's mark. */
  public static boolean isEncrypted(@Nullable String value) {
    return value != null && value.startsWith(PREFIX);
  }

  // OAuthToken's own answer, which it works out once when built (set by its class initializer).
  private static volatile @Nullable Predicate<OAuthToken> mark;

  /** Called once by {@link OAuthToken}: how to read the mark it worked out when built. */
  public static void readMarkWith(Predicate<OAuthToken> reader) {
    if (mark != null) {
      throw new IllegalStateException("the mark reader is set");
    }
    mark = reader;
  }

  /** Whether any secret of a record has the mark. */
  public static boolean holdsEncrypted(OAuthToken t) {
    return Objects.requireNonNull(mark, "OAuthToken is initialized").test(t);
  }
}
