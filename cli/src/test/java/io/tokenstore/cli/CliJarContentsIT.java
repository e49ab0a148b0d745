package io.tokenstore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the packaged {@code tokenstore.jar} ships, and the version it says it is. */
class CliJarContentsIT {
  private static final Path JAR = Path.of(System.getProperty("tokenstore.cli.jar", "target/tokenstore.jar"));
  // The benchmarks' in-process Mongo server (mongo-java-server) and the report tool's chart library (JFreeChart).
  private static final List<String> NOT_SHIPPED = List.of("de/bwaldvogel/", "org/jfree/");
  // 38.8 MB today, 14 MB of it sqlite-jdbc's natives for 30 platforms; the rest is the drivers, JMH and the kit.
  private static final long MAX_BYTES = Long.getLong("tokenstore.cli.maxBytes", 40_000_000L);

  @TempDir
  Path dir;

  @Test
  void jar_holdsNoTestServerAndNoChartLibrary() throws Exception {
    List<String> found = new ArrayList<>();
    try (JarFile jar = new JarFile(JAR.toFile())) {
      for (ZipEntry e : Collections.list(jar.entries())) {
        if (NOT_SHIPPED.stream().anyMatch(e.getName()::startsWith)) {
          found.add(e.getName());
        }
      }
    }
    assertThat(found).as("entries of %s", JAR).isEmpty();
  }

  @Test
  void jar_isSmallerThanTheBound() throws Exception {
    assertThat(Files.size(JAR)).as("size of %s in bytes", JAR).isLessThan(MAX_BYTES);
  }

  @Test
  void version_printsTheProjectVersion() throws Exception {
    String version = System.getProperty("tokenstore.version");
    assertThat(version).as("system property tokenstore.version, set by the build").isNotBlank();
    Path log = dir.resolve("version.log");
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
        JAR.toString(), "--version").redirectErrorStream(true).redirectOutput(log.toFile()).start();
    p.getOutputStream().close();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String output = Files.readString(log);
    assertThat(p.exitValue()).as(output).isZero();
    assertThat(output.strip()).isEqualTo("tokenstore " + version);
  }
}
