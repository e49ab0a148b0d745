package io.tokenstore.mongo;

import io.tokenstore.TokenStores;
import io.tokenstore.testing.RefreshRaceTests;
import java.util.UUID;

/**
 * AccessTokens across processes on the in-process wire-protocol server, which the worker processes reach over its
 * socket: one refresh per expiry, a killed or stalled holder. Each test in a collection of its own.
 */
class MongoRefreshRaceTest extends RefreshRaceTests {
  @Override
  protected String freshUri() {
    String base = MongoServers.inProcess();
    return TokenStores.provider(base).namespaced(base, "race_" + UUID.randomUUID().toString().replace("-", ""))
        .orElseThrow();
  }
}
