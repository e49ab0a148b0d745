package io.tokenstore.tck.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged runner, {@code java -jar tokenstore-tck.jar}, certifying third-party providers dropped in as jars
 * built here from source: the README's example store passes, a store with a merge bug fails.
 */
class RunnerIT {
  private static final Path TCK_JAR = Path.of(System.getProperty("tokenstore.tck.jar", "target/tokenstore-tck.jar"));
  private static final Path API_CLASSES = Path.of(System.getProperty("tokenstore.api.classes",
      "../api/target/classes"));
  private static final String SERVICES = "META-INF/services/io.tokenstore.spi.TokenStoreProvider";

  @TempDir
  Path work;

  /** Compiles the sources under {@code sourceRoot} against the API and jars them with a services entry. */
  private Path buildProviderJar(Path sourceRoot, String providerClass, String name)
      throws IOException, InterruptedException {
    Path classes = Files.createDirectories(work.resolve(name + "-classes"));
    List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-classpath", API_CLASSES.toString(),
        "--release", "17"));
    try (Stream<Path> files = Files.walk(sourceRoot)) {
      // Class path, not module path: the jar is dropped in beside the runner, so module-info is left out.
      files.filter(p -> p.toString().endsWith(".java") && !p.endsWith("module-info.java"))
          .forEach(p -> args.add(p.toString()));
    }
    args.add(0, Path.of(System.getProperty("java.home"), "bin", "javac").toString());
    Process javac = new ProcessBuilder(args).inheritIO().start();
    assertThat(javac.waitFor(120, TimeUnit.SECONDS)).as("javac finishes").isTrue();
    assertThat(javac.exitValue()).as("javac exit code").isZero();
    Path jar = work.resolve(name + ".jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
        Stream<Path> files = Files.walk(classes)) {
      for (Path p : files.filter(Files::isRegularFile).collect(Collectors.toList())) {
        out.putNextEntry(new JarEntry(classes.relativize(p).toString().replace('\\', '/')));
        Files.copy(p, out);
        out.closeEntry();
      }
      out.putNextEntry(new JarEntry(SERVICES));
      out.write((providerClass + "\n").getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }
    return jar;
  }

  private static final class Run {
    int exit;
    String output;
  }

  private Run runTck(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", TCK_JAR.toString()));
    command.addAll(List.of(args));
    Path log = work.resolve("tck-" + System.nanoTime() + ".log");
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try (OutputStream stdin = p.getOutputStream()) {
      // no input
    }
    assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("the runner finishes within 3 minutes").isTrue();
    Run run = new Run();
    run.exit = p.exitValue();
    run.output = Files.readString(log);
    return run;
  }

  @Test
  void runner_certifiesACorrectDroppedInStore() throws Exception {
    Path jar = buildProviderJar(Path.of("..", "examples", "custom-store", "src", "main", "java"),
        "com.example.tokens.ExampleTokenStoreProvider", "example");
    Path reports = work.resolve("reports");
    Run run = runTck("--classpath", jar.toString(), "--reports", reports.toString(), "example:tck");
    assertThat(run.exit).as(run.output).isZero();
    assertThat(run.output).contains("provider example").containsPattern("(?m)^35 passed, 0 failed, 9 skipped$");
    try (Stream<Path> files = Files.list(reports)) {
      assertThat(files.count()).isPositive();
    }
  }

  @Test
  void runner_failsABrokenDroppedInStore() throws Exception {
    Path sources = Path.of(RunnerIT.class.getResource("/dropin-broken").toURI());
    Path jar = buildProviderJar(sources, "com.example.broken.ForgetfulProvider", "forgetful");
    Run run = runTck("--classpath", jar.toString(), "forgetful:");
    assertThat(run.exit).as(run.output).isEqualTo(1);
    assertThat(run.output).contains("FAIL  SAVE-3 ").containsPattern("(?m)^\\d+ passed, [1-9]\\d* failed");
  }

  @Test
  void runner_withoutTheProviderJar_namesTheSchemesItHas() throws Exception {
    Run run = runTck("example:tck");
    assertThat(run.exit).isEqualTo(2);
    assertThat(run.output).contains("no token store provider for example:tck");
  }
}
