package io.tokenstore.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Every log line of the JVM, at every level, while open: tokenstore's own {@link System.Logger} lines and the
 * drivers' SLF4J lines (routed here by {@code slf4j-jdk14}), each with its exception chain, for tests of rule
 * ERR-3 (no secret in a log line). Opening lowers the root logger to {@link Level#ALL}, so drivers that check
 * {@code isDebugEnabled()} write their debug and trace lines too; closing restores it.
 *
 * <p>What ERR-3 covers: tokenstore's own lines at every level, and every library's lines at DEBUG
 * ({@link Level#FINE}) and above. Below DEBUG, drivers trace their wire protocol (the PostgreSQL driver's
 * {@code FE=> Bind} with each parameter, MariaDB's packet dumps): those lines show what is sent, secrets
 * included, and no store can change that; they are captured but not judged. Nor are the lines of the in-process
 * MongoDB server some tests run, which is the server side.
 */
public final class LogCapture implements AutoCloseable {
  // The in-process MongoDB a test runs is the server side, which sees every value by design: not judged.
  private static final String STAND_IN_SERVER = "de.bwaldvogel.";

  private final Logger root = Logger.getLogger("");
  private final Level rootLevel = root.getLevel();
  private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
  private final List<String> judged = Collections.synchronizedList(new ArrayList<>());
  private final SimpleFormatter formatter = new SimpleFormatter();
  private final Handler handler = new Handler() {
    @Override
    public void publish(LogRecord record) {
      StringBuilder line = new StringBuilder(record.getLoggerName() + " " + record.getLevel() + " "
          + formatter.formatMessage(record));
      appendChain(line, record.getThrown(), Collections.newSetFromMap(new IdentityHashMap<>()));
      lines.add(line.toString());
      String logger = record.getLoggerName() == null ? "" : record.getLoggerName();
      if (!logger.startsWith(STAND_IN_SERVER) && (record.getLevel().intValue() >= Level.FINE.intValue()
          || logger.startsWith("io.tokenstore"))) {
        judged.add(line.toString());
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  private LogCapture() {
    handler.setLevel(Level.ALL);
    root.addHandler(handler);
    root.setLevel(Level.ALL);
  }

  /** Starts capturing every line at every level. */
  public static LogCapture everything() {
    return new LogCapture();
  }

  /** The lines captured so far. */
  public List<String> lines() {
    synchronized (lines) {
      return List.copyOf(lines);
    }
  }

  /**
   * Asserts that lines were captured from a logger whose name starts with {@code loggerPrefix}, so that a test
   * of what is absent from the log is known to have seen the log at all.
   */
  public void assertCapturedFrom(String loggerPrefix) {
    assertThat(lines()).as("log lines of %s", loggerPrefix).anyMatch(l -> l.startsWith(loggerPrefix));
  }

  /**
   * Asserts that no line ERR-3 covers (see above), message or exception in its chain, contains any of
   * {@code secrets}.
   */
  public void assertNoneContains(List<String> secrets) {
    assertNoneContains(secrets, line -> false);
  }

  /**
   * As {@link #assertNoneContains(List)}, but passes the lines of a known limit, documented where the test
   * names it.
   */
  public void assertNoneContains(List<String> secrets, Predicate<String> knownLimit) {
    List<String> covered;
    synchronized (judged) {
      covered = judged.stream().filter(knownLimit.negate()).collect(Collectors.toList());
    }
    for (String secret : secrets) {
      assertThat(covered).as("log lines containing a secret (%d of %d lines covered by ERR-3)", covered.size(),
          lines().size()).noneMatch(l -> l.contains(secret));
    }
  }

  @Override
  public void close() {
    root.removeHandler(handler);
    root.setLevel(rootLevel);
  }

  private static void appendChain(StringBuilder line, Throwable t, Set<Throwable> seen) {
    if (t == null || !seen.add(t)) {
      return;
    }
    line.append(" | ").append(t);
    appendChain(line, t.getCause(), seen);
    for (Throwable s : t.getSuppressed()) {
      appendChain(line, s, seen);
    }
  }
}
