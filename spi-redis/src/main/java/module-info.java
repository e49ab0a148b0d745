/** The Redis token store: standalone, TLS, socket, Sentinel and Cluster. */
module io.tokenstore.redis {
  requires io.tokenstore;
  requires lettuce.core;

  provides io.tokenstore.spi.TokenStoreProvider with io.tokenstore.redis.RedisTokenStoreProvider;
}
