package io.tokenstore.benchmarks;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.util.Date;
import org.bson.Document;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;

/**
 * MongoDB through the provider, beside the raw driver's {@code find(...).first()} by an indexed field and
 * {@code updateOne}, against the same server: the in-process wire-protocol server (mongo-java-server, in the
 * benchmark's JVM) or, with {@code TOKENSTORE_MONGO_URI}, a real MongoDB. Run:
 * {@code java -jar benchmarks/target/benchmarks.jar MongoBenchmark}.
 */
public class MongoBenchmark extends StoreBenchmark {
  private static volatile String server;

  @Param({"mongo-in-process"})
  public String store;

  @Param({"1000", "100000"})
  public int size;

  private MongoClient client;
  private MongoCollection<Document> raw;

  private static synchronized String server() {
    if (server == null) {
      String env = System.getenv("TOKENSTORE_MONGO_URI");
      if (env != null && !env.isBlank()) {
        server = env;
      } else {
        MongoServer mongo = new MongoServer(new MemoryBackend());
        mongo.bind("127.0.0.1", 0);
        server = "mongodb://127.0.0.1:" + mongo.getLocalAddress().getPort() + "/tokenstore";
      }
    }
    return server;
  }

  @Override
  protected String storeUri() {
    return server() + "?collection=bench_" + size;
  }

  @Override
  protected int size() {
    return size;
  }

  @Override
  protected void afterLoad() {
    client = MongoClients.create(server());
    raw = client.getDatabase("tokenstore").getCollection("bench_" + size);
  }

  @Override
  protected void beforeClose() {
    client.close();
  }

  /** Baseline for find: the driver's {@code find(eq("user_name", v)).first()}. */
  @Benchmark
  public Object rawFindFirst(Cursor c) {
    return raw.find(Filters.eq("user_name", byUser[next(c)].userName())).first();
  }

  /** Baseline for save: the driver's {@code updateOne} of the refresh path by user name. */
  @Benchmark
  public Object rawUpdateOne(Cursor c) {
    int i = next(c);
    var t = update(c, i);
    return raw.updateOne(Filters.eq("user_name", t.userName()), Updates.combine(
        Updates.set("access_token", t.accessToken()), Updates.set("expiry_time", Date.from(t.expiryTime()))));
  }
}
