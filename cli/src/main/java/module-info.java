/** The tokenstore command line. */
module io.tokenstore.cli {
  requires io.tokenstore;
  requires io.tokenstore.encryption;
  requires io.tokenstore.tck.runner;
  requires info.picocli;
  requires com.fasterxml.jackson.core;
  requires io.tokenstore.benchmarks;
  requires jmh.core;
  requires java.logging;
  requires jul.to.slf4j;

  opens io.tokenstore.cli to info.picocli;

  uses io.tokenstore.spi.TokenStoreProvider;
}
