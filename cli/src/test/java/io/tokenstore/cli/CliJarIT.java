package io.tokenstore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenstore.tck.Backends;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged {@code tokenstore.jar}, run with {@code java -jar}, including a provider dropped into --plugins. */
class CliJarIT {
  private static final Path JAR = Path.of(System.getProperty("tokenstore.cli.jar", "target/tokenstore.jar"));

  @TempDir
  Path dir;

  private String output;

  private int java(String... args) throws Exception {
    return javaWithInput("", args);
  }

  private int javaWithInput(String stdin, String... args) throws Exception {
    return javaWithInputAndEnvironment(stdin, Map.of(), args);
  }

  private int javaWithInputAndEnvironment(String stdin, Map<String, String> env, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
    command.addAll(List.of(args));
    Path log = dir.resolve("out-" + System.nanoTime() + ".log");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(env);
    Process p = builder.start();
    try (var in = p.getOutputStream()) {
      in.write(stdin.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
    output = Files.readString(log);
    return p.exitValue();
  }

  /** Builds the example store of examples/custom-store into a jar, as a third party would ship it. */
  private Path exampleProviderJar() throws Exception {
    Path classes = Files.createDirectories(dir.resolve("classes"));
    List<String> javac = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "javac").toString(),
        "-d", classes.toString(), "-cp", JAR.toString(), "--release", "17"));
    try (Stream<Path> sources = Files.walk(Path.of("..", "examples", "custom-store", "src", "main", "java"))) {
      sources.filter(p -> p.toString().endsWith(".java") && !p.endsWith("module-info.java"))
          .forEach(p -> javac.add(p.toString()));
    }
    Process p = new ProcessBuilder(javac).inheritIO().start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
    Path plugins = Files.createDirectories(dir.resolve("plugins"));
    Path jar = plugins.resolve("example-store.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
        Stream<Path> files = Files.walk(classes)) {
      for (Path f : files.filter(Files::isRegularFile).collect(Collectors.toList())) {
        out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
        Files.copy(f, out);
        out.closeEntry();
      }
      out.putNextEntry(new JarEntry("META-INF/services/io.tokenstore.spi.TokenStoreProvider"));
      out.write("com.example.tokens.ExampleTokenStoreProvider\n".getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }
    return plugins;
  }

  @Test
  void jar_copiesAZohoFileIntoSqliteAndListsIt() throws Exception {
    Path file = dir.resolve("sdk_tokens.txt");
    Files.writeString(file, "id,user_name,client_id,client_secret,refresh_token,access_token,grant_token,"
        + "expiry_time,redirect_url,api_domain\n1,alice@example.com,1000.A,secret-a,refresh-a,access-a,,"
        + "1764409530123,https://example.com/cb,https://www.zohoapis.com\n");
    String db = "sqlite:" + dir.resolve("tokens.db");
    assertThat(java("copy", "file:" + file, db)).as(output).isZero();
    assertThat(output).contains("1 added");
    assertThat(java("ls", db)).isZero();
    assertThat(output).contains("alice@example.com").doesNotContain("secret-a", "access-a");
  }

  @Test
  void jar_findsAProviderDroppedIntoPlugins_andCertifiesIt() throws Exception {
    Path plugins = exampleProviderJar();
    assertThat(java("providers")).isZero();
    assertThat(output).doesNotContain("example:");
    assertThat(java("--plugins", plugins.toString(), "providers")).as(output).isZero();
    assertThat(output).contains("example", "schemes: example:", "example-store.jar");
    assertThat(java("--plugins", plugins.toString(), "tck", "example:cli")).as(output).isZero();
    assertThat(output).containsPattern("(?m)^35 passed, 0 failed, 9 skipped$");
  }

  @Test
  void jar_redisCommand_printsNoLibraryInfoLines() throws Exception {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", 6379), 2000);
    } catch (IOException e) {
      throw Backends.unavailable("Redis", "run one on 127.0.0.1:6379");
    }
    // Lettuce logged "INFO: Maintenance events not supported." (two lines, through java.util.logging) each time.
    assertThat(java("ls", "redis://127.0.0.1:6379?prefix=cli-it-" + System.nanoTime() + ":")).as(output).isZero();
    assertThat(output).isEqualTo("ID  USER  CLIENT ID  EXPIRY  ACCESS TOKEN  SECRETS\n0 tokens\n");
    // Lettuce and Netty, with the parts the jar leaves out of them (cli/pom.xml), write, read and delete.
    String redis = "redis://127.0.0.1:6379?prefix=cli-it-" + System.nanoTime() + ":";
    assertThat(javaWithInput("refresh-r\n", "put", redis, "--user", "rita@example.com", "--client-id", "1000.R",
        "--refresh-token-stdin")).as(output).isZero();
    assertThat(java("ls", "--json", "--show-secrets", redis)).as(output).isZero();
    assertThat(output).contains("\"userName\" : \"rita@example.com\"", "\"refreshToken\" : \"refresh-r\"");
    assertThat(java("purge", "--yes", redis)).as(output).isZero();
    assertThat(java("ls", redis)).as(output).isZero();
    assertThat(output).contains("0 tokens");
  }

  @Test
  void jar_mysqlUrl_withTheDriverInPlugins_works_andWithoutItNamesTheDriver() throws Exception {
    Path plugins = Path.of(System.getProperty("tokenstore.cli.mysqlPlugins", "target/test-plugins/mysql"));
    String table = "cli_it_mysql_" + Long.toString(System.nanoTime(), 36);
    String mysql = "jdbc:mysql://127.0.0.1:3306/test?user=root&connectTimeout=2s&table=" + table;
    assertThat(java("ls", mysql)).isEqualTo(1);
    assertThat(output.strip()).doesNotContain("\n")
        .contains("no JDBC driver for jdbc:mysql:", "com.mysql:mysql-connector-j", "--plugins");
    int code = java("--plugins", plugins.toString(), "ls", mysql);
    try {
      if (code != 0 && output.contains("cannot connect")) {
        throw Backends.unavailable("MariaDB", "run one on 127.0.0.1:3306 (root, database test): " + output);
      }
      assertThat(code).as(output).isZero();
      assertThat(output).contains("0 tokens");
    } finally {
      try (Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/test?user=root");
          Statement st = c.createStatement()) {
        st.execute("DROP TABLE IF EXISTS " + table);
        st.execute("DELETE FROM tokenstore_schema WHERE table_name = '" + table + "'");
      } catch (SQLException e) {
        // no server: nothing was created
      }
    }
  }

  @Test
  void jar_h2Url_withTheDriverInPlugins_works_andWithoutItNamesTheDriver() throws Exception {
    // H2 is not in the jar (2.7 MB): like MySQL Connector/J, its jar goes into a plugins folder.
    Path plugins = Path.of(System.getProperty("tokenstore.cli.h2Plugins", "target/test-plugins/h2"));
    String h2 = "jdbc:h2:" + dir.resolve("tokens-h2").toAbsolutePath();
    assertThat(java("ls", h2)).isEqualTo(1);
    assertThat(output.strip()).doesNotContain("\n")
        .contains("no JDBC driver for jdbc:h2:", "com.h2database:h2", "--plugins");
    Path file = dir.resolve("sdk_tokens.txt");
    Files.writeString(file, "id,user_name,client_id,client_secret,refresh_token,access_token,grant_token,"
        + "expiry_time,redirect_url,api_domain\n1,alice@example.com,1000.A,secret-a,refresh-a,access-a,,"
        + "1764409530123,https://example.com/cb,https://www.zohoapis.com\n");
    assertThat(java("--plugins", plugins.toString(), "copy", "file:" + file, h2)).as(output).isZero();
    assertThat(output).contains("1 added", "verified: 1 of 1");
    assertThat(java("--plugins", plugins.toString(), "ls", h2)).as(output).isZero();
    assertThat(output).contains("alice@example.com", "1 token");
  }

  @Test
  void jar_unknownScheme_isOneLineWithoutAStackTrace() throws Exception {
    assertThat(java("ls", "nosuch:x")).isEqualTo(2);
    assertThat(output.strip()).doesNotContain("\n").doesNotContain("at io.tokenstore");
  }

  @Test
  void jar_put_takesTheSecretFromAPipe_andTheProcessArgumentsNeverHoldIt() throws Exception {
    Path db = dir.resolve("put.db");
    assertThat(javaWithInput("1000.grant-piped-secret\n", "put", "sqlite:" + db, "--user", "alice@example.com",
        "--client-id", "1000.ABC", "--grant-token-stdin")).as(output).isZero();
    assertThat(output).contains("alice@example.com", "grant").doesNotContain("1000.grant-piped-secret");
    assertThat(java("ls", "--json", "--show-secrets", "sqlite:" + db)).as(output).isZero();
    assertThat(output).contains("\"grantToken\" : \"1000.grant-piped-secret\"");
  }

  @Test
  void jar_keysetCreateAndRotate_encryptedCopyAndRekey_andTheKitOnAnEncryptedStore() throws Exception {
    // Tink in the jar keeps what tokenstore-encryption registers (AEAD with MAC, deterministic AEAD) and leaves out
    // signatures, hybrid encryption, JWT, streaming AEAD and key derivation (cli/pom.xml): every use of a keyset,
    // from the jar.
    Path keyset = dir.resolve("keyset.json");
    assertThat(java("keyset", "create", keyset.toString())).as(output).isZero();
    Path file = dir.resolve("sdk_tokens.txt");
    Files.writeString(file, "id,user_name,client_id,client_secret,refresh_token,access_token,grant_token,"
        + "expiry_time,redirect_url,api_domain\n1,alice@example.com,1000.A,secret-a,refresh-a,access-a,,"
        + "1764409530123,https://example.com/cb,https://www.zohoapis.com\n");
    Path db = dir.resolve("secure.db");
    String secure = "sqlite:" + db + "?keyset=file:" + keyset;
    assertThat(java("copy", "file:" + file, secure)).as(output).isZero();
    assertThat(output).contains("1 added", "verified: 1 of 1");
    assertThat(java("ls", "sqlite:" + db)).as(output).isEqualTo(1);
    assertThat(output).contains("keyset=file:PATH");
    assertThat(java("keyset", "rotate", keyset.toString())).as(output).isZero();
    assertThat(java("rekey", secure)).as(output).isZero();
    assertThat(output).contains("1 token(s) re-encrypted");
    assertThat(javaWithInputAndEnvironment("", Map.of("CLI_JAR_IT_KEYSET", Files.readString(keyset)), "ls",
        "--json", "--show-secrets", "sqlite:" + db + "?keyset=env:CLI_JAR_IT_KEYSET")).as(output).isZero();
    assertThat(output).contains("\"refreshToken\" : \"refresh-a\"", "\"clientSecret\" : \"secret-a\"");
    assertThat(java("tck", "sqlite:" + dir.resolve("tck.db") + "?keyset=file:" + keyset)).as(output).isZero();
    assertThat(output).containsPattern("(?m)^43 passed, 0 failed, 1 skipped$");
  }

  @Test
  void jar_bench_measuresAndPrintsOpsPerSecond() throws Exception {
    // JMH with the part of commons-math3 the jar keeps (cli/pom.xml).
    assertThat(java("bench", "--time", "1", "--size", "100", "memory:", "list:")).as(output).isZero();
    assertThat(output).contains("OPERATION", "findByUserName", "saveUpdate").containsPattern("\\d+ ops/s");
  }
}
