package io.tokenstore.interop;

import static io.tokenstore.interop.ZohoSdkStore.CLIENT_ID;
import static io.tokenstore.interop.ZohoSdkStore.CLIENT_SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import io.tokenstore.OAuthToken;
import io.tokenstore.TokenStore;
import io.tokenstore.TokenStores;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Zoho SDK's store and ours on one file or table, in every order of reads, refreshes and inserts: Zoho writes, we
 * read; Zoho refreshes and inserts after we adopted it, we find every key; we write, Zoho reads; both insert in turn.
 *
 * <p>Fewer than ten tokens on purpose: the SDKs take {@code max(id)} of a text column, which stops counting at
 * {@code 9} ({@code "9" > "10"}), so they collide with their own tenth id whoever else writes the table.
 */
abstract class SharingSequence {
  /** The SDK's store on the file or table. */
  abstract ZohoSdkStore zoho() throws Exception;

  /** Ours on the same file or table. */
  abstract String uri();

  private static OAuthToken byUser(TokenStore store, String user) {
    return store.findToken(OAuthToken.builder().userName(user).build()).orElseThrow(
        () -> new AssertionError("tokenstore does not find " + user));
  }

  @Test
  void zohoWrites_weRead_weWrite_zohoReads_andBothInsertInTurnWithoutACollision() throws Exception {
    ZohoSdkStore zoho = zoho();
    // Zoho first: the token exchange of two users.
    assertThat(zoho.save("alice@example.com", "access-a", "refresh-a", "", "1700000000001")).isEqualTo("1");
    assertThat(zoho.save("bob@example.com", "access-b", "refresh-b", "grant-b", "1700000000002")).isEqualTo("2");

    try (TokenStore store = TokenStores.open(uri())) {
      OAuthToken alice = byUser(store, "alice@example.com");
      assertThat(alice.id()).isEqualTo("1");
      assertThat(alice.accessToken()).isEqualTo("access-a");
      assertThat(alice.clientSecret()).isEqualTo(CLIENT_SECRET);
      assertThat(store.findToken(OAuthToken.builder().accessToken("access-b").build()).map(OAuthToken::id))
          .contains("2");
      assertThat(store.findToken(OAuthToken.builder().clientId(CLIENT_ID).clientSecret(CLIENT_SECRET)
          .grantToken("grant-b").build()).map(OAuthToken::id)).contains("2");

      // Zoho refreshes alice after we adopted the table or file: we find her by the new token only.
      zoho.refresh("alice@example.com", "access-a2", "1700000003601");
      assertThat(byUser(store, "alice@example.com").accessToken()).isEqualTo("access-a2");
      assertThat(store.findToken(OAuthToken.builder().accessToken("access-a2").build()).map(OAuthToken::id))
          .contains("1");
      assertThat(store.findToken(OAuthToken.builder().accessToken("access-a").build())).isEmpty();

      // Zoho inserts after adoption: we find every key of the new row.
      assertThat(zoho.save("carol@example.com", "access-c", "refresh-c", "grant-c", "1700000000003"))
          .isEqualTo("3");
      assertThat(byUser(store, "carol@example.com").id()).isEqualTo("3");
      assertThat(store.findToken(OAuthToken.builder().accessToken("access-c").build())).isPresent();
      assertThat(store.findToken(OAuthToken.builder().clientId(CLIENT_ID).clientSecret(CLIENT_SECRET)
          .refreshToken("refresh-c").build()).map(OAuthToken::id)).contains("3");

      // We insert and refresh; Zoho reads what we wrote.
      OAuthToken dave = store.saveToken(OAuthToken.builder().userName("dave@example.com").clientId("1000.OURS")
          .accessToken("access-d").refreshToken("refresh-d").build());
      assertThat(dave.id()).isEqualTo("4");
      Map<String, String> seen = zoho.find("dave@example.com");
      assertThat(seen).containsEntry("id", "4").containsEntry("refreshToken", "refresh-d");
      store.saveToken(OAuthToken.builder().userName("bob@example.com").accessToken("access-b2").build());
      assertThat(zoho.findAccess("access-b2")).containsEntry("id", "2");
      assertThat(zoho.find("bob@example.com")).containsEntry("refreshToken", "refresh-b");

      // Both sides insert in turn: each continues the other's sequence.
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        ids.add(zoho.save("z" + i + "@example.com", "access-z" + i, "refresh-z" + i, "", "1700000000100"));
        ids.add(store.saveToken(OAuthToken.builder().userName("t" + i + "@example.com")
            .accessToken("access-t" + i).build()).id());
      }
      assertThat(ids).containsExactly("5", "6", "7", "8");
      assertThat(store.getTokens()).hasSize(8);
      assertThat(zoho.list()).hasSize(8);
      assertThat(byUser(store, "z1@example.com").id()).isEqualTo("7");
    }
  }

  /** The sequence on a token file, {@code sdk_tokens.txt} in a fresh folder. */
  abstract static class OnATokenFile extends SharingSequence {
    @TempDir
    Path dir;

    /** The SDK's store on this file. */
    abstract ZohoSdkStore zoho(Path file);

    @Override
    ZohoSdkStore zoho() {
      return zoho(dir.resolve("sdk_tokens.txt"));
    }

    @Override
    String uri() {
      return "file:" + dir.resolve("sdk_tokens.txt");
    }
  }

  /** The sequence on a fresh MariaDB table made as Zoho's documentation says. */
  abstract static class OnAMariaDbTable extends SharingSequence {
    private ZohoTable table;

    /** The SDK's store on this table. */
    abstract ZohoSdkStore zoho(String table);

    @BeforeEach
    void zohoTable() throws Exception {
      table = new ZohoTable();
    }

    @AfterEach
    void dropTable() throws Exception {
      table.close();
    }

    @Override
    ZohoSdkStore zoho() {
      return zoho(table.name);
    }

    @Override
    String uri() {
      return table.uri();
    }
  }
}
