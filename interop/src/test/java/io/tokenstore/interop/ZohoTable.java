package io.tokenstore.interop;

import io.tokenstore.tck.Backends;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/** A fresh MariaDB table as Zoho's documentation has users create it, dropped (with our schema row) on close. */
final class ZohoTable implements AutoCloseable {
  static final String HOST = "127.0.0.1";
  static final int PORT = 3306;
  static final String DATABASE = "test";
  static final String USER = "root";
  static final String URL = "jdbc:mariadb://" + HOST + ":" + PORT + "/" + DATABASE + "?user=" + USER;

  final String name = "zoho_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

  ZohoTable() throws SQLException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(HOST, PORT), 2000);
    } catch (IOException e) {
      throw Backends.unavailable("MariaDB", "run one on 127.0.0.1:3306 (root, no password, database test)");
    }
    sql("CREATE TABLE " + name + " (id varchar(10) NOT NULL, user_name varchar(255) NOT NULL, "
        + "client_id varchar(255), client_secret varchar(255), refresh_token varchar(255), "
        + "access_token varchar(255), grant_token varchar(255), expiry_time varchar(20), "
        + "redirect_url varchar(255), api_domain varchar(255), PRIMARY KEY (id))");
  }

  /** Our store on this table. */
  String uri() {
    return URL + "&table=" + name;
  }

  @Override
  public void close() throws SQLException {
    sql("DROP TABLE IF EXISTS " + name);
    try {
      sql("DELETE FROM tokenstore_schema WHERE table_name = '" + name + "'");
    } catch (SQLException e) {
      // No schema table: we never opened this one.
    }
  }

  private static void sql(String statement) throws SQLException {
    try (Connection c = DriverManager.getConnection(URL); Statement st = c.createStatement()) {
      st.execute(statement);
    }
  }
}
