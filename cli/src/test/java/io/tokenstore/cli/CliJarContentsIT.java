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
  // The benchmarks' in-process Mongo server (mongo-java-server) and the report tool's chart library (JFreeChart);
  // jackson-databind and its annotations (JSON output needs only jackson-core's streaming generator: CliJarIT runs
  // ls --json from the jar).
  private static final List<String> NOT_SHIPPED = List.of("de/bwaldvogel/", "org/jfree/",
      "com/fasterxml/jackson/databind/", "com/fasterxml/jackson/annotation/");
  // 34.7 MB: sqlite-jdbc's natives for eight platforms (4.6 MB), Lettuce with Reactor and Netty, the Mongo, MariaDB,
  // PostgreSQL and H2 drivers, Jackson, JMH with commons-math3 (bench), the kit with JUnit and AssertJ (tck), and
  // Tink with protobuf-java and Gson (5.2 MB: keyset, rekey and the option keyset).
  private static final long MAX_BYTES = Long.getLong("tokenstore.cli.maxBytes", 35_000_000L);

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
  void jar_holdsSqliteNativesForExactlyTheFivePlatformsTheReadmeNames() throws Exception {
    // README, "The tokenstore command line": Linux (glibc) x86_64 and aarch64, macOS x86_64 and aarch64, Windows
    // x86_64. Not musl (Alpine), Windows on ARM, Android, FreeBSD or 32-bit platforms: -Dorg.sqlite.lib.path there.
    List<String> natives = new ArrayList<>();
    try (JarFile jar = new JarFile(JAR.toFile())) {
      for (ZipEntry e : Collections.list(jar.entries())) {
        if (e.getName().startsWith("org/sqlite/native/") && !e.isDirectory()) {
          natives.add(e.getName());
        }
      }
    }
    assertThat(natives).containsExactlyInAnyOrder(
        "org/sqlite/native/Linux/x86_64/libsqlitejdbc.so",
        "org/sqlite/native/Linux/aarch64/libsqlitejdbc.so",
        "org/sqlite/native/Mac/x86_64/libsqlitejdbc.dylib",
        "org/sqlite/native/Mac/aarch64/libsqlitejdbc.dylib",
        "org/sqlite/native/Windows/x86_64/sqlitejdbc.dll");
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
