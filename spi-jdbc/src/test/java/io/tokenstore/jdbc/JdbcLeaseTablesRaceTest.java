package io.tokenstore.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenstore.OAuthToken;
import io.tokenstore.TokenStore;
import io.tokenstore.TokenStores;
import io.tokenstore.spi.LeasingTokenStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Instances that take their first lease at once on a store whose lease tables are not there yet: each creates
 * them, and every one of them must then lease (one) or be refused, never fail, whoever's CREATE won.
 */
class JdbcLeaseTablesRaceTest {
  private static final int STORES = 8;
  private static final int ROUNDS = 10;

  abstract static class OnServer {
    abstract Databases database();

    @Test
    void eightStoresTakingTheirFirstLeaseAtOnce_createTheLeaseTablesOnce_andOneLeases() throws Exception {
      ExecutorService pool = Executors.newFixedThreadPool(STORES);
      try {
        for (int round = 0; round < ROUNDS; round++) {
          String table = "ltrace_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
          String base = database().url();
          String uri = TokenStores.provider(base).namespaced(base, table).orElseThrow();
          List<TokenStore> stores = new ArrayList<>();
          try {
            for (int i = 0; i < STORES; i++) {
              stores.add(TokenStores.open(uri));
            }
            String id = stores.get(0).saveToken(OAuthToken.builder().userName("alice@example.com").build()).id();
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> leased = new ArrayList<>();
            for (TokenStore s : stores) {
              leased.add(pool.submit(() -> {
                start.await();
                return ((LeasingTokenStore) s).tryLease(id, Duration.ofMinutes(1)).isPresent();
              }));
            }
            start.countDown();
            int granted = 0;
            for (Future<Boolean> f : leased) {
              granted += f.get(60, TimeUnit.SECONDS) ? 1 : 0; // a failed first lease throws here
            }
            assertThat(granted).as("round %d: leases granted", round).isEqualTo(1);
          } finally {
            for (TokenStore s : stores) {
              s.close();
            }
            database().dropStore(table);
          }
        }
      } finally {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
      }
    }
  }

  @Nested
  class PostgreSql extends OnServer {
    @Override
    Databases database() {
      return Databases.POSTGRESQL;
    }
  }

  @Nested
  class MariaDb extends OnServer {
    @Override
    Databases database() {
      return Databases.MARIADB;
    }
  }
}
