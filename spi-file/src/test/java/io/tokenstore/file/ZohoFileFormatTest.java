package io.tokenstore.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenstore.OAuthToken;
import io.tokenstore.TokenStore;
import io.tokenstore.TokenStores;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each variant the Zoho SDKs write, from fixtures written by hand: read with nothing lost, saved back alike. */
class ZohoFileFormatTest {
  @TempDir
  Path dir;

  private Path fixture(String name) throws IOException {
    Path file = dir.resolve(name);
    try (InputStream in = ZohoFileFormatTest.class.getResourceAsStream("/zoho/" + name)) {
      Files.copy(in, file);
    }
    return file;
  }

  private static final OAuthToken ALICE = OAuthToken.builder().id("1").userName("alice@example.com")
      .clientId("1000.CLIENTA").clientSecret("secret-a").refreshToken("1000.refresh.a").accessToken("1000.access.a")
      .expiryTime(Instant.ofEpochMilli(1_764_409_530_123L)).redirectUrl("https://example.com/callback")
      .apiDomain("https://www.zohoapis.com").build();

  @ParameterizedTest
  @ValueSource(strings = {"java8.txt", "java-quoted.txt", "python.txt", "legacy9.txt"})
  void open_zohoVariant_readsEveryFieldAndWritesTheSameVariant(String name) throws IOException {
    Path file = fixture(name);
    List<String> before = Files.readAllLines(file);
    boolean legacy = name.equals("legacy9.txt");
    try (TokenStore store = TokenStores.open("file:" + file)) {
      OAuthToken alice = legacy ? ALICE.toBuilder().apiDomain(null).build() : ALICE;
      assertThat(store.findTokenById("1")).contains(alice);
      assertThat(store.findToken(OAuthToken.builder().clientId("x").clientSecret("y").grantToken("1000.grant.b")
          .build()).map(OAuthToken::userName)).contains("bob@example.com");

      store.saveToken(OAuthToken.builder().userName("alice@example.com").accessToken("1000.access.a2").build());
      OAuthToken carol = store.saveToken(OAuthToken.builder().userName("carol@example.com").accessToken("c")
          .build());
      assertThat(carol.id()).isEqualTo("3");
    }
    List<String> after = Files.readAllLines(file);
    assertThat(after.get(0)).as("header").isEqualTo(before.get(0));
    assertThat(after.get(2)).as("bob's untouched line").isEqualTo(before.get(2));
    assertThat(after.get(1)).isEqualTo(before.get(1).replace("1000.access.a", "1000.access.a2"));
    assertThat(after).hasSize(4);
    if (name.equals("java-quoted.txt")) {
      assertThat(after.get(3)).startsWith("\"3\",\"carol@example.com\"");
    } else {
      assertThat(after.get(3)).startsWith("3,carol@example.com,");
    }
  }

  @Test
  void save_legacyFileGivenAnApiDomain_addsTheColumnRatherThanLoseIt() throws IOException {
    Path file = fixture("legacy9.txt");
    try (TokenStore store = TokenStores.open("file:" + file)) {
      store.saveToken(OAuthToken.builder().id("2").apiDomain("https://www.zohoapis.in").build());
    }
    assertThat(Files.readAllLines(file).get(0)).endsWith(",redirect_url,api_domain");
    try (TokenStore store = TokenStores.open("file:" + file)) {
      assertThat(store.findTokenById("2").map(OAuthToken::apiDomain)).contains("https://www.zohoapis.in");
      assertThat(store.findTokenById("1").map(OAuthToken::refreshToken)).contains("1000.refresh.a");
    }
  }

  @Test
  void save_valuesThatNeedQuoting_areQuotedAndOnlyThey() throws IOException {
    Path file = dir.resolve("new.txt");
    try (TokenStore store = TokenStores.open("file:" + file)) {
      store.saveToken(OAuthToken.builder().userName("plain").accessToken("a,b").refreshToken("say \"hi\"")
          .grantToken("line\nbreak").build());
    }
    String text = Files.readString(file, StandardCharsets.UTF_8);
    assertThat(text).startsWith("id,user_name,client_id,client_secret,refresh_token,access_token,grant_token,"
        + "expiry_time,redirect_url,api_domain\n1,plain,,,\"say \"\"hi\"\"\",\"a,b\",\"line\nbreak\",,,\n");
  }

  @Test
  void ids_continueTheNumericSequence_andANonNumericIdDoesNotBreakIt() throws IOException {
    Path file = dir.resolve("ids.txt");
    Files.writeString(file, "id,user_name,client_id,client_secret,refresh_token,access_token,grant_token,"
        + "expiry_time,redirect_url,api_domain\n9,a,,,,,,,,\nx7,b,,,,,,,,\n");
    try (TokenStore store = TokenStores.open("file:" + file)) {
      assertThat(store.saveToken(OAuthToken.builder().userName("c").build()).id()).isEqualTo("10");
      assertThat(store.saveToken(OAuthToken.builder().userName("d").build()).id()).isEqualTo("11");
    }
  }

  @Test
  void open_newFile_isReadableByItsOwnerOnlyAndHasTheJavaHeader() throws IOException {
    Path file = dir.resolve("sdk_tokens.txt");
    try (TokenStore store = TokenStores.open("file:" + file)) {
      store.saveToken(OAuthToken.builder().userName("u").build());
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(Files.readAllLines(file).get(0)).isEqualTo(String.join(",", ZohoCsv.COLUMNS));
  }

  @Test
  void lookups_pickUpAnExternalChange() throws IOException {
    Path file = fixture("java8.txt");
    try (TokenStore store = TokenStores.open("file:" + file)) {
      assertThat(store.getTokens()).hasSize(2);
      Files.writeString(file, Files.readString(file) + "3,carol@example.com,,,,,,,,\n");
      assertThat(store.findToken(OAuthToken.builder().userName("carol@example.com").build())).isPresent();
    }
  }
}
