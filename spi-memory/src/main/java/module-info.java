/** The in-memory token store: {@code memory:} and {@code memory:NAME}. */
module io.tokenstore.memory {
  requires io.tokenstore;

  provides io.tokenstore.spi.TokenStoreProvider with io.tokenstore.memory.MemoryTokenStoreProvider;
}
