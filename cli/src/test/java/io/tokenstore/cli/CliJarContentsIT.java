package io.tokenstore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the packaged {@code tokenstore.jar} ships, and the version it says it is. */
class CliJarContentsIT {
  private static final Path JAR = Path.of(System.getProperty("tokenstore.cli.jar", "target/tokenstore.jar"));
  // The benchmarks' in-process Mongo server (mongo-java-server) and the report tool's chart library (JFreeChart);
  // jackson-databind and its annotations (JSON output needs only jackson-core's streaming generator: CliJarIT runs
  // ls --json from the jar).
  // The parts of libraries that the shade filters of cli/pom.xml leave out: nothing in the jar refers to them
  // (jar_classesOfTrimmedLibraries_referOnlyToClassesTheJarHolds) and CliJarIT runs what uses the rest.
  private static final List<String> NOT_SHIPPED = List.of("de/bwaldvogel/", "org/jfree/",
      // H2, a driver for --plugins like MySQL Connector/J (CliJarIT).
      "org/h2/",
      "com/fasterxml/jackson/databind/", "com/fasterxml/jackson/annotation/",
      // Tink: tokenstore-encryption registers AEAD (with MAC) and deterministic AEAD only.
      "com/google/crypto/tink/hybrid/", "com/google/crypto/tink/jwt/", "com/google/crypto/tink/keyderivation/",
      "com/google/crypto/tink/signature/", "com/google/crypto/tink/streamingaead/",
      "com/google/crypto/tink/proto/Ecdsa", "com/google/crypto/tink/proto/Jwt", "com/google/crypto/tink/proto/RsaSsa",
      "com/google/crypto/tink/proto/Hpke", "com/google/crypto/tink/ConfigurationV0",
      // commons-math3: JMH uses its statistics, distributions and inference.
      "org/apache/commons/math3/geometry/", "org/apache/commons/math3/ode/", "org/apache/commons/math3/optim/",
      "org/apache/commons/math3/optimization/", "org/apache/commons/math3/fitting/", "org/apache/commons/math3/ml/",
      "org/apache/commons/math3/genetics/", "org/apache/commons/math3/transform/",
      // Lettuce's Kotlin API (no Kotlin in the jar), command interfaces, MasterReplica, client-side caching.
      "io/lettuce/core/api/coroutines/", "io/lettuce/core/ScanFlow", "io/lettuce/core/dynamic/",
      "io/lettuce/core/masterreplica/", "io/lettuce/core/support/caching/",
      // What Lettuce does not use of Netty; what commons-csv does not use of commons-codec and commons-io.
      "io/netty/channel/oio/", "io/netty/channel/pool/", "io/netty/handler/traffic/", "io/netty/handler/pcap/",
      "org/apache/commons/codec/language/", "org/apache/commons/codec/digest/", "org/apache/commons/io/monitor/",
      "com/google/protobuf/compiler/");
  private static final Pattern DESCRIPTOR_CLASS = Pattern.compile("L([\\w/$]+);");
  // 24.4 MB (was 34.7): sqlite-jdbc's natives for five platforms (3.0 MB), Tink with protobuf-java and Gson (3.3 MB:
  // keyset, rekey and the option keyset), the kit with JUnit and AssertJ (2.8 MB: tck), Lettuce with Reactor and
  // Netty, the Mongo, MariaDB and PostgreSQL drivers, jackson-core, JMH with commons-math3 (1.7 MB: bench).
  private static final long MAX_BYTES = Long.getLong("tokenstore.cli.maxBytes", 25_000_000L);

  @TempDir
  Path dir;

  @Test
  void jar_holdsNoTestServer_noChartLibrary_andNoPartLeftOutOfALibrary() throws Exception {
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
  void jar_classesReferToNoClassAFilterLeftOut() throws Exception {
    // What the JVM resolves: the class constants and the type descriptors (fields, methods, signatures,
    // annotations) of every class file. A class that a filter of cli/pom.xml left out, and one kept refers to,
    // would be a NoClassDefFoundError the day that code runs. Left out = not in the jar but in the dependency jars
    // it is shaded from (target/shaded-dependencies.classpath); optional dependencies (Netty's epoll, Kotlin) are in
    // neither.
    Map<String, byte[]> classes = new HashMap<>();
    try (JarFile jar = new JarFile(JAR.toFile())) {
      for (JarEntry e : Collections.list(jar.entries())) {
        String n = e.getName();
        if (n.endsWith(".class") && !n.endsWith("module-info.class")) {
          if (n.startsWith("META-INF/versions/")) {
            n = n.substring(n.indexOf('/', "META-INF/versions/".length()) + 1);
          }
          try (InputStream in = jar.getInputStream(e)) {
            classes.put(n.substring(0, n.length() - ".class".length()), in.readAllBytes());
          }
        }
      }
    }
    Set<String> dependencyClasses = new HashSet<>();
    String classpath = Files.readString(Path.of(System.getProperty("tokenstore.cli.dependencies",
        "target/shaded-dependencies.classpath"))).strip();
    for (String path : classpath.split(java.io.File.pathSeparator)) {
      try (JarFile dependency = new JarFile(path)) {
        for (JarEntry e : Collections.list(dependency.entries())) {
          if (e.getName().endsWith(".class")) {
            dependencyClasses.add(e.getName().substring(0, e.getName().length() - ".class".length()));
          }
        }
      }
    }
    assertThat(dependencyClasses).as("the dependencies, whole").contains("com/google/crypto/tink/jwt/JwtMacConfig");
    Map<String, String> missing = new TreeMap<>();
    for (Map.Entry<String, byte[]> c : classes.entrySet()) {
      for (String ref : referencedClasses(c.getValue())) {
        if (!classes.containsKey(ref) && dependencyClasses.contains(ref)) {
          missing.putIfAbsent(ref, c.getKey());
        }
      }
    }
    assertThat(missing).as("class left out <- a class of the jar that refers to it").isEmpty();
  }

  /** The classes a class file names in its constant pool: class constants and types in descriptors. */
  private static Set<String> referencedClasses(byte[] classFile) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
    assertThat(in.readInt()).isEqualTo(0xCAFEBABE);
    in.readUnsignedShort();
    in.readUnsignedShort();
    int count = in.readUnsignedShort();
    String[] utf8 = new String[count];
    List<Integer> classNames = new ArrayList<>();
    for (int i = 1; i < count; i++) {
      int tag = in.readUnsignedByte();
      switch (tag) {
        case 1 -> utf8[i] = in.readUTF();
        case 7 -> classNames.add(in.readUnsignedShort());
        case 8, 16, 19, 20 -> in.readUnsignedShort();
        case 15 -> in.skipBytes(3);
        case 3, 4, 9, 10, 11, 12, 17, 18 -> in.readInt();
        case 5, 6 -> {
          in.readLong();
          i++;
        }
        default -> throw new IOException("constant pool tag " + tag);
      }
    }
    Set<String> refs = new HashSet<>();
    for (int i : classNames) {
      if (!utf8[i].startsWith("[")) {
        refs.add(utf8[i]);
      }
    }
    for (String u : utf8) {
      if (u != null) {
        Matcher m = DESCRIPTOR_CLASS.matcher(u);
        while (m.find()) {
          refs.add(m.group(1));
        }
      }
    }
    return refs;
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
