/** The list token store: {@code list:} and {@code list:NAME}. */
module io.tokenstore.list {
  requires io.tokenstore;

  provides io.tokenstore.spi.TokenStoreProvider with io.tokenstore.list.ListTokenStoreProvider;
}
