package io.tokenstore.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenstore.OAuthToken;
import io.tokenstore.TokenStore;
import io.tokenstore.TokenStoreException;
import io.tokenstore.TokenStores;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files the store does not fully understand: kept whole, or refused with the line and the reason. */
class FileContentTest {
  private static final String HEADER = String.join(",", ZohoCsv.COLUMNS);

  @TempDir
  Path dir;

  private Path file(String text) throws IOException {
    return Files.writeString(dir.resolve("sdk_tokens.txt"), text, StandardCharsets.UTF_8);
  }

  private static TokenStore open(Path file) {
    return TokenStores.open("file:" + file);
  }

  /** Opening fails with one line that names the file and says what is wrong; the file is left as it was. */
  private static String refused(Path file) throws IOException {
    byte[] before = Files.readAllBytes(file);
    Throwable thrown = null;
    try (TokenStore store = open(file)) {
      store.getTokens();
    } catch (TokenStoreException e) {
      thrown = e;
    }
    assertThat(thrown).as("opening %s is refused", file).isNotNull();
    assertThat(Files.readAllBytes(file)).as("the file is unchanged").isEqualTo(before);
    String message = thrown.getMessage();
    assertThat(message).contains(file.toString()).doesNotContain("\n");
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      assertThat(String.valueOf(t.getMessage())).as("no secret in any message").doesNotContain("SECRET");
    }
    return message;
  }

  // 2: nothing read is dropped or blanked.

  @Test
  void open_twoRowsWithOneId_isRefusedNamingTheLines() throws IOException {
    Path file = file(HEADER + "\n1,alice,,SECRET,,,,,,\n2,bob,,,,,,,,\n1,carol,,,,,,,,\n");
    assertThat(refused(file)).contains("lines 2 and 4").contains("same id");
  }

  @Test
  void open_rowsWithoutId_areRefusedNamingTheLines() throws IOException {
    Path file = file(HEADER + "\n,alice,,SECRET,,,,,,\n2,bob,,,,,,,,\n,carol,,,,,,,,\n");
    assertThat(refused(file)).contains("lines 2 and 4").contains("no id");
  }

  @Test
  void open_twoRowsWithOneUserNameOrToken_isRefusedNamingTheLinesAndTheColumn() throws IOException {
    Path file = file(HEADER + "\n1,alice,,,,,,,,\n2,bob,,,,,,,,\n3,alice,,,,,,,,\n");
    assertThat(refused(file)).contains("lines 2 and 4").contains("same user_name").doesNotContain("alice");
    file = file(HEADER + "\n1,alice,,,,SECRET-A,,,,\n2,bob,,,,SECRET-A,,,,\n");
    assertThat(refused(file)).contains("lines 2 and 3").contains("same access_token");
  }

  @Test
  void open_rowWithMoreFieldsThanTheHeader_isRefusedNamingTheLine() throws IOException {
    Path file = file(HEADER + "\n1,alice,,SECRET,,,,,,\n2,bob,,,,,,,,,extra\n");
    assertThat(refused(file)).contains("line 3").contains("11 fields").contains("10");
  }

  @Test
  void save_fileWithAnExtraColumn_keepsItsValuesThroughEveryRewrite() throws IOException {
    Path file = file("id,user_name,scopes,client_id,client_secret,refresh_token,access_token,grant_token,"
        + "expiry_time,redirect_url\n1,alice,ZohoCRM.modules.ALL,c,,,a1,,,\n2,bob,\"ZohoCRM.users.READ,x\",c,,,b1,,,\n");
    try (TokenStore store = open(file)) {
      store.saveToken(OAuthToken.builder().userName("carol").accessToken("c1").build());
      store.saveToken(OAuthToken.builder().userName("alice").accessToken("a2").build());
      store.deleteToken("3");
      store.saveToken(OAuthToken.builder().id("2").apiDomain("https://www.zohoapis.eu").build());
    }
    assertThat(Files.readAllLines(file)).containsExactly(
        "id,user_name,scopes,client_id,client_secret,refresh_token,access_token,grant_token,expiry_time,"
            + "redirect_url,api_domain",
        "1,alice,ZohoCRM.modules.ALL,c,,,a2,,,,",
        "2,bob,\"ZohoCRM.users.READ,x\",c,,,b1,,,,https://www.zohoapis.eu");
  }

  @Test
  void open_headerNamingAColumnTwice_isRefused() throws IOException {
    Path file = file(HEADER + ",user_name\n1,alice,,,,,,,,,alice\n");
    assertThat(refused(file)).contains("line 1").contains("user_name").contains("twice");
  }

  // 11: errors that say why.

  @Test
  void open_badExpiryTime_namesTheFileTheLineAndTheColumn() throws IOException {
    Path file = file(HEADER + "\n1,alice,,SECRET,,,,1764409530123,,\n2,bob,,SECRET,,,,tomorrow,,\n");
    assertThat(refused(file)).contains("line 3").contains("expiry_time").doesNotContain("tomorrow");
  }

  @Test
  void open_missingColumn_namesTheFileAndTheColumn() throws IOException {
    Path file = file("id,user_name,client_id,client_secret,refresh_token,access_token,expiry_time,redirect_url\n"
        + "1,alice,,SECRET,,,,\n");
    assertThat(refused(file)).contains("line 1").contains("grant_token");
  }

  @Test
  void open_invalidUtf8_namesTheLine() throws IOException {
    Path file = dir.resolve("sdk_tokens.txt");
    byte[] head = (HEADER + "\n1,alice,,SECRET,,,,,,\n2,b").getBytes(StandardCharsets.UTF_8);
    byte[] tail = "b,,,,,,,,\n".getBytes(StandardCharsets.UTF_8);
    byte[] all = new byte[head.length + 1 + tail.length];
    System.arraycopy(head, 0, all, 0, head.length);
    all[head.length] = (byte) 0xC3; // a lead byte followed by an ASCII byte
    System.arraycopy(tail, 0, all, head.length + 1, tail.length);
    Files.write(file, all);
    assertThat(refused(file)).contains("line 3").contains("UTF-8");
  }

  @Test
  void open_nulCharacter_namesTheLine() throws IOException {
    Path file = file(HEADER + "\n1,alice,,SECRET,,,,,,\n\n2,bob,,SECRET\u0000,,,,,,\n");
    assertThat(refused(file)).contains("line 4").contains("NUL");
  }

  @Test
  void open_unclosedQuote_namesTheLine() throws IOException {
    Path file = file(HEADER + "\n1,alice,,SECRET,,,,,,\n2,\"bob,,SECRET,,,,,,\n");
    assertThat(refused(file)).contains("line 3");
  }

  @Test
  void open_textAfterAClosingQuote_namesTheLine() throws IOException {
    Path file = file(HEADER + "\n1,alice,,SECRET,,,,,,\n2,\"bob\"x,,SECRET,,,,,,\n3,carol,,,,,,,,\n");
    assertThat(refused(file)).contains("line 3");
  }

  @Test
  void open_byteOrderMark_isReadAndKeptOnSave() throws IOException {
    Path file = file("\uFEFF" + HEADER + "\n1,alice,,,,,,,,\n");
    try (TokenStore store = open(file)) {
      assertThat(store.findTokenById("1").map(OAuthToken::userName)).contains("alice");
      store.saveToken(OAuthToken.builder().userName("bob").build());
    }
    assertThat(Files.readString(file, StandardCharsets.UTF_8))
        .isEqualTo("\uFEFF" + HEADER + "\n1,alice,,,,,,,,\n2,bob,,,,,,,,\n");
  }

  // 13: the id sequence never overflows, never passes 10 characters, never reuses an id.

  @Test
  void save_afterTheLargestTenDigitId_givesUnusedIdsOfAtMostTenCharacters() throws IOException {
    Path file = file(HEADER + "\n9999999999,alice,,,,,,,,\n");
    Set<String> ids = new HashSet<>(List.of("9999999999"));
    try (TokenStore store = open(file)) {
      for (int i = 0; i < 20; i++) {
        String id = store.saveToken(OAuthToken.builder().userName("u" + i).build()).id();
        assertThat(id).hasSizeBetween(1, 10).matches("[0-9A-Za-z]+");
        assertThat(ids.add(id)).as("id %s is new", id).isTrue();
      }
      assertThat(store.getTokens()).hasSize(21);
    }
  }

  @Test
  void save_afterLongMaxValueId_givesNoNegativeOrRepeatedId() throws IOException {
    Path file = file(HEADER + "\n9223372036854775807,alice,,,,,,,,\n5,bob,,,,,,,,\n");
    try (TokenStore store = open(file)) {
      String first = store.saveToken(OAuthToken.builder().userName("carol").build()).id();
      String second = store.saveToken(OAuthToken.builder().userName("dave").build()).id();
      assertThat(first).isEqualTo("6");
      assertThat(second).isEqualTo("7");
      assertThat(store.getTokens()).extracting(OAuthToken::userName)
          .containsExactly("alice", "bob", "carol", "dave");
    }
  }
}
