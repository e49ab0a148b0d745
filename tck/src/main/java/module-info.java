/**
 * The tokenstore compatibility kit: {@link io.tokenstore.tck.TokenStoreTck}, an abstract JUnit 5 class that a
 * store's test extends. The command-line runner is the module {@code io.tokenstore.tck.runner}.
 */
module io.tokenstore.tck {
  requires transitive io.tokenstore;
  requires transitive org.junit.jupiter.api;
  requires org.assertj.core;

  exports io.tokenstore.tck;

  opens io.tokenstore.tck to org.junit.platform.commons;
}
