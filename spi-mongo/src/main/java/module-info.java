/** The MongoDB token store: {@code mongodb:} and {@code mongodb+srv:}. */
module io.tokenstore.mongo {
  requires io.tokenstore;
  requires org.mongodb.driver.sync.client;
  requires org.mongodb.driver.core;
  requires org.mongodb.bson;

  provides io.tokenstore.spi.TokenStoreProvider with io.tokenstore.mongo.MongoTokenStoreProvider;
}
