package io.tokenstore.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.tokenstore.OAuthToken;
import io.tokenstore.TokenStore;
import io.tokenstore.TokenStoreException;
import io.tokenstore.TokenStores;
import io.tokenstore.spi.Lease;
import io.tokenstore.spi.LeasingTokenStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/** The document layout, races and hostile values, checked with the plain driver on the in-process server. */
class MongoTokenStoreTest {
  private final String collection = "t_" + UUID.randomUUID().toString().replace("-", "");
  private final String uri = MongoServers.inProcess() + "?collection=" + collection;

  private <T> T raw(java.util.function.Function<MongoCollection<Document>, T> work) {
    try (MongoClient client = MongoClients.create(MongoServers.inProcess())) {
      return work.apply(client.getDatabase("tokenstore").getCollection(collection));
    }
  }

  @Test
  void save_writesOneDocumentWithZohoFieldsAndABsonDate() {
    try (TokenStore store = TokenStores.open(uri)) {
      OAuthToken saved = store.saveToken(OAuthToken.builder().userName("alice").accessToken("a")
          .expiryTime(Instant.ofEpochMilli(1_700_000_000_123L)).build());
      Document d = raw(c -> c.find(Filters.eq("_id", saved.id())).first());
      assertThat(d).containsOnlyKeys("_id", "user_name", "access_token", "expiry_time");
      assertThat(d.get("expiry_time")).isEqualTo(new Date(1_700_000_000_123L));
      List<String> indexes = raw(c -> c.listIndexes().map(i -> i.getString("name")).into(new ArrayList<>()));
      assertThat(indexes).contains("user_name_unique", "access_token_unique", "refresh_token_unique",
          "grant_token_unique");
    }
  }

  @Test
  void concurrentSaves_ofTheSameUsers_leaveOneDocumentEach() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try (TokenStore store = TokenStores.open(uri)) {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        futures.add(pool.submit(() -> {
          for (int round = 0; round < 10; round++) {
            for (int u = 0; u < 20; u++) {
              store.saveToken(OAuthToken.builder().userName("user-" + u)
                  .accessToken("access-" + thread + "-" + round + "-" + u).build());
            }
          }
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    for (int u = 0; u < 20; u++) {
      String user = "user-" + u;
      long documents = raw(c -> c.countDocuments(Filters.eq("user_name", user)));
      assertThat(documents).as(user).isEqualTo(1);
    }
    long all = raw(MongoCollection::countDocuments);
    assertThat(all).isEqualTo(20);
  }

  @Test
  void operatorLookingValues_areData() {
    try (TokenStore store = TokenStores.open(uri)) {
      OAuthToken alice = store.saveToken(OAuthToken.builder().userName("alice").accessToken("a.b").build());
      OAuthToken odd = store.saveToken(OAuthToken.builder().userName("{\"$ne\": null}").accessToken("$where")
          .build());
      assertThat(store.findToken(OAuthToken.builder().userName("{\"$ne\": null}").build())).contains(odd);
      assertThat(store.findToken(OAuthToken.builder().accessToken("$where").build())).contains(odd);
      assertThat(store.findToken(OAuthToken.builder().accessToken("a.b").build())).contains(alice);
      assertThat(store.findToken(OAuthToken.builder().userName("{\"$gt\": \"\"}").build())).isEmpty();
      assertThat(store.getTokens()).hasSize(2);
    }
  }

  @Test
  void open_unreachableServer_failsWithinTheTimeout() {
    long start = System.nanoTime();
    assertThatThrownBy(() -> {
      try (TokenStore s = TokenStores.open("mongodb://user:hunter2@127.0.0.1:1/x?timeout=500ms")) {
        s.getTokens();
      }
    }).isInstanceOf(TokenStoreException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
    assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(10));
  }

  @Test
  void open_passwordWithDelimiters_isShownNowhere() {
    for (String password : new String[] {"hun/ter2", "hun?ter2", "hun#ter2", "hu@n/ter?2#x"}) {
      String uri = "mongodb://user:" + password + "@127.0.0.1:1,127.0.0.1:2/x?timeout=300ms";
      assertThatThrownBy(() -> TokenStores.open(uri).close()).as(password)
          .isInstanceOfAny(TokenStoreException.class, IllegalArgumentException.class)
          .satisfies(e -> {
            StringWriter printed = new StringWriter();
            e.printStackTrace(new PrintWriter(printed));
            assertThat(printed.toString() + e).doesNotContain(password).doesNotContain("ter2")
                .contains("mongodb://user:****@127.0.0.1:1,127.0.0.1:2/x");
          });
    }
  }

  @Test
  void open_badCollection_isNamed() {
    assertThatThrownBy(() -> TokenStores.open(MongoServers.inProcess() + "?collection=a.b"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'collection'");
  }

  @Test
  void counts_areDatesBesideTheLease_keptByARelease_andAValueOfAnotherTypeIsRefusedAndKept() {
    try (TokenStore store = TokenStores.open(uri)) {
      LeasingTokenStore leasing = (LeasingTokenStore) store;
      OAuthToken saved = store.saveToken(OAuthToken.builder().userName("alice").accessToken("a").build());
      Lease lease = leasing.tryLease(saved.id(), Duration.ofMinutes(5)).orElseThrow();
      assertThat(leasing.countRefresh(lease, 2, Duration.ofMinutes(10))).contains(Duration.ZERO);
      assertThat(leasing.release(lease)).isTrue();
      Document d = raw(c -> c.find(Filters.eq("_id", saved.id())).first());
      assertThat(d).containsOnlyKeys("_id", "user_name", "access_token", MongoTokenStore.COUNTS);
      assertThat(d.getList(MongoTokenStore.COUNTS, Date.class)).hasSize(1);
      assertThat(store.findTokenById(saved.id())).as("the record shows no count").contains(saved);

      raw(c -> c.updateOne(Filters.eq("_id", saved.id()), Updates.set(MongoTokenStore.COUNTS, "someone's")));
      Lease next = leasing.tryLease(saved.id(), Duration.ofMinutes(5)).orElseThrow();
      assertThatThrownBy(() -> leasing.countRefresh(next, 2, Duration.ofMinutes(10)))
          .isInstanceOf(TokenStoreException.class).hasMessageContaining("countRefresh failed");
      assertThat(raw(c -> c.find(Filters.eq("_id", saved.id())).first()).get(MongoTokenStore.COUNTS))
          .isEqualTo("someone's");
    }
  }
}
