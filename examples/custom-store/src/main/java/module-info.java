/** An example custom token store, certified by the tokenstore compatibility kit. */
module com.example.tokens {
  requires io.tokenstore;

  provides io.tokenstore.spi.TokenStoreProvider with com.example.tokens.ExampleTokenStoreProvider;
}
