package io.tokenstore.mongo;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.tokenstore.TokenStore;
import io.tokenstore.TokenStoreException;
import io.tokenstore.spi.StoreUri;
import io.tokenstore.spi.TokenStoreProvider;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * MongoDB, through the official synchronous driver.
 *
 * <p>URIs are the driver's connection strings: {@code mongodb://[user:password@]host[:port][,host…]/[database]
 * [?options]} and {@code mongodb+srv://…}. The database is the URI's path (default {@code tokenstore}); the
 * driver's own options ({@code replicaSet}, {@code authSource}, {@code tls}, …) pass through.
 *
 * <p>Options: {@code collection}, the namespace (default {@code oauthtoken}); {@code timeout}, how long to wait
 * for a server before a call fails with {@link TokenStoreException} (server selection, connect and socket read;
 * default {@code 5s}). Passwords are masked in every message and {@code toString}, and removed from the
 * driver's messages in causes.
 *
 * <p>One document per token: {@code _id} is the token id; {@code user_name}, {@code client_id},
 * {@code client_secret}, {@code refresh_token}, {@code access_token}, {@code grant_token}, {@code redirect_url},
 * {@code api_domain} are strings and {@code expiry_time} a BSON date; absent fields are left out. Unique sparse
 * indexes on {@code user_name}, {@code access_token}, {@code refresh_token} and {@code grant_token} (absent
 * fields are not indexed) are created on open.
 */
public final class MongoTokenStoreProvider implements TokenStoreProvider {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  /** Called by {@link java.util.ServiceLoader}. */
  public MongoTokenStoreProvider() {}

  @Override
  public String name() {
    return "mongo";
  }

  @Override
  public Set<String> schemes() {
    return Set.of("mongodb", "mongodb+srv");
  }

  @Override
  public Set<String> options() {
    return Set.of("collection", "timeout");
  }

  @Override
  public TokenStore open(String uri, Map<String, String> options) {
    StoreUri parsed = StoreUri.parse(uri, options, schemes(), options(), true);
    String collection = parsed.option("collection", "oauthtoken");
    if (!NAME.matcher(collection).matches()) {
      throw new IllegalArgumentException("option 'collection' must be 1 to 64 letters, digits, '_' or '-', not '"
          + collection + "'");
    }
    Duration timeout = parsed.duration("timeout", Duration.ofSeconds(5));
    String driverUri = parsed.scheme() + ":" + parsed.body() + (parsed.passthrough().isEmpty() ? ""
        : "?" + parsed.passthrough().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining("&"))) + parsed.fragment();
    ConnectionString connection;
    try {
      connection = new ConnectionString(driverUri);
    } catch (IllegalArgumentException e) {
      // The driver's message may quote the URI, password included.
      throw new IllegalArgumentException("malformed MongoDB connection string " + StoreUri.mask(uri));
    }
    String database = connection.getDatabase() != null ? connection.getDatabase() : "tokenstore";
    long millis = timeout.toMillis();
    MongoClientSettings settings = MongoClientSettings.builder()
        .applyConnectionString(connection)
        .applyToClusterSettings(b -> b.serverSelectionTimeout(millis, TimeUnit.MILLISECONDS))
        .applyToSocketSettings(b -> b.connectTimeout((int) millis, TimeUnit.MILLISECONDS)
            .readTimeout((int) Math.max(millis, 1000), TimeUnit.MILLISECONDS))
        // The driver logs each command and reply document at DEBUG, token values included (ERR-3): none of it.
        .applyToLoggerSettings(b -> b.maxDocumentLength(1)) // 0 would mean no limit
        .build();
    MongoClient client = MongoClients.create(settings);
    try {
      return new MongoTokenStore(client, client.getDatabase(database).getCollection(collection),
          "mongo store " + StoreUri.mask(uri) + " " + database + "." + collection, uri);
    } catch (RuntimeException e) {
      client.close();
      throw StoreUri.scrub(e instanceof TokenStoreException ? (TokenStoreException) e
          : new TokenStoreException("open failed for " + StoreUri.mask(uri) + ": cannot create the indexes", e),
          uri);
    }
  }

  @Override
  public String namespace(String uri, Map<String, String> options) {
    return StoreUri.parse(uri, options, schemes(), options(), true).option("collection", "oauthtoken");
  }

  @Override
  public Optional<String> namespaced(String uri, String namespace) {
    return Optional.of(StoreUri.withOption(uri, "collection", namespace));
  }

  @Override
  public boolean keepsRecordsAcrossOpens(String uri) {
    return true;
  }
}
