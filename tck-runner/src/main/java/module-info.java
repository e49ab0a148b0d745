/**
 * The compatibility kit's command-line runner ({@code java -jar tokenstore-tck.jar URI}) and the engine of
 * {@code tokenstore tck}.
 */
module io.tokenstore.tck.runner {
  requires io.tokenstore.tck;
  requires org.junit.platform.launcher;
  requires org.junit.platform.reporting;
  requires info.picocli;

  // The runner's engine, for the tokenstore command line only.
  exports io.tokenstore.tck.runner to io.tokenstore.cli;

  opens io.tokenstore.tck.runner to org.junit.platform.commons, info.picocli;
}
