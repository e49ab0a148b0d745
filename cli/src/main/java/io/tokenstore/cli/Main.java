package io.tokenstore.cli;

import java.io.PrintWriter;

/** {@code tokenstore}: inspect, migrate, certify and benchmark any token store. See {@code tokenstore --help}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs a command line; returns its exit code (0 ok, 1 a failure or a refused rule, 2 bad usage). */
  static int run(String[] args, PrintWriter out, PrintWriter err) {
    return TokenstoreCommand.commandLine(out, err).execute(args);
  }
}
