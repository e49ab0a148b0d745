package io.tokenstore.mongo;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.tokenstore.testing.ServerFinder;
import java.net.InetSocketAddress;
import org.testcontainers.containers.MongoDBContainer;

/**
 * Servers for the Mongo tests: an in-process MongoDB wire-protocol server (mongo-java-server) on a local port,
 * always there, so every build runs the real driver over a real socket; and a real MongoDB from
 * {@code TOKENSTORE_MONGO_URI} or Testcontainers, when either exists (no MongoDB server can be installed on the
 * project's machines, so its absence is a skip, not a failure, even in CI).
 */
final class MongoServers {
  private static volatile String inProcess;
  private static final ServerFinder REAL = ServerFinder.of("MongoDB", "TOKENSTORE_MONGO_URI").container(() -> {
    MongoDBContainer mongo = new MongoDBContainer("mongo:8.0");
    mongo.start();
    return mongo.getConnectionString() + "/tokenstore";
  }).alwaysSkip("no MongoDB server can be installed on the project's machines; the in-process server runs "
      + "regardless");

  // mongo-java-server applies one findOneAndUpdate's $set field by field where a concurrent find can see it
  // (seen: a record with three fields of one save and one of another). MongoDB updates a document atomically;
  // the provider sends one operation and works around nothing. CONC-3 runs against a real MongoDB.
  static final java.util.Map<String, String> IN_PROCESS_SKIPS = java.util.Map.of("CONC-3", "the in-process "
      + "mongo-java-server does not update a document atomically for concurrent readers; CONC-3 runs against a real "
      + "MongoDB (TOKENSTORE_MONGO_URI or Docker)");

  private MongoServers() {}

  static synchronized String inProcess() {
    if (inProcess == null) {
      MongoServer server = new MongoServer(new MemoryBackend());
      server.bind("127.0.0.1", 0);
      InetSocketAddress address = server.getLocalAddress();
      Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow));
      inProcess = "mongodb://127.0.0.1:" + address.getPort() + "/tokenstore";
    }
    return inProcess;
  }

  static String real() {
    return REAL.uri();
  }
}
