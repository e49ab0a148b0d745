package io.tokenstore.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenstore.OAuthToken;
import io.tokenstore.TokenStore;
import io.tokenstore.TokenStoreException;
import io.tokenstore.TokenStores;
import io.tokenstore.spi.LeasingTokenStore;
import io.tokenstore.testing.RefreshRaceTests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** AccessTokens across processes on one Zoho token file: one refresh per expiry, a killed or stalled holder. */
class FileRefreshRaceTest extends RefreshRaceTests {
  @TempDir
  Path dir;

  @Override
  protected String freshUri() {
    return "file:" + dir.resolve(UUID.randomUUID() + ".csv");
  }

  @Test
  void aLeaseFileItDidNotWrite_isRefusedNamingIt_andKept() throws Exception {
    Path file = dir.resolve("tokens.csv");
    Path leases = dir.resolve("tokens.csv.leases");
    try (TokenStore store = TokenStores.open("file:" + file)) {
      String id = store.saveToken(OAuthToken.builder().userName("alice@example.com").build()).id();
      Files.writeString(leases, "someone else's notes\n");
      LeasingTokenStore leasing = (LeasingTokenStore) store;
      assertThatThrownBy(() -> leasing.tryLease(id, Duration.ofSeconds(5)))
          .isInstanceOf(TokenStoreException.class).hasMessageContaining(leases.toString());
      assertThat(Files.readString(leases)).isEqualTo("someone else's notes\n");
      Files.delete(leases);
      assertThat(leasing.tryLease(id, Duration.ofSeconds(5))).isPresent();
      assertThat(Files.readString(leases)).startsWith(id + " ");
    }
  }

  @Test
  void aLeaseFileTemporaryLeftByAKilledWriter_isRemovedByTheNextWrite() throws Exception {
    Path file = dir.resolve("tokens.csv");
    try (TokenStore store = TokenStores.open("file:" + file)) {
      String id = store.saveToken(OAuthToken.builder().userName("alice@example.com").build()).id();
      Path stale = dir.resolve(".tokens.csv.leases.tokenstore-123.tmp");
      Files.writeString(stale, id + " half");
      assertThat(((LeasingTokenStore) store).tryLease(id, Duration.ofSeconds(5))).isPresent();
      assertThat(stale).doesNotExist();
      try (var left = Files.list(dir)) {
        assertThat(left.map(p -> p.getFileName().toString()))
            .containsExactlyInAnyOrder("tokens.csv", "tokens.csv.lock", "tokens.csv.leases");
      }
    }
  }
}
