/** The SQLite token store: {@code sqlite:PATH} and {@code sqlite::memory:}. */
module io.tokenstore.sqlite {
  requires io.tokenstore;
  requires io.tokenstore.sql;
  requires org.xerial.sqlitejdbc;

  provides io.tokenstore.spi.TokenStoreProvider with io.tokenstore.sqlite.SqliteTokenStoreProvider;
}
