/**
 * The tokenstore compatibility kit: {@link io.tokenstore.tck.TokenStoreTck}, an abstract JUnit 5 class that a
 * store's test extends, and a command-line runner ({@code java -jar tokenstore-tck.jar URI}).
 */
module io.tokenstore.tck {
  requires transitive io.tokenstore;
  requires transitive org.junit.jupiter.api;
  requires org.assertj.core;
  requires org.junit.platform.launcher;
  requires org.junit.platform.reporting;
  requires info.picocli;

  exports io.tokenstore.tck;
  // The runner's engine, for the tokenstore command line only.
  exports io.tokenstore.tck.internal to io.tokenstore.cli;

  opens io.tokenstore.tck to org.junit.platform.commons;
  opens io.tokenstore.tck.internal to org.junit.platform.commons, info.picocli;
}
