package io.tokenstore.tck.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner in-process, against the kit's own test providers (simple: and broken-unique:). */
class TckMainTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return TckMain.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  @Test
  void run_correctStore_passesAndPrintsTheRuleTable(@TempDir Path reports) throws Exception {
    int code = run("--reports", reports.toString(), "simple:");
    assertThat(code).as(out.toString()).isZero();
    assertThat(out.toString())
        .contains("PASS  KEY-1 ", "PASS  MODEL-1 ", "PASS  LIFE-2 ", "PASS  LIFE-3 ", "PASS  DISC-1 ")
        .contains("SKIP  ERR-2 ")
        .containsPattern("(?m)^43 passed, 0 failed, 1 skipped$");
    try (Stream<Path> files = Files.list(reports)) {
      assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.endsWith(".xml"));
    }
  }

  @Test
  void run_brokenStore_failsTheRuleItBreaks() {
    int code = run("broken-unique:");
    assertThat(code).isEqualTo(1);
    assertThat(out.toString()).contains("FAIL  UNIQUE-1 ").containsPattern("(?m)^\\d+ passed, [1-9]\\d* failed");
  }

  @Test
  void run_unknownScheme_saysWhichSchemesExistInOneLine() {
    int code = run("nope:x");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString().strip()).doesNotContain("\n").contains("nope:x").contains("simple:");
  }

  @Test
  void run_missingClasspathEntry_isAClearError() {
    int code = run("--classpath", "/no/such.jar", "simple:");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("/no/such.jar");
  }

  @Test
  void run_noUri_printsUsage() {
    assertThat(run()).isEqualTo(2);
    assertThat(err.toString()).contains("Usage:").contains("URI");
  }
}
