/** The SQL store shared by the SQLite and JDBC providers. Not API: exported only to them. */
module io.tokenstore.sql {
  requires transitive io.tokenstore;
  requires transitive java.sql;

  exports io.tokenstore.sql.internal to io.tokenstore.sqlite, io.tokenstore.jdbc;
}
