package io.tokenstore.encryption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import io.tokenstore.DuplicateTokenException;
import io.tokenstore.OAuthToken;
import io.tokenstore.TokenStore;
import io.tokenstore.TokenStoreException;
import io.tokenstore.TokenStores;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the option keyset promises beyond the kit: no secret at rest, clear refusals, rotation, rekey. */
class EncryptionTest {
  @TempDir
  Path dir;

  private static OAuthToken token(String user, String tag) {
    return OAuthToken.builder().userName(user).clientId("client-" + tag).clientSecret("secret-" + tag)
        .accessToken("access-" + tag).refreshToken("refresh-" + tag).grantToken("grant-" + tag)
        .expiryTime(Instant.ofEpochMilli(1_700_000_000_123L)).apiDomain("https://www.zohoapis.com").build();
  }

  private static List<String> secrets(String tag) {
    return List.of("secret-" + tag, "access-" + tag, "refresh-" + tag, "grant-" + tag);
  }

  private Path keyset(String name) {
    Path file = dir.resolve(name);
    Keysets.create(file);
    return file;
  }

  private static Map<String, String> option(Path keyset) {
    return Map.of("keyset", "file:" + keyset);
  }

  private static String rows(String sqliteFile, String table) throws Exception {
    StringBuilder all = new StringBuilder();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + sqliteFile);
        Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM " + table)) {
      while (rs.next()) {
        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
          all.append(rs.getString(i)).append('|');
        }
        all.append('\n');
      }
    }
    return all.toString();
  }

  @Test
  void sqlite_rawRowsHoldNoSecret_andTheStoreFindsByEveryToken() throws Exception {
    Path db = dir.resolve("t.db");
    try (TokenStore s = TokenStores.open("sqlite:" + db, option(keyset("k.json")))) {
      OAuthToken saved = s.saveToken(token("alice@example.com", "a"));
      assertThat(s.findToken(OAuthToken.builder().accessToken("access-a").build())).contains(saved);
      assertThat(s.findToken(OAuthToken.builder().clientId("x").clientSecret("y").refreshToken("refresh-a").build()))
          .contains(saved);
      assertThat(s.findToken(OAuthToken.builder().clientId("x").clientSecret("y").grantToken("grant-a").build()))
          .contains(saved);
      assertThat(saved.clientSecret()).isEqualTo("secret-a");
    }
    String raw = rows(db.toString(), "oauthtoken");
    assertThat(raw).contains("alice@example.com", "client-a", "tse1.");
    for (String secret : secrets("a")) {
      assertThat(raw).doesNotContain(secret);
    }
  }

  @Test
  void file_bytesHoldNoSecret() throws Exception {
    Path file = dir.resolve("tokens.csv");
    try (TokenStore s = TokenStores.open("file:" + file, option(keyset("k.json")))) {
      s.saveToken(token("alice@example.com", "a"));
      s.saveToken(token("bob@example.com", "b"));
    }
    String bytes = Files.readString(file, StandardCharsets.UTF_8);
    for (String secret : List.of("a", "b").stream().flatMap(t -> secrets(t).stream()).toList()) {
      assertThat(bytes).doesNotContain(secret);
    }
  }

  @Test
  void clientSecret_isRandomized_lookupValuesAreNot() throws Exception {
    Path db = dir.resolve("t.db");
    Path k = keyset("k.json");
    try (TokenStore s = TokenStores.open("sqlite:" + db, option(k))) {
      s.saveToken(token("a@example.com", "a").toBuilder().clientSecret("same").build());
      s.saveToken(token("b@example.com", "b").toBuilder().clientSecret("same").build());
    }
    try (TokenStore raw = TokenStores.open("sqlite:" + db + "?table=oauthtoken", Map.of())) {
      assertThatThrownBy(raw::getTokens).isInstanceOf(TokenStoreException.class)
          .hasMessageContaining("encrypted").hasMessageContaining("keyset");
    }
    String rows = rows(db.toString(), "oauthtoken");
    List<String> secretCells = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT client_secret FROM oauthtoken")) {
      while (rs.next()) {
        secretCells.add(rs.getString(1));
      }
    }
    assertThat(secretCells).hasSize(2).doesNotHaveDuplicates();
    assertThat(rows).doesNotContain("same|");
  }

  @Test
  void plainOpenOfAnEncryptedStore_refusesEveryReadNamingTheOption() {
    Path k = keyset("k.json");
    String id;
    try (TokenStore s = TokenStores.open("memory:enc-plain", option(k))) {
      id = s.saveToken(token("alice@example.com", "a")).id();
    }
    try (TokenStore plain = TokenStores.open("memory:enc-plain")) {
      assertThatThrownBy(plain::getTokens).isInstanceOf(TokenStoreException.class)
          .hasMessageContaining("keyset=file:PATH");
      assertThatThrownBy(() -> plain.findToken(OAuthToken.builder().userName("alice@example.com").build()))
          .isInstanceOf(TokenStoreException.class).hasMessageContaining("encrypted");
      assertThatThrownBy(() -> plain.findTokenById(id)).isInstanceOf(TokenStoreException.class);
    }
  }

  @Test
  void keysetOnAPlaintextStore_isRefusedAndTheStoreIsUntouched() {
    try (TokenStore plain = TokenStores.open("memory:plain-then-key")) {
      plain.saveToken(token("alice@example.com", "a"));
    }
    assertThatThrownBy(() -> TokenStores.open("memory:plain-then-key", option(keyset("k.json"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("plaintext")
        .hasMessageContaining("tokenstore copy").hasMessageNotContaining("access-a");
    try (TokenStore plain = TokenStores.open("memory:plain-then-key")) {
      assertThat(plain.getTokens()).singleElement().extracting(OAuthToken::accessToken).isEqualTo("access-a");
    }
  }

  @Test
  void wrongKeyset_isRefusedAtOpen() {
    try (TokenStore s = TokenStores.open("memory:wrong-key", option(keyset("one.json")))) {
      s.saveToken(token("alice@example.com", "a"));
    }
    assertThatThrownBy(() -> TokenStores.open("memory:wrong-key", option(keyset("other.json"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not hold");
  }

  @Test
  void ciphertextMovedToAnotherField_orNamespace_doesNotDecrypt() throws Exception {
    Path db = dir.resolve("t.db");
    Map<String, String> k = option(keyset("k.json"));
    String id;
    try (TokenStore a = TokenStores.open("sqlite:" + db + "?table=a", k);
        TokenStore b = TokenStores.open("sqlite:" + db + "?table=b", k)) {
      id = a.saveToken(token("alice@example.com", "a")).id();
      b.saveToken(token("bob@example.com", "b"));
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
      st.executeUpdate("UPDATE a SET access_token = refresh_token");
      st.executeUpdate("UPDATE b SET refresh_token = (SELECT refresh_token FROM a)");
    }
    try (TokenStore a = TokenStores.open("sqlite:" + db + "?table=a", k);
        TokenStore b = TokenStores.open("sqlite:" + db + "?table=b", k)) {
      assertThatThrownBy(() -> a.findTokenById(id)).isInstanceOf(TokenStoreException.class)
          .hasMessageContaining("accessToken").hasMessageContaining("does not decrypt")
          .hasMessageNotContaining("refresh-a");
      assertThatThrownBy(b::getTokens).isInstanceOf(TokenStoreException.class)
          .hasMessageContaining("refreshToken").hasMessageContaining("does not decrypt");
    }
  }

  @Test
  void badKeysetOptions_areClearErrors() throws Exception {
    assertThatThrownBy(() -> TokenStores.open("memory:", Map.of("keyset", "/tmp/k.json")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("file:PATH or env:NAME");
    assertThatThrownBy(() -> TokenStores.open("memory:", Map.of("keyset", "file:" + dir.resolve("none.json"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not exist");
    assertThatThrownBy(() -> TokenStores.open("memory:", Map.of("keyset", "env:TOKENSTORE_NO_SUCH_VARIABLE")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TOKENSTORE_NO_SUCH_VARIABLE");
    Path notJson = dir.resolve("bad.json");
    Files.writeString(notJson, "{\"primaryKeyId\": 1, \"key\": [{\"keyData\": \"c2VjcmV0LWtleS1tYXRlcmlhbA\"}]}");
    Files.setPosixFilePermissions(notJson, PosixFilePermissions.fromString("rw-------"));
    assertThatThrownBy(() -> TokenStores.open("memory:", Map.of("keyset", "file:" + notJson)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a Tink JSON keyset")
        .hasNoCause().hasMessageNotContaining("c2VjcmV0");
    Path raw = dir.resolve("raw.json");
    Files.writeString(raw, TinkJsonProtoKeysetFormat.serializeKeyset(KeysetHandle.newBuilder()
        .addEntry(KeysetHandle.generateEntryFromParametersName("AES256_SIV_RAW").withRandomId().makePrimary())
        .addEntry(KeysetHandle.generateEntryFromParametersName("AES256_GCM").withRandomId()).build(),
        InsecureSecretKeyAccess.get()));
    Files.setPosixFilePermissions(raw, PosixFilePermissions.fromString("rw-------"));
    assertThatThrownBy(() -> TokenStores.open("memory:", Map.of("keyset", "file:" + raw)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TINK output prefix")
        .hasMessageContaining("tokenstore keyset create");
    Path open = keyset("world-readable.json");
    Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
    assertThatThrownBy(() -> TokenStores.open("memory:", Map.of("keyset", "file:" + open)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("chmod 600");
    assertThatThrownBy(() -> TokenStores.open("memory:?keyset=file:/a", Map.of("keyset", "file:/b")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("different values");
    assertThatThrownBy(() -> Keysets.create(open)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exists already");
  }

  @Test
  void namespaceGivenInTheOptionsMap_bindsAsInTheUri() {
    Path k = keyset("k.json");
    String db = "sqlite:" + dir.resolve("ns.db");
    try (TokenStore s = TokenStores.open(db, Map.of("table", "t1", "keyset", "file:" + k))) {
      s.saveToken(token("alice@example.com", "a"));
    }
    try (TokenStore s = TokenStores.open(db + "?table=t1", option(k))) {
      assertThat(s.findToken(OAuthToken.builder().accessToken("access-a").build())).isPresent();
    }
  }

  @Test
  void lookalikeKeysetOptions_areRefused_neverPassedToTheBackend() {
    assertThatThrownBy(() -> TokenStores.open("memory:x?Keyset=file:/tmp/k.json"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("case-sensitive");
    assertThatThrownBy(() -> TokenStores.open("memory:x", Map.of("KEYSET", "file:/tmp/k.json")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("case-sensitive");
    // Percent-encoded, the name is the option itself.
    assertThatThrownBy(() -> TokenStores.open("memory:x?k%65yset=file:" + dir.resolve("none.json")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not exist");
  }

  @Test
  void badKeyset_opensAndCreatesNothing() {
    Path db = dir.resolve("never.db");
    assertThatThrownBy(() -> TokenStores.open("sqlite:" + db, Map.of("keyset", "file:" + dir.resolve("no.json"))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(db).doesNotExist();
  }

  @Test
  void closedStore_refusesEveryCallWithIllegalStateException() {
    TokenStore s = TokenStores.open("memory:", option(keyset("k.json")));
    s.close();
    s.close();
    assertThatThrownBy(() -> s.saveToken(OAuthToken.builder().clientId("only").build()))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> s.findToken(OAuthToken.builder().build())).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> s.deleteToken("1")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> s.deleteToken(null)).isInstanceOf(NullPointerException.class).hasMessage("id");
  }

  @Test
  void createdKeyset_isReadableByItsOwnerOnly() throws Exception {
    Path k = keyset("k.json");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(k))).isEqualTo("rw-------");
    Keysets.rotate(k);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(k))).isEqualTo("rw-------");
    assertThat(Files.list(dir).map(p -> p.getFileName().toString())).containsExactly("k.json");
  }

  @Test
  void keysetInTheUri_worksAsInTheMap() {
    Path k = keyset("k.json");
    try (TokenStore s = TokenStores.open("memory:in-uri?keyset=file:" + k)) {
      s.saveToken(token("alice@example.com", "a"));
    }
    try (TokenStore s = TokenStores.open("memory:in-uri", option(k))) {
      assertThat(s.findToken(OAuthToken.builder().accessToken("access-a").build())).isPresent();
      assertThat(s.toString()).startsWith("encrypted ");
    }
  }

  @Test
  void rotation_findsOldAndNew_keepsUniquenessAcrossKeys_andRekeyLetsTheOldKeyGo() throws Exception {
    Path k = keyset("k.json");
    String uri = "sqlite:" + dir.resolve("r.db");
    try (TokenStore s = TokenStores.open(uri, option(k))) {
      s.saveToken(token("alice@example.com", "a"));
    }
    int oldKey = TinkJsonProtoKeysetFormat.parseKeyset(Files.readString(k), InsecureSecretKeyAccess.get())
        .getPrimary().getId();
    Keysets.rotate(k);
    try (TokenStore s = TokenStores.open(uri, option(k))) {
      s.saveToken(token("bob@example.com", "b"));
      for (String tag : List.of("a", "b")) {
        assertThat(s.findToken(OAuthToken.builder().accessToken("access-" + tag).build())).isPresent();
        assertThat(s.findToken(OAuthToken.builder().clientId("x").clientSecret("y").grantToken("grant-" + tag)
            .build())).isPresent();
      }
      // A value held under the old key is still taken.
      assertThatThrownBy(() -> s.saveToken(token("carol@example.com", "c").toBuilder().refreshToken("refresh-a")
          .build())).isInstanceOf(DuplicateTokenException.class).extracting("field").isEqualTo("refreshToken");
      // An update by a token written under the old key lands on its record.
      OAuthToken updated = s.saveToken(OAuthToken.builder().accessToken("access-a").apiDomain("x").build());
      assertThat(updated.userName()).isEqualTo("alice@example.com");
      assertThat(s.getTokens()).hasSize(2);
      assertThat(Keysets.rekey(s, n -> { })).isEqualTo(1);
      assertThat(Keysets.rekey(s, n -> { })).as("resumable: done stays done").isZero();
    }
    // Remove the old keys; everything is still there.
    KeysetHandle handle = TinkJsonProtoKeysetFormat.parseKeyset(Files.readString(k), InsecureSecretKeyAccess.get());
    KeysetHandle.Builder without = KeysetHandle.newBuilder(handle);
    for (int i = without.size() - 1; i >= 0; i--) {
      if (handle.getAt(i).getId() == oldKey || i == 1) { // the first generation: SIV then GCM
        without.deleteAt(i);
      }
    }
    Path newer = dir.resolve("newer.json");
    Files.writeString(newer, TinkJsonProtoKeysetFormat.serializeKeyset(without.build(),
        InsecureSecretKeyAccess.get()));
    Files.setPosixFilePermissions(newer, PosixFilePermissions.fromString("rw-------"));
    try (TokenStore s = TokenStores.open(uri, option(newer))) {
      assertThat(s.getTokens()).extracting(OAuthToken::clientSecret).containsExactlyInAnyOrder("secret-a",
          "secret-b");
      assertThat(s.findToken(OAuthToken.builder().accessToken("access-a").build())).isPresent();
    }
  }

  @Test
  void rekey_besideConcurrentSaves_losesNoSave() throws Exception {
    Path k = keyset("k.json");
    String uri = "sqlite:" + dir.resolve("c.db");
    int users = 200;
    try (TokenStore s = TokenStores.open(uri, option(k))) {
      for (int u = 0; u < users; u++) {
        s.saveToken(token("u" + u + "@example.com", "old" + u));
      }
    }
    Keysets.rotate(k);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try (TokenStore app = TokenStores.open(uri, option(k)); TokenStore admin = TokenStores.open(uri, option(k))) {
      CountDownLatch start = new CountDownLatch(1);
      AtomicBoolean rekeyDone = new AtomicBoolean();
      Future<Long> rekey = pool.submit(() -> {
        start.await();
        try {
          return Keysets.rekey(admin, n -> { });
        } finally {
          rekeyDone.set(true);
        }
      });
      Future<Integer> saves = pool.submit(() -> {
        start.await();
        int round = 0;
        // Saves go on until rekey is done, and at least one full pass over the users.
        while (!rekeyDone.get() || round < 1) {
          for (int u = 0; u < users; u++) {
            app.saveToken(OAuthToken.builder().userName("u" + u + "@example.com")
                .accessToken("access-new" + round + "-" + u).build());
          }
          round++;
        }
        return round;
      });
      start.countDown();
      rekey.get(60, TimeUnit.SECONDS);
      int rounds = saves.get(60, TimeUnit.SECONDS);
      for (int u = 0; u < users; u++) {
        OAuthToken t = admin.findToken(OAuthToken.builder().userName("u" + u + "@example.com").build())
            .orElseThrow();
        assertThat(t.accessToken()).as("user %d", u).isEqualTo("access-new" + (rounds - 1) + "-" + u);
        assertThat(t.refreshToken()).isEqualTo("refresh-old" + u);
      }
      assertThat(Keysets.rekey(admin, n -> { })).isZero();
    } finally {
      pool.shutdownNow();
    }
  }
}
