package io.tokenstore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tokenstore.OAuthToken;
import io.tokenstore.TokenStore;
import io.tokenstore.TokenStoreException;
import io.tokenstore.TokenStores;
import io.tokenstore.tck.Backends;
import io.tokenstore.testing.OAuthServer;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/** Every command in-process. */
class CliTest {
  @TempDir
  Path dir;

  private String out = "";
  private String err = "";

  private int run(String... args) {
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    int code = Main.run(args, new PrintWriter(o, true), new PrintWriter(e, true));
    out = o.toString();
    err = e.toString();
    return code;
  }

  /** Runs with this standard input, environment and time. */
  private int run(String stdin, Map<String, String> env, Instant now, String... args) {
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    int code = Main.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), env,
        Clock.fixed(now, ZoneOffset.UTC), new PrintWriter(o, true), new PrintWriter(e, true));
    out = o.toString();
    err = e.toString();
    return code;
  }

  private Path zohoFile() throws Exception {
    Path file = dir.resolve("sdk_tokens.txt");
    Files.writeString(file, "id,user_name,client_id,client_secret,refresh_token,access_token,grant_token,"
        + "expiry_time,redirect_url,api_domain\n"
        + "1,alice@example.com,1000.A,secret-a,refresh-a,access-a,,1764409530123,https://example.com/cb,"
        + "https://www.zohoapis.com\n"
        + "2,bob@example.com,1000.B,secret-b,refresh-b,access-b,grant-b,1764409530456,https://example.com/cb,"
        + "https://www.zohoapis.eu\n");
    return file;
  }

  @Test
  void providers_listsEveryBuiltInProviderWithSchemesAndOptions() {
    assertThat(run("providers")).isZero();
    assertThat(out).contains("sqlite", "schemes: sqlite:", "options: busyTimeout, create, synchronous, table", "redis-cluster:",
        "jdbc:postgresql:", "mongodb+srv:", "file:", "memory:", "list:", "from:");
  }

  @Test
  void ls_masksSecretsInTheTableAndInJson() throws Exception {
    String uri = "file:" + zohoFile();
    assertThat(run("ls", uri)).isZero();
    assertThat(out).contains("alice@example.com", "1000.A", "2025-11-29T09:45:30.123Z", "access,refresh,client-secret",
        "2 tokens").doesNotContain("secret-a", "access-a", "refresh-a");
    assertThat(run("ls", "--json", uri)).isZero();
    assertThat(out).contains("\"userName\" : \"alice@example.com\"", "\"accessToken\" : \"****\"")
        .doesNotContain("secret-a", "access-a", "grant-b");
    assertThat(run("ls", "--json", "--show-secrets", uri)).isZero();
    assertThat(out).contains("\"accessToken\" : \"access-a\"", "\"grantToken\" : \"grant-b\"");
  }

  @Test
  void accessToken_refreshesAnExpiredToken_savesIt_andServesItAgainWithoutACall() throws Exception {
    String uri = "sqlite:" + dir.resolve("access.db");
    try (OAuthServer server = new OAuthServer("refresh-a").rotate();
        TokenStore store = TokenStores.open(uri)) {
      store.saveToken(OAuthToken.builder().userName("alice@example.com").clientId("1000.A")
          .clientSecret("secret-a").refreshToken("refresh-a").accessToken("access-old")
          .expiryTime(Instant.now().minusSeconds(60)).build());
      String endpoint = server.endpoint().toString();
      assertThat(run("access-token", uri, "--user", "alice@example.com", "--token-endpoint", endpoint))
          .as(err).isZero();
      assertThat(out).isEqualTo("access-1\n");
      OAuthToken stored = store.findToken(OAuthToken.builder().userName("alice@example.com").build()).orElseThrow();
      assertThat(stored.accessToken()).isEqualTo("access-1");
      assertThat(stored.refreshToken()).as("the rotated refresh token, saved").isEqualTo("refresh-1");
      assertThat(run("access-token", uri, "--user", "alice@example.com", "--token-endpoint", endpoint)).isZero();
      assertThat(out).isEqualTo("access-1\n");
      assertThat(server.calls()).isEqualTo(1);

      server.answer(400, "{\"error\":\"invalid_grant\"}");
      assertThat(run("access-token", uri, "--user", "alice@example.com", "--token-endpoint", endpoint,
          "--min-validity", "7200")).isEqualTo(1);
      assertThat(err).contains("invalid_grant").doesNotContain("secret-a").doesNotContain("refresh-1");
      assertThat(out).isEmpty();
      assertThat(run("access-token", uri, "--user", "bob@example.com", "--token-endpoint", endpoint)).isEqualTo(1);
      assertThat(err).contains("no token with user bob@example.com");
      assertThat(run("access-token", uri, "--user", "alice@example.com", "--token-endpoint", endpoint,
          "--min-validity", "-1")).isEqualTo(2);
      assertThat(err).contains("--min-validity");
    }
  }

  @Test
  void get_byIdOrUser_andMissing() throws Exception {
    String uri = "file:" + zohoFile();
    assertThat(run("get", uri, "--id", "2")).isZero();
    assertThat(out).contains("bob@example.com").doesNotContain("alice");
    assertThat(run("get", uri, "--user", "alice@example.com", "--json")).isZero();
    assertThat(out).contains("\"id\" : \"1\"");
    assertThat(run("get", uri, "--id", "9")).isEqualTo(1);
    assertThat(err).contains("no token with id 9");
  }

  @Test
  void rm_andPurge() throws Exception {
    String uri = "file:" + zohoFile();
    assertThat(run("rm", uri, "1")).isZero();
    assertThat(run("rm", uri, "1")).isEqualTo(1);
    InputStream stdin = System.in;
    try {
      System.setIn(new ByteArrayInputStream("n\n".getBytes(StandardCharsets.UTF_8)));
      assertThat(run("purge", uri)).isEqualTo(1);
      assertThat(out).contains("Delete all 1 tokens");
      assertThat(err).contains("nothing deleted");
    } finally {
      System.setIn(stdin);
    }
    assertThat(run("purge", "--yes", uri)).isZero();
    assertThat(run("ls", uri)).isZero();
    assertThat(out).contains("0 tokens");
  }

  @Test
  void copy_zohoFileIntoSqliteAndBack_isIdempotentAndReportsRefusals() throws Exception {
    String file = "file:" + zohoFile();
    String sqlite = "sqlite:" + dir.resolve("tokens.db");
    assertThat(run("copy", file, sqlite)).as(out + err).isZero();
    assertThat(out).contains("2 added, 0 updated, 0 unchanged, 0 refused", "verified: 2 of 2");
    assertThat(run("copy", file, sqlite)).isZero();
    assertThat(out).contains("0 added, 0 updated, 2 unchanged, 0 refused");
    try (TokenStore db = TokenStores.open(sqlite)) {
      assertThat(db.findTokenById("1").map(OAuthToken::refreshToken)).contains("refresh-a");
      db.saveToken(OAuthToken.builder().id("7").userName("carol@example.com").accessToken("access-c")
          .expiryTime(Instant.ofEpochMilli(5)).build());
    }
    Path back = dir.resolve("back.txt");
    assertThat(run("copy", sqlite, "file:" + back)).isZero();
    assertThat(out).contains("3 added");
    assertThat(Files.readAllLines(back)).hasSize(4).anySatisfy(l -> assertThat(l).startsWith("7,carol@example.com"));

    try (TokenStore db = TokenStores.open(sqlite)) {
      db.saveToken(OAuthToken.builder().id("8").userName("dave@example.com").accessToken("access-d").build());
    }
    try (TokenStore f = TokenStores.open("file:" + back)) {
      f.saveToken(OAuthToken.builder().id("9").userName("dave@example.com").build());
    }
    assertThat(run("copy", sqlite, "file:" + back)).isEqualTo(1);
    assertThat(out).contains("1 refused", "refused token 8 (dave@example.com): another token in the target has "
        + "its userName").doesNotContain("access-d");
  }

  @Test
  void keysetCopyRotateRekey_encryptAZohoFileAndBringItBack() throws Exception {
    Path keyset = dir.resolve("keyset.json");
    assertThat(run("keyset", "create", keyset.toString())).as(out + err).isZero();
    assertThat(run("keyset", "create", keyset.toString())).isEqualTo(2);
    assertThat(err).contains("exists already");
    String file = "file:" + zohoFile();
    String secure = "sqlite:" + dir.resolve("secure.db") + "?keyset=file:" + keyset;
    assertThat(run("copy", file, secure)).as(out + err).isZero();
    assertThat(out).contains("2 added", "verified: 2 of 2");
    for (String f : new String[] {"secure.db", "secure.db-wal"}) {
      Path p = dir.resolve(f);
      if (Files.exists(p)) {
        assertThat(Files.readString(p, java.nio.charset.StandardCharsets.ISO_8859_1)).as(f)
            .doesNotContain("refresh-a", "secret-a", "access-b", "grant-b");
      }
    }
    // Without the keyset, the encrypted store is refused, not read as plaintext.
    assertThat(run("ls", "sqlite:" + dir.resolve("secure.db"))).isEqualTo(1);
    assertThat(err).contains("keyset=file:PATH");
    assertThat(run("keyset", "rotate", keyset.toString())).as(out + err).isZero();
    assertThat(run("rekey", secure)).as(out + err).isZero();
    assertThat(out).contains("2 token(s) re-encrypted");
    assertThat(run("rekey", secure)).isZero();
    assertThat(out).contains("0 token(s) re-encrypted");
    Path back = dir.resolve("back.txt");
    assertThat(run("copy", secure, "file:" + back)).as(out + err).isZero();
    assertThat(Files.readString(back)).contains("refresh-a");
  }

  @Test
  void copy_tokenWithoutId_getsANewIdInTheTarget_andTheCopyGoesOn() throws Exception {
    try (TokenStore source = TokenStores.open("memory:idless-cli-copy")) {
      source.deleteTokens();
      source.saveToken(OAuthToken.builder().userName("alice@example.com").clientId("1000.A").clientSecret("secret-a")
          .refreshToken("refresh-a").accessToken("access-a").build());
      source.saveToken(OAuthToken.builder().userName("bob@example.com").accessToken("access-b").build());
    }
    String sqlite = "sqlite:" + dir.resolve("no-id.db");
    assertThat(run("copy", "idless:cli-copy", sqlite)).as(out + err).isZero();
    assertThat(out).contains("2 added, 0 updated, 0 unchanged, 0 refused",
        "token without id (alice@example.com) has id ", "token without id (bob@example.com) has id ",
        "verified: 2 of 2").doesNotContain("secret-a", "access-a");
    try (TokenStore db = TokenStores.open(sqlite)) {
      assertThat(db.getTokens()).hasSize(2).allSatisfy(t -> assertThat(t.id()).isNotNull());
    }
    assertThat(run("copy", "idless:cli-copy", sqlite)).as(out + err).isZero();
    assertThat(out).contains("0 added, 0 updated, 2 unchanged, 0 refused", "verified: 2 of 2");
  }

  @Test
  void copy_tokenWithoutIdOrKey_isRefusedWithTheReason_andTheOthersAreCopied() {
    try (TokenStore source = TokenStores.open("memory:idless-cli-no-key")) {
      source.deleteTokens();
      // Neither id nor anything to find it by: client credentials and an access token only.
      source.saveToken(OAuthToken.builder().clientId("1000.A").clientSecret("secret-a").accessToken("access-a")
          .build());
      source.saveToken(OAuthToken.builder().userName("bob@example.com").accessToken("access-b").build());
    }
    assertThat(run("copy", "idless:cli-no-key", "memory:cli-no-key")).isEqualTo(1);
    assertThat(out).contains("1 added, 0 updated, 0 unchanged, 1 refused",
        "refused token without id: it has no id and nothing else to find it by", "verified: 1 of 1")
        .doesNotContain("secret-a", "access-a");
    assertThat(err).isEmpty();
  }

  @Test
  void openFailure_saysWhyInOneLine_andVerboseAddsTheStackTrace() throws Exception {
    Path notADirectory = zohoFile();
    assertThat(run("copy", "memory:", "sqlite:" + notADirectory.resolve("x.db"))).isEqualTo(1);
    assertThat(err.strip()).doesNotContain("\n").startsWith("tokenstore: ").contains("Not a directory");
    assertThat(run("copy", "memory:", "file:" + notADirectory.resolve("x.txt"))).isEqualTo(1);
    assertThat(err.strip()).doesNotContain("\n").startsWith("tokenstore: ").contains("Not a directory");
    assertThat(run("--verbose", "copy", "memory:", "file:" + notADirectory.resolve("x.txt"))).isEqualTo(1);
    assertThat(err).contains("Not a directory").contains("\tat io.tokenstore.");
  }

  @Test
  void openFailure_ofAServer_showsTheServersReason_neverThePassword() {
    assertThat(run("ls", "jdbc:postgresql://127.0.0.1:1/x?user=u&password=hunter2&connectTimeout=300ms"))
        .isEqualTo(1);
    assertThat(err.strip()).doesNotContain("\n").doesNotContain("hunter2").contains("****")
        .containsIgnoringCase("refused");
  }

  @Test
  void readingCommands_onAMissingStore_sayNoSuchStore_andCreateNothing() {
    String missing = "createtest:missing-" + System.nanoTime();
    for (String[] command : List.of(new String[] {"ls", missing}, new String[] {"get", missing, "--id", "1"},
        new String[] {"rm", missing, "1"}, new String[] {"purge", "--yes", missing},
        new String[] {"copy", missing, "memory:"})) {
      assertThat(run(command)).as(String.join(" ", command)).isEqualTo(1);
      assertThat(err.strip()).as(String.join(" ", command)).isEqualTo("tokenstore: no such store: " + missing);
      assertThat(CreateOptionProvider.EXISTING).doesNotContain(missing.substring("createtest:".length()));
    }
    // Writing creates the store; then reading finds it. An explicit create in the URI is the user's choice.
    String created = "createtest:created-" + System.nanoTime();
    assertThat(run("copy", "memory:", created)).as(out + err).isZero();
    assertThat(run("ls", created)).isZero();
    assertThat(out).contains("0 tokens");
    assertThat(run("ls", missing + "?create=true")).isZero();
  }

  @Test
  void readingCommands_onAMissingSqliteOrFileStore_sayNoSuchStore_andCreateNothing() {
    // Needs the sqlite and file providers' option create (their branches): the CLI passes create=false.
    for (String uri : List.of("sqlite:" + dir.resolve("typo.db"), "file:" + dir.resolve("typo.txt"))) {
      for (String[] command : List.of(new String[] {"ls", uri}, new String[] {"get", uri, "--id", "1"},
          new String[] {"rm", uri, "1"}, new String[] {"purge", "--yes", uri},
          new String[] {"copy", uri, "memory:"})) {
        assertThat(run(command)).as(String.join(" ", command)).isEqualTo(1);
        assertThat(err).as(String.join(" ", command)).contains("no such store");
      }
    }
    assertThat(dir.toFile().list()).isEmpty();
  }

  @Test
  void ls_json_isTheLayoutJacksonDatabindPrinted_toTheByte() throws Exception {
    // The output of jackson-databind's ObjectMapper with INDENT_OUTPUT, which printed this JSON before the
    // streaming generator of jackson-core replaced it: scripts that compare or patch it see no change.
    try (TokenStore store = TokenStores.open("memory:cli-json-layout")) {
      store.deleteTokens();
      store.saveToken(OAuthToken.builder().id("1").userName("alice@example.com").clientId("1000.A")
          .clientSecret("secret-a").refreshToken("refresh-a").accessToken("access-a")
          .expiryTime(Instant.parse("2025-11-29T09:45:30.123Z")).redirectUrl("https://example.com/cb")
          .apiDomain("https://www.zohoapis.com").build());
      store.saveToken(OAuthToken.builder().id("2").userName("b\u00e9 \"q\" \\ \u001b\u2066 \ud83d\ude00")
          .clientId("1000.B").grantToken("grant-b").build());
    }
    assertThat(run("", Map.of(), Instant.parse("2025-11-29T09:00:00Z"), "ls", "--json", "memory:cli-json-layout"))
        .as(err).isZero();
    assertThat(out).isEqualTo(("[ {\n"
        + "  \"id\" : \"1\",\n"
        + "  \"userName\" : \"alice@example.com\",\n"
        + "  \"clientId\" : \"1000.A\",\n"
        + "  \"clientSecret\" : \"****\",\n"
        + "  \"refreshToken\" : \"****\",\n"
        + "  \"accessToken\" : \"****\",\n"
        + "  \"grantToken\" : null,\n"
        + "  \"expiryTime\" : \"2025-11-29T09:45:30.123Z\",\n"
        + "  \"accessTokenExpired\" : false,\n"
        + "  \"redirectUrl\" : \"https://example.com/cb\",\n"
        + "  \"apiDomain\" : \"https://www.zohoapis.com\"\n"
        + "}, {\n"
        + "  \"id\" : \"2\",\n"
        + "  \"userName\" : \"b\u00e9 \\\"q\\\" \\\\ \\u001B\\u2066 \ud83d\ude00\",\n"
        + "  \"clientId\" : \"1000.B\",\n"
        + "  \"clientSecret\" : null,\n"
        + "  \"refreshToken\" : null,\n"
        + "  \"accessToken\" : null,\n"
        + "  \"grantToken\" : \"****\",\n"
        + "  \"expiryTime\" : null,\n"
        + "  \"accessTokenExpired\" : null,\n"
        + "  \"redirectUrl\" : null,\n"
        + "  \"apiDomain\" : null\n"
        + "} ]\n").replace("\n", System.lineSeparator()));
    assertThat(run("ls", "--json", "memory:cli-json-layout-empty")).as(err).isZero();
    assertThat(out).isEqualTo("[ ]" + System.lineSeparator());
  }

  @Test
  void ls_controlCharactersOfValues_areShownEscaped_inTheTableAndInJson() throws Exception {
    String evil = "eve\u001b[31m\u009b2J\u007f\u202eexample.com\u2066";
    try (TokenStore store = TokenStores.open("memory:cli-escape")) {
      store.deleteTokens();
      store.saveToken(OAuthToken.builder().id("1").userName(evil).clientId("c\rid").accessToken("a").build());
    }
    assertThat(run("ls", "memory:cli-escape")).isZero();
    assertThat(out).contains("eve\\u001b[31m\\u009b2J\\u007f\\u202eexample.com\\u2066", "c\\u000did")
        .doesNotContain("\u001b", "\u009b", "\u007f", "\u202e", "\u2066", "\r");
    assertThat(run("ls", "--json", "memory:cli-escape")).isZero();
    assertThat(out).contains("eve\\u001B[31m\\u009B2J\\u007F\\u202Eexample.com\\u2066")
        .doesNotContain("\u001b", "\u009b", "\u007f", "\u202e", "\u2066", "\r");
    assertThat(new ObjectMapper().readTree(out).get(0).get("userName").asText()).isEqualTo(evil);
    assertThat(run("get", "memory:cli-escape", "--user", evil + "x")).isEqualTo(1);
    assertThat(err).contains("eve\\u001b[31m").doesNotContain("\u001b");
  }

  @Test
  void ls_mysqlUrl_withTheDriverInPlugins_listsTheTokens() throws Exception {
    Path plugins = Path.of(System.getProperty("tokenstore.cli.mysqlPlugins", "target/test-plugins/mysql"));
    assertThat(plugins.resolve("mysql-connector-j-" + mysqlVersion(plugins) + ".jar")).exists();
    String table = "cli_mysql_" + Long.toString(System.nanoTime(), 36);
    String mariadb = "jdbc:mariadb://127.0.0.1:3306/test?user=root&connectTimeout=2s&table=" + table;
    try (TokenStore store = TokenStores.open(mariadb)) {
      store.saveToken(OAuthToken.builder().id("1").userName("alice@example.com").accessToken("access-a").build());
    } catch (TokenStoreException e) {
      throw Backends.unavailable("MariaDB", "run one on 127.0.0.1:3306 (root, database test)");
    }
    try {
      String mysql = "jdbc:mysql://127.0.0.1:3306/test?user=root&table=" + table;
      assertThat(run("--plugins", plugins.toString(), "ls", mysql)).as(out + err).isZero();
      assertThat(out).contains("alice@example.com", "1 token");
    } finally {
      try (Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/test?user=root");
          Statement st = c.createStatement()) {
        st.execute("DROP TABLE IF EXISTS " + table);
        st.execute("DELETE FROM tokenstore_schema WHERE table_name = '" + table + "'");
      }
    }
  }

  @Test
  void ls_mysqlUrl_withoutTheDriver_namesTheMissingDriver() {
    assertThat(run("ls", "jdbc:mysql://127.0.0.1:3306/test?user=root&password=hunter2")).isEqualTo(1);
    assertThat(err.strip()).doesNotContain("\n").doesNotContain("hunter2")
        .contains("no JDBC driver for jdbc:mysql:", "com.mysql:mysql-connector-j", "--plugins");
  }

  private static String mysqlVersion(Path plugins) throws Exception {
    try (Stream<Path> jars = Files.list(plugins)) {
      return jars.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("mysql-connector-j-"))
          .map(n -> n.substring("mysql-connector-j-".length(), n.length() - ".jar".length())).findFirst()
          .orElse("(none)");
    }
  }

  @Test
  void logging_showsWarningsAndErrorsOnly_javaUtilLoggingIncluded() {
    assertThat(LoggerFactory.getLogger("io.lettuce.core.RedisHandshake").isInfoEnabled()).isFalse();
    assertThat(LoggerFactory.getLogger("io.lettuce.core.RedisHandshake").isWarnEnabled()).isTrue();
    java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
    java.util.logging.Handler[] handlers = root.getHandlers();
    java.util.logging.Level level = root.getLevel();
    try {
      Main.routeJavaUtilLogging();
      assertThat(root.getHandlers()).singleElement().isInstanceOf(SLF4JBridgeHandler.class);
      assertThat(java.util.logging.Logger.getLogger("org.postgresql").isLoggable(java.util.logging.Level.INFO))
          .isFalse();
      assertThat(java.util.logging.Logger.getLogger("org.postgresql").isLoggable(java.util.logging.Level.WARNING))
          .isTrue();
    } finally {
      SLF4JBridgeHandler.uninstall();
      for (java.util.logging.Handler h : handlers) {
        root.addHandler(h);
      }
      root.setLevel(level);
    }
  }

  @Test
  void tck_certifiesAStoreWithTheRuleTable() {
    assertThat(run("tck", "memory:cli-tck")).as(out + err).isZero();
    assertThat(out).contains("PASS  KEY-1 ").containsPattern("(?m)^43 passed, 0 failed, 1 skipped$");
  }

  @Test
  void badInput_isOneClearLineAndANonZeroExit() {
    assertThat(run("ls", "nosuch:x")).isEqualTo(2);
    assertThat(err.strip()).doesNotContain("\n").contains("no token store provider for nosuch:x")
        .contains("sqlite:").doesNotContain("Exception");
    assertThat(run("ls", "sqlite:" + dir.resolve("x.db") + "?synchronous=maybe")).isEqualTo(2);
    assertThat(err.strip()).doesNotContain("\n").contains("'synchronous'").contains("full, normal");
    assertThat(run("ls", "file:" + dir.resolve("missing-dir").resolve("t.txt"))).isEqualTo(1);
    assertThat(err.strip()).doesNotContain("\n").startsWith("tokenstore: ");
    assertThat(run("ls", "jdbc:postgresql://127.0.0.1:1/x?user=u&password=hunter2&connectTimeout=300ms"))
        .isEqualTo(1);
    assertThat(err).doesNotContain("hunter2").contains("****");
    assertThat(run("get", "memory:")).isEqualTo(2);
    assertThat(err).contains("--id").contains("--user");
    assertThat(run("ls", "--bogus", "redis://:pw-secret@127.0.0.1:1")).isEqualTo(2);
    assertThat(err).contains("unknown option --bogus", "tokenstore ls --help").doesNotContain("pw-secret");
    assertThat(run("ls", "memory:", "hunter2")).isEqualTo(2);
    assertThat(err).contains("extra argument").doesNotContain("hunter2");
    assertThat(run("get", "redis://:pw-secret@127.0.0.1:1")).isEqualTo(2);
    assertThat(err).contains("--id").doesNotContain("pw-secret");
  }

  @Test
  void help_onEveryCommandHasAnExample() {
    for (String command : List.of("providers", "ls", "get", "put", "rm", "purge", "copy", "tck", "bench")) {
      assertThat(run(command, "--help")).isZero();
      assertThat(out).as(command).contains("Usage: tokenstore " + command).contains("Example");
    }
  }

  @Test
  void ls_showsWhetherEachAccessTokenIsValidAndForHowLong() throws Exception {
    String uri = "file:" + zohoFile();
    assertThat(run("", Map.of(), Instant.parse("2025-11-29T12:45:31Z"), "ls", uri)).isZero();
    assertThat(out).contains("ACCESS TOKEN").contains("expired 3 h ago");
    assertThat(run("", Map.of(), Instant.parse("2025-11-29T09:04:00Z"), "ls", uri)).isZero();
    assertThat(out).contains("valid 41 min");
    assertThat(run("", Map.of(), Instant.parse("2025-11-29T09:45:30.200Z"), "ls", uri)).isZero();
    assertThat(out).contains("expired 0 s ago");
    assertThat(run("", Map.of(), Instant.parse("2025-12-09T09:45:30Z"), "ls", "--json", uri)).isZero();
    assertThat(out).contains("\"accessTokenExpired\" : true");
    assertThat(run("", Map.of(), Instant.parse("2025-11-20T09:45:30Z"), "get", uri, "--id", "1")).isZero();
    assertThat(out).contains("valid 9 d");
  }

  @Test
  void put_readsSecretsFromStandardInputAndTheEnvironment_andPrintsTheTokenMasked() throws Exception {
    String uri = "sqlite:" + dir.resolve("put.db");
    assertThat(run("1000.grant-from-console\n", Map.of("ZOHO_SECRET", "client-secret-value"), Instant.EPOCH,
        "put", uri, "--user", "alice@example.com", "--client-id", "1000.ABC", "--client-secret-env", "ZOHO_SECRET",
        "--grant-token-stdin", "--redirect-url", "https://app.example/cb")).as(err).isZero();
    assertThat(out).contains("alice@example.com", "1000.ABC", "grant,client-secret", "1 token")
        .doesNotContain("1000.grant-from-console", "client-secret-value");
    try (TokenStore store = TokenStores.open(uri)) {
      OAuthToken t = store.findToken(OAuthToken.builder().userName("alice@example.com").build()).orElseThrow();
      assertThat(t.grantToken()).isEqualTo("1000.grant-from-console");
      assertThat(t.clientSecret()).isEqualTo("client-secret-value");
      assertThat(t.redirectUrl()).isEqualTo("https://app.example/cb");
    }
  }

  @Test
  void put_ofAnExistingUser_mergesIntoItsRecord_andReadsSeveralSecretsInTheDocumentedOrder() throws Exception {
    Path file = zohoFile();
    assertThat(run("new-secret\nnew-refresh\nnew-access\n", Map.of(), Instant.EPOCH, "put", "file:" + file,
        "--user", "alice@example.com", "--access-token-stdin", "--refresh-token-stdin", "--client-secret-stdin",
        "--expiry-time", "2026-12-06T10:15:30Z", "--json")).as(err).isZero();
    assertThat(out).contains("\"id\" : \"1\"", "\"accessToken\" : \"****\"", "2026-12-06T10:15:30Z")
        .doesNotContain("new-secret", "new-refresh", "new-access");
    assertThat(Files.readString(file)).contains("1,alice@example.com,1000.A,new-secret,new-refresh,new-access,,"
        + "1796552130000,https://example.com/cb,https://www.zohoapis.com");
  }

  @Test
  void put_refusesSecretsAsArguments_withoutEchoingThem_andExplainsBadSources() throws Exception {
    String uri = "file:" + zohoFile();
    String before = Files.readString(Path.of(uri.substring(5)));
    assertThat(run("", Map.of(), Instant.EPOCH, "put", uri, "--user", "carol", "--grant-token", "hunter2"))
        .isEqualTo(2);
    assertThat(err).doesNotContain("hunter2").contains("--grant-token-stdin").contains("shell history");
    assertThat(run("", Map.of(), Instant.EPOCH, "put", uri, "--user", "carol", "--grant-token-stdin"))
        .isEqualTo(2);
    assertThat(err).contains("--grant-token-stdin: standard input ended");
    assertThat(run("\n", Map.of(), Instant.EPOCH, "put", uri, "--user", "carol", "--grant-token-stdin"))
        .isEqualTo(2);
    assertThat(err).contains("empty line");
    assertThat(run("", Map.of("SET", "x"), Instant.EPOCH, "put", uri, "--user", "carol", "--grant-token-env",
        "UNSET")).isEqualTo(2);
    assertThat(err).contains("--grant-token-env", "UNSET", "not set");
    assertThat(run("x\n", Map.of("SET", "x"), Instant.EPOCH, "put", uri, "--user", "carol", "--grant-token-env",
        "SET", "--grant-token-stdin")).isEqualTo(2);
    assertThat(err).contains("mutually exclusive");
    assertThat(run("", Map.of(), Instant.EPOCH, "put", uri, "--user", "carol", "--expiry-time", "tomorrow"))
        .isEqualTo(2);
    assertThat(err).contains("--expiry-time");
    assertThat(Files.readString(Path.of(uri.substring(5)))).isEqualTo(before);
  }
}
