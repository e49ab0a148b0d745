package io.tokenstore.encryption;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenstore.OAuthToken;
import io.tokenstore.TokenStore;
import io.tokenstore.TokenStores;
import io.tokenstore.internal.EncryptedValues;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rekey against what another process does between its read and its write, and rotation of a shared file. */
class RekeyRaceTest {
  @TempDir
  Path dir;

  /** The store below, as another process sees it: this one deletes each record right after rekey has read it. */
  private static final class DeletedAfterRead implements TokenStore {
    private final TokenStore inner;

    DeletedAfterRead(TokenStore inner) {
      this.inner = inner;
    }

    @Override
    public Optional<OAuthToken> findToken(OAuthToken probe) {
      return inner.findToken(probe);
    }

    @Override
    public OAuthToken saveToken(OAuthToken token) {
      return inner.saveToken(token);
    }

    @Override
    public boolean deleteToken(String id) {
      return inner.deleteToken(id);
    }

    @Override
    public List<OAuthToken> getTokens() {
      return inner.getTokens();
    }

    @Override
    public void deleteTokens() {
      inner.deleteTokens();
    }

    @Override
    public Optional<OAuthToken> findTokenById(String id) {
      Optional<OAuthToken> read = inner.findTokenById(id);
      inner.deleteToken(id);
      return read;
    }

    @Override
    public void close() {
      inner.close();
    }
  }

  @Test
  void rekey_recordDeletedBetweenItsReadAndItsWrite_staysDeleted() {
    Path k = dir.resolve("k.json");
    Keysets.create(k);
    try (TokenStore s = TokenStores.open("memory:rekey-race", Map.of("keyset", "file:" + k))) {
      s.saveToken(OAuthToken.builder().userName("alice@example.com").accessToken("access-a")
          .refreshToken("refresh-a").clientId("c").clientSecret("secret-a").build());
    }
    Keysets.rotate(k);
    TokenStore below = EncryptedValues.openForDecorator(() -> TokenStores.open("memory:rekey-race"));
    try (EncryptedTokenStore racing = new EncryptedTokenStore(new DeletedAfterRead(below),
        Keysets.load("file:" + k), "rekey-race", "memory:rekey-race")) {
      assertThat(Keysets.rekey(racing, n -> { })).isZero();
      assertThat(racing.getTokens()).as("the deleted record is not written back").isEmpty();
    }
  }

  @Test
  void rotate_keepsTheOwnerAndWritesThroughASymlink() throws Exception {
    Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root to give the file away");
    Path real = dir.resolve("real.json");
    Keysets.create(real);
    PosixFileAttributeView view = Files.getFileAttributeView(real, PosixFileAttributeView.class);
    UserPrincipal nobody = real.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
    view.setOwner(nobody);
    Path link = Files.createSymbolicLink(dir.resolve("link.json"), real);
    String before = Files.readString(real);
    Keysets.rotate(link);
    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(Files.readString(real)).isNotEqualTo(before);
    assertThat(Files.getOwner(real)).isEqualTo(nobody);
    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(real)))
        .isEqualTo("rw-------");
  }
}
