package io.tokenstore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenstore.OAuthToken;
import io.tokenstore.TokenStore;
import io.tokenstore.TokenStores;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    assertThat(out).contains("sqlite", "schemes: sqlite:", "options: busyTimeout, synchronous, table", "redis-cluster:",
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
  void tck_certifiesAStoreWithTheRuleTable() {
    assertThat(run("tck", "memory:cli-tck")).as(out + err).isZero();
    assertThat(out).contains("PASS  KEY-1 ").containsPattern("(?m)^34 passed, 0 failed, 1 skipped$");
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
  }

  @Test
  void help_onEveryCommandHasAnExample() {
    for (String command : List.of("providers", "ls", "get", "rm", "purge", "copy", "tck", "bench")) {
      assertThat(run(command, "--help")).isZero();
      assertThat(out).as(command).contains("Usage: tokenstore " + command).contains("Example");
    }
  }

  @Test
  void bench_comparesStores() {
    assertThat(run("bench", "--time", "1", "memory:", "list:")).as(out + err).isZero();
    assertThat(out).contains("OPERATION", "findByUserName", "saveUpdate").containsPattern("\\d+ ops/s");
  }
}
