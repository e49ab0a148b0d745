package io.tokenstore.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.tokenstore.OAuthToken;
import io.tokenstore.TokenStore;
import io.tokenstore.TokenStoreException;
import io.tokenstore.TokenStores;
import io.tokenstore.spi.Lease;
import io.tokenstore.spi.LeasingTokenStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lease table beside the token table, read with SQLite's own driver. */
class SqliteLeaseTableTest {
  @TempDir
  Path dir;

  private long count(Path db, String sql) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void deleteTokens_endsTheRecordsLeases_andLeavesNoRow() throws Exception {
    Path db = dir.resolve("t.db");
    try (TokenStore store = TokenStores.open("sqlite:" + db + "?table=tokens")) {
      LeasingTokenStore leasing = (LeasingTokenStore) store;
      String id = store.saveToken(OAuthToken.builder().userName("alice@example.com").build()).id();
      Lease lease = leasing.tryLease(id, Duration.ofMinutes(5)).orElseThrow();
      assertThat(leasing.countRefresh(lease, 10, Duration.ofMinutes(10))).contains(Duration.ZERO);
      assertThat(count(db, "SELECT count(*) FROM tokens_leases")).isEqualTo(1);
      assertThat(count(db, "SELECT count(*) FROM tokens_refreshes")).isEqualTo(1);
      store.deleteTokens();
      assertThat(count(db, "SELECT count(*) FROM tokens_leases")).as("lease rows after deleteTokens").isZero();
      assertThat(count(db, "SELECT count(*) FROM tokens_refreshes")).as("count rows after deleteTokens").isZero();
      assertThat(leasing.tryLease(id, Duration.ofMinutes(5))).as("a lease on the id again").isPresent();
    }
  }

  @Test
  void aTableOfTheLeaseTablesNameThatIsNotOne_isRefusedNamingTheStore_andKept() throws Exception {
    Path db = dir.resolve("t.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
      st.execute("CREATE TABLE tokens_leases (note TEXT)");
      st.execute("INSERT INTO tokens_leases VALUES ('someone else''s')");
    }
    try (TokenStore store = TokenStores.open("sqlite:" + db + "?table=tokens")) {
      String id = store.saveToken(OAuthToken.builder().userName("alice@example.com").build()).id();
      Throwable refused = catchThrowable(() -> ((LeasingTokenStore) store).tryLease(id, Duration.ofMinutes(5)));
      assertThat(refused).isInstanceOf(TokenStoreException.class).hasMessageContaining("tryLease failed on")
          .hasMessageContaining(db.toString());
    }
    assertThat(count(db, "SELECT count(*) FROM tokens_leases WHERE note = 'someone else''s'")).isEqualTo(1);
    assertThat(count(db, "SELECT count(*) FROM pragma_table_info('tokens_leases')")).as("its columns").isEqualTo(1);
  }
}
