package io.tokenstore.zoho;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zoho.api.authenticator.OAuthToken;
import com.zoho.api.authenticator.Token;
import com.zoho.crm.api.UserSignature;
import com.zoho.crm.api.exception.SDKException;
import io.tokenstore.DuplicateTokenException;
import io.tokenstore.TokenStore;
import io.tokenstore.TokenStoreException;
import io.tokenstore.TokenStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The adapter driven as the Zoho Java SDK 8 drives its store. The sequences are those of the SDK's public source:
 * {@code OAuthToken.getToken} calls {@code findTokenById} when the token has an id, else {@code findToken}; when
 * nothing is found it uses the token it holds; after getting or refreshing an access token it calls
 * {@code saveToken} with that same object; {@code remove} calls {@code deleteToken(getId())}; {@code revoke(id)}
 * calls {@code findToken} on a token holding only the id and reads its refresh token.
 */
class ZohoTokenStoreTest {
  private TokenStore store;
  private ZohoTokenStore zoho;

  @BeforeEach
  void open() {
    store = TokenStores.open("memory:");
    zoho = new ZohoTokenStore(store);
  }

  @AfterEach
  void close() {
    store.close();
  }

  /** What the SDK does on its accounts server's answer: new access token and expiry, maybe a refresh token. */
  private static void answer(OAuthToken t, String accessToken, long expiresAt) {
    t.setAccessToken(accessToken);
    t.setExpiresIn(String.valueOf(expiresAt));
    if (t.getRefreshToken() == null) {
      t.setRefreshToken("1000.refresh-" + UUID.randomUUID());
    }
    t.setAPIDomain("https://www.zohoapis.com");
  }

  private static OAuthToken grantToken(String grant) {
    OAuthToken t = new OAuthToken();
    t.setClientId("1000.CLIENT");
    t.setClientSecret("client-secret-value");
    t.setGrantToken(grant);
    t.setRedirectURL("https://app.example/callback");
    return t;
  }

  @Test
  void getTokenFlow_firstRunWithAGrantToken_savesTheRecordAndGivesTheTokenItsId() throws Exception {
    OAuthToken sdk = grantToken("1000.grant-1");
    assertThat(zoho.findToken(sdk)).isNull();
    answer(sdk, "1000.access-1", 1_800_000_000_000L);
    zoho.saveToken(sdk);

    assertThat(sdk.getId()).isNotNull();
    io.tokenstore.OAuthToken stored = store.findTokenById(sdk.getId()).orElseThrow();
    assertThat(stored.grantToken()).isEqualTo("1000.grant-1");
    assertThat(stored.accessToken()).isEqualTo("1000.access-1");
    assertThat(stored.refreshToken()).isEqualTo(sdk.getRefreshToken());
    assertThat(stored.clientSecret()).isEqualTo("client-secret-value");
    assertThat(stored.expiryTime()).isEqualTo(Instant.ofEpochMilli(1_800_000_000_000L));
    assertThat(stored.redirectUrl()).isEqualTo("https://app.example/callback");
    assertThat(stored.apiDomain()).isEqualTo("https://www.zohoapis.com");
  }

  @Test
  void getTokenFlow_restartWithTheSameGrantToken_findsTheRecordAndARefreshUpdatesItInPlace() throws Exception {
    OAuthToken first = grantToken("1000.grant-1");
    zoho.findToken(first);
    answer(first, "1000.access-1", 1_000L);
    zoho.saveToken(first);

    OAuthToken again = grantToken("1000.grant-1");
    Token found = zoho.findToken(again);
    assertThat(found).isSameAs(again);
    assertThat(again.getId()).isEqualTo(first.getId());
    assertThat(again.getAccessToken()).isEqualTo("1000.access-1");
    assertThat(again.getRefreshToken()).isEqualTo(first.getRefreshToken());
    assertThat(again.getExpiresIn()).isEqualTo("1000");
    assertThat(again.getAPIDomain()).isEqualTo("https://www.zohoapis.com");

    // expired: the SDK refreshes on the same object and saves it
    again.setAccessToken("1000.access-2");
    again.setExpiresIn("1800000000000");
    zoho.saveToken(again);

    assertThat(store.getTokens()).singleElement().satisfies(t -> {
      assertThat(t.id()).isEqualTo(first.getId());
      assertThat(t.accessToken()).isEqualTo("1000.access-2");
      assertThat(t.expiryTime()).isEqualTo(Instant.ofEpochMilli(1_800_000_000_000L));
    });
    assertThat(store.findToken(io.tokenstore.OAuthToken.builder().accessToken("1000.access-1").build())).isEmpty();
  }

  @Test
  void findToken_callersFieldsWinAndOnlyItsEmptyFieldsAreFilled() throws Exception {
    OAuthToken saved = grantToken("1000.grant-1");
    answer(saved, "1000.access-1", 1_000L);
    zoho.saveToken(saved);

    OAuthToken probe = grantToken("1000.grant-1");
    probe.setRedirectURL("https://other.example/callback");
    zoho.findToken(probe);
    assertThat(probe.getRedirectURL()).isEqualTo("https://other.example/callback");
    assertThat(probe.getAccessToken()).isEqualTo("1000.access-1");
  }

  @Test
  void getTokenFlow_tokenBuiltWithAnId_isFoundByIdWithEveryField() throws Exception {
    OAuthToken saved = grantToken("1000.grant-1");
    saved.setUserSignature(new UserSignature("alice@example.com"));
    answer(saved, "1000.access-1", 1_000L);
    zoho.saveToken(saved);

    OAuthToken byId = (OAuthToken) zoho.findTokenById(saved.getId());
    assertThat(byId).isNotSameAs(saved);
    assertThat(byId.getId()).isEqualTo(saved.getId());
    assertThat(byId.getUserSignature().getName()).isEqualTo("alice@example.com");
    assertThat(byId.getClientId()).isEqualTo("1000.CLIENT");
    assertThat(byId.getClientSecret()).isEqualTo("client-secret-value");
    assertThat(byId.getGrantToken()).isEqualTo("1000.grant-1");
    assertThat(byId.getRefreshToken()).isEqualTo(saved.getRefreshToken());
    assertThat(byId.getAccessToken()).isEqualTo("1000.access-1");
    assertThat(byId.getExpiresIn()).isEqualTo("1000");
    assertThat(byId.getRedirectURL()).isEqualTo("https://app.example/callback");
    assertThat(byId.getAPIDomain()).isEqualTo("https://www.zohoapis.com");
  }

  @Test
  void findTokenById_andDeleteToken_ofAnIdNoRecordHas_throwSdkException_asTheSdksFileStoreDoes() {
    assertThatThrownBy(() -> zoho.findTokenById("42"))
        .isInstanceOf(SDKException.class)
        .satisfies(e -> assertThat(((SDKException) e).getCode()).isEqualTo("TOKEN_STORE"));
    assertThatThrownBy(() -> zoho.deleteToken("42")).isInstanceOf(SDKException.class);
  }

  @Test
  void findToken_byUserByAccessTokenAndByRefreshToken_asTheSdkBuildsThoseTokens() throws Exception {
    OAuthToken saved = grantToken("1000.grant-1");
    saved.setUserSignature(new UserSignature("alice@example.com"));
    answer(saved, "1000.access-1", 1_000L);
    zoho.saveToken(saved);

    OAuthToken byUser = new OAuthToken();
    byUser.setUserSignature(new UserSignature("alice@example.com"));
    assertThat(zoho.findToken(byUser)).isSameAs(byUser);
    assertThat(byUser.getId()).isEqualTo(saved.getId());

    // the SDK's access-token-only token: no client id or secret
    OAuthToken byAccess = new OAuthToken();
    byAccess.setAccessToken("1000.access-1");
    assertThat(zoho.findToken(byAccess)).isSameAs(byAccess);
    assertThat(byAccess.getId()).isEqualTo(saved.getId());

    OAuthToken byRefresh = new OAuthToken();
    byRefresh.setClientId("1000.CLIENT");
    byRefresh.setClientSecret("client-secret-value");
    byRefresh.setRefreshToken(saved.getRefreshToken());
    assertThat(zoho.findToken(byRefresh)).isSameAs(byRefresh);
    assertThat(byRefresh.getId()).isEqualTo(saved.getId());

    OAuthToken stranger = new OAuthToken();
    stranger.setUserSignature(new UserSignature("bob@example.com"));
    assertThat(zoho.findToken(stranger)).isNull();
    assertThat(stranger.getId()).isNull();
  }

  @Test
  void removeAndRevoke_deleteByIdAndFindByAnIdOnlyToken() throws Exception {
    OAuthToken saved = grantToken("1000.grant-1");
    answer(saved, "1000.access-1", 1_000L);
    zoho.saveToken(saved);

    OAuthToken revoke = new OAuthToken();
    revoke.setId(saved.getId());
    zoho.findToken(revoke);
    assertThat(revoke.getRefreshToken()).isEqualTo(saved.getRefreshToken());

    zoho.deleteToken(saved.getId());
    assertThat(store.getTokens()).isEmpty();
    assertThatThrownBy(() -> zoho.deleteToken(saved.getId())).isInstanceOf(SDKException.class);
  }

  @Test
  void getTokensAndDeleteTokens_coverEveryRecord() throws Exception {
    for (int i = 0; i < 3; i++) {
      OAuthToken t = grantToken("1000.grant-" + i);
      answer(t, "1000.access-" + i, 1_000L + i);
      zoho.saveToken(t);
    }
    List<Token> all = zoho.getTokens();
    assertThat(all).hasSize(3).allSatisfy(t -> assertThat(((OAuthToken) t).getId()).isNotNull());
    assertThat(all).extracting(t -> ((OAuthToken) t).getGrantToken())
        .containsExactlyInAnyOrder("1000.grant-0", "1000.grant-1", "1000.grant-2");
    zoho.deleteTokens();
    assertThat(zoho.getTokens()).isEmpty();
  }

  @Test
  void tokensOfAnotherKind_areReturnedUnchangedAndNotStored() throws Exception {
    Token other = new Token() {};
    assertThat(zoho.findToken(other)).isSameAs(other);
    zoho.saveToken(other);
    assertThat(store.getTokens()).isEmpty();
  }

  @Test
  void duplicate_isAnSdkExceptionWithTheCauseNamingTheFieldAndNoSecret() throws Exception {
    OAuthToken alice = grantToken("1000.grant-1");
    answer(alice, "1000.access-secret-1", 1_000L);
    zoho.saveToken(alice);

    OAuthToken other = grantToken("1000.grant-2");
    other.setAccessToken("1000.access-secret-1");
    assertThatThrownBy(() -> zoho.saveToken(other))
        .isInstanceOf(SDKException.class)
        .hasCauseInstanceOf(DuplicateTokenException.class)
        .hasMessageContaining("accessToken")
        .satisfies(e -> assertNoSecret(e, "1000.access-secret-1", "client-secret-value", "1000.grant"));
    assertThat(store.getTokens()).hasSize(1);
  }

  @Test
  void tokenTheStoreRefuses_isAnSdkExceptionNamingTheField() {
    OAuthToken nothing = new OAuthToken();
    nothing.setClientId("1000.CLIENT");
    assertThatThrownBy(() -> zoho.saveToken(nothing))
        .isInstanceOf(SDKException.class).hasCauseInstanceOf(IllegalArgumentException.class);

    OAuthToken nul = grantToken("1000.grant\0");
    assertThatThrownBy(() -> zoho.saveToken(nul))
        .isInstanceOf(SDKException.class).hasMessageContaining("grantToken");

    OAuthToken badExpiry = grantToken("1000.grant-1");
    badExpiry.setExpiresIn("tomorrow");
    assertThatThrownBy(() -> zoho.saveToken(badExpiry))
        .isInstanceOf(SDKException.class).hasMessageContaining("expiresIn")
        .satisfies(e -> assertNoSecret(e, "tomorrow", "client-secret-value"));
    assertThat(store.getTokens()).isEmpty();
  }

  @Test
  void backendFailure_isAnSdkExceptionWithTheCauseAndNoSecret(@TempDir Path dir) throws Exception {
    Path folder = Files.createDirectory(dir.resolve("tokens"));
    try (TokenStore file = TokenStores.open("file:" + folder.resolve("sdk_tokens.txt"))) {
      ZohoTokenStore onFile = new ZohoTokenStore(file);
      try (var files = Files.walk(folder)) {
        for (Path p : (Iterable<Path>) files.sorted(java.util.Comparator.reverseOrder())::iterator) {
          Files.delete(p);
        }
      }
      OAuthToken t = grantToken("1000.grant-secret");
      answer(t, "1000.access-secret", 1_000L);
      assertThatThrownBy(() -> onFile.saveToken(t))
          .isInstanceOf(SDKException.class)
          .hasCauseInstanceOf(TokenStoreException.class)
          .satisfies(e -> assertNoSecret(e, "1000.grant-secret", "1000.access-secret", "client-secret-value"));
    }
  }

  @Test
  void onTheFileStore_theSdkFlowWritesZohosFileWithZohosNumericIds(@TempDir Path dir) throws Exception {
    Path path = dir.resolve("sdk_tokens.txt");
    try (TokenStore file = TokenStores.open("file:" + path)) {
      ZohoTokenStore onFile = new ZohoTokenStore(file);
      for (int i = 1; i <= 2; i++) {
        OAuthToken t = grantToken("1000.grant-" + i);
        t.setUserSignature(new UserSignature("user" + i + "@example.com"));
        answer(t, "1000.access-" + i, 1_700_000_000_000L);
        onFile.saveToken(t);
        assertThat(t.getId()).isEqualTo(String.valueOf(i));
      }
    }
    List<String> lines = Files.readAllLines(path);
    assertThat(lines.get(0)).isEqualTo("id,user_name,client_id,client_secret,refresh_token,access_token,"
        + "grant_token,expiry_time,redirect_url,api_domain");
    assertThat(lines.get(1)).startsWith("1,user1@example.com,1000.CLIENT,client-secret-value,1000.refresh-")
        .endsWith(",1000.access-1,1000.grant-1,1700000000000,https://app.example/callback,"
            + "https://www.zohoapis.com");
    assertThat(lines).hasSize(3);
  }

  @Test
  void nullArguments_areNullPointerExceptionsNamingThem() {
    assertThatThrownBy(() -> new ZohoTokenStore(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("store");
    assertThatThrownBy(() -> zoho.findToken(null)).hasMessage("token");
    assertThatThrownBy(() -> zoho.saveToken(null)).hasMessage("token");
    assertThatThrownBy(() -> zoho.findTokenById(null)).hasMessage("id");
    assertThatThrownBy(() -> zoho.deleteToken(null)).hasMessage("id");
  }

  @Test
  void toString_namesTheWrappedStore() {
    assertThat(zoho.toString()).startsWith("ZohoTokenStore[").contains("memory");
  }

  private static void assertNoSecret(Throwable e, String... secrets) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      for (String secret : secrets) {
        assertThat(String.valueOf(t.getMessage())).doesNotContain(secret);
        assertThat(t.toString()).doesNotContain(secret);
      }
    }
  }
}
