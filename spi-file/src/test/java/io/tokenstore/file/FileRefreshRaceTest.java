package io.tokenstore.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenstore.OAuthToken;
import io.tokenstore.TokenStore;
import io.tokenstore.TokenStoreException;
import io.tokenstore.TokenStores;
import io.tokenstore.spi.Lease;
import io.tokenstore.spi.LeasingTokenStore;
import io.tokenstore.testing.RefreshRaceTests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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

  @Test
  void countsOutliveTheRelease_onTheRecordsLine_andABadCountIsRefusedAndKept() throws Exception {
    Path file = dir.resolve("tokens.csv");
    Path leases = dir.resolve("tokens.csv.leases");
    try (TokenStore store = TokenStores.open("file:" + file)) {
      LeasingTokenStore leasing = (LeasingTokenStore) store;
      String id = store.saveToken(OAuthToken.builder().userName("alice@example.com").build()).id();
      Lease lease = leasing.tryLease(id, Duration.ofMinutes(5)).orElseThrow();
      assertThat(leasing.countRefresh(lease, 1, Duration.ofMinutes(10))).contains(Duration.ZERO);
      assertThat(leasing.release(lease)).isTrue();
      // Released, the line keeps the count: no holder, expiry 0, the count's end.
      assertThat(Files.readString(leases)).matches(id + " - 0 [0-9]{13}\n");
      try (TokenStore other = TokenStores.open("file:" + file)) {
        Lease next = ((LeasingTokenStore) other).tryLease(id, Duration.ofMinutes(5)).orElseThrow();
        assertThat(((LeasingTokenStore) other).countRefresh(next, 1, Duration.ofMinutes(10)))
            .as("the budget of 1, spent through the first store object").hasValueSatisfying(w -> assertThat(w)
                .isPositive());
        other.deleteToken(id);
      }
      String hostile = id + " - 0 12,x\n";
      Files.writeString(leases, hostile);
      assertThatThrownBy(() -> leasing.tryLease(id, Duration.ofSeconds(5)))
          .isInstanceOf(TokenStoreException.class).hasMessageContaining(leases.toString());
      assertThat(Files.readString(leases)).isEqualTo(hostile);
    }
  }

  @Test
  void aDeletedRecordsCounts_goWithIt_soTheNextRecordOnItsIdHasTheWholeBudget() throws Exception {
    Path file = dir.resolve("tokens.csv");
    try (TokenStore store = TokenStores.open("file:" + file)) {
      LeasingTokenStore leasing = (LeasingTokenStore) store;
      for (Runnable delete : List.<Runnable>of(store::deleteTokens, () -> store.deleteToken("1"))) {
        String id = store.saveToken(OAuthToken.builder().userName("alice@example.com").build()).id();
        assertThat(id).as("the file numbers records from 1").isEqualTo("1");
        Lease lease = leasing.tryLease(id, Duration.ofMinutes(5)).orElseThrow();
        assertThat(leasing.countRefresh(lease, 1, Duration.ofMinutes(10))).contains(Duration.ZERO);
        delete.run();
        String next = store.saveToken(OAuthToken.builder().userName("bob@example.com").build()).id();
        assertThat(next).as("the next record takes the id").isEqualTo(id);
        Lease fresh = leasing.tryLease(next, Duration.ofMinutes(5)).orElseThrow(() -> new AssertionError(
            "the deleted record's lease still holds its id"));
        assertThat(leasing.countRefresh(fresh, 1, Duration.ofMinutes(10))).as("the new record's budget")
            .contains(Duration.ZERO);
        store.deleteTokens();
      }
    }
  }
}
