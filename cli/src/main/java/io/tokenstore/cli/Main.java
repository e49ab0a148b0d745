package io.tokenstore.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.slf4j.bridge.SLF4JBridgeHandler;

/** {@code tokenstore}: inspect, migrate, certify and benchmark any token store. See {@code tokenstore --help}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    routeJavaUtilLogging();
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /**
   * Sends java.util.logging (the PostgreSQL driver's, and any library's without SLF4J) through SLF4J, whose
   * binding shows warnings and errors only, one line each; JUL's own console handler would print two lines per
   * record, INFO included.
   */
  static void routeJavaUtilLogging() {
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
    // Below WARNING nothing is shown: do not even build the records.
    Logger.getLogger("").setLevel(Level.WARNING);
  }

  /** Runs a command line; returns its exit code (0 ok, 1 a failure or a refused rule, 2 bad usage). */
  static int run(String[] args, PrintWriter out, PrintWriter err) {
    return run(args, System.in, System.getenv(), Clock.systemUTC(), out, err);
  }

  /** Runs a command line with the given standard input, environment and clock. */
  static int run(String[] args, InputStream in, Map<String, String> env, Clock clock, PrintWriter out,
      PrintWriter err) {
    return TokenstoreCommand.commandLine(new TokenstoreCommand(in, env, clock, out, err)).execute(args);
  }
}
