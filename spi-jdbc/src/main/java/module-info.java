/** The JDBC token store for MySQL/MariaDB, PostgreSQL and H2. */
module io.tokenstore.jdbc {
  requires io.tokenstore;
  requires io.tokenstore.sql;
  requires com.zaxxer.hikari;

  uses java.sql.Driver;

  provides io.tokenstore.spi.TokenStoreProvider with io.tokenstore.jdbc.JdbcTokenStoreProvider;
}
