package io.tokenstore.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.tokenstore.OAuthToken;
import io.tokenstore.TokenStore;
import io.tokenstore.TokenStores;
import io.tokenstore.encryption.TestKeysets;
import io.tokenstore.spi.StoreUri;
import io.tokenstore.tck.NamespacedStoreTck;
import java.util.Map;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The kit on the encrypted variant (in-process server, and a real MongoDB where one exists), and the documents. */
class MongoEncryptedTest {
  @Nested
  class InProcessServer extends NamespacedStoreTck {
    @Override
    protected String baseUri() {
      return MongoServers.inProcess();
    }

    @Override
    protected Map<String, String> openOptions() {
      return TestKeysets.option();
    }

    @Override
    protected Map<String, String> skippedRules() {
      return MongoServers.IN_PROCESS_SKIPS;
    }
  }

  @Nested
  class RealMongoDb extends NamespacedStoreTck {
    @Override
    protected String baseUri() {
      return MongoServers.real();
    }

    @Override
    protected Map<String, String> openOptions() {
      return TestKeysets.option();
    }
  }

  /** Every document of the collection, read with the driver alone, holds none of the secrets saved. */
  @Test
  void documents_holdNoSecret() {
    String collection = "enc_raw_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    String uri = StoreUri.withOption(MongoServers.inProcess(), "collection", collection);
    try (TokenStore s = TokenStores.open(uri, TestKeysets.option()); MongoClient client = MongoClients.create(
        MongoServers.inProcess())) {
      s.saveToken(OAuthToken.builder().userName("alice@example.com").clientId("client-a").clientSecret("secret-a")
          .accessToken("access-a").refreshToken("refresh-a").grantToken("grant-a").build());
      StringBuilder all = new StringBuilder();
      for (Document d : client.getDatabase("tokenstore").getCollection(collection).find()) {
        all.append(d.toJson()).append('\n');
      }
      assertThat(all.toString()).contains("alice@example.com", "tse1.")
          .doesNotContain("secret-a", "access-a", "refresh-a", "grant-a");
      s.deleteTokens();
    }
  }
}
