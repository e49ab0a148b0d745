/** The file token store: the Zoho SDKs' CSV token file, read and written safely. */
module io.tokenstore.file {
  requires io.tokenstore;
  requires org.apache.commons.csv;

  provides io.tokenstore.spi.TokenStoreProvider with io.tokenstore.file.FileTokenStoreProvider;
}
