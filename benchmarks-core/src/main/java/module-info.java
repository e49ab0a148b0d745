/**
 * The JMH store benchmark on any store URI, run by {@code tokenstore bench} and shaded into benchmarks.jar. JMH
 * finds the generated classes ({@code jmh_generated}) by name on the class path: not exported.
 */
module io.tokenstore.benchmarks {
  requires transitive io.tokenstore;
  requires transitive jmh.core;

  exports io.tokenstore.benchmarks;
}
