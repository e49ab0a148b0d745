package io.tokenstore.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenstore.TokenStoreException;
import io.tokenstore.TokenStores;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class JdbcTokenStoreProviderTest {
  @Test
  void open_tableCannotBeCreated_failsWithoutShowingThePassword() throws Exception {
    // A foreign table holds the name of the schema-version table: connecting works, preparing the table does not.
    String url = "jdbc:h2:mem:v" + UUID.randomUUID().toString().replace("-", "")
        + ";DB_CLOSE_DELAY=-1;USER=sa;PASSWORD=hunter2";
    try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
      st.execute("CREATE TABLE tokenstore_schema (something_else int)");
    }
    assertThatThrownBy(() -> TokenStores.open(url))
        .isInstanceOf(TokenStoreException.class)
        .hasMessageContaining("open failed")
        .hasMessageContaining("PASSWORD=****")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
  }

  private static String printed(Throwable e) {
    StringWriter printed = new StringWriter();
    e.printStackTrace(new PrintWriter(printed));
    return printed.toString();
  }

  private static void assertShowsNowhere(Throwable e, String secret) {
    assertThat(printed(e)).as("printed stack trace").doesNotContain(secret);
    assertThat(e.toString()).doesNotContain(secret);
    assertThat(e.getMessage()).doesNotContain(secret);
  }

  @Test
  void open_mariadbOrPostgresqlUserInfo_isRefusedShowingItNowhere() {
    // Their drivers read root:PASSWORD@127.0.0.1 as host:port: MariaDB says "Incorrect port value : PASSWORD@…",
    // the PostgreSQL driver logs the URL. Refused before either sees it.
    for (String password : new String[] {"hunter2", "hun/ter2", "hun?ter2", "hun#ter2", "hu@n:ter2"}) {
      for (String url : new String[] {"jdbc:mariadb://root:" + password + "@127.0.0.1:3306/test?connectTimeout=2s",
          "jdbc:postgresql://postgres:" + password + "@127.0.0.1:5432/test"}) {
        assertThatThrownBy(() -> TokenStores.open(url).close()).as(url)
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("as parameters").hasMessageContaining(":****@127.0.0.1:")
            .satisfies(e -> assertShowsNowhere(e, password))
            .satisfies(e -> assertShowsNowhere(e, "ter2"));
      }
    }
  }

  @Test
  void open_mariadbSecretParameters_areShownNowhere() {
    Databases.MARIADB.url();
    for (String url : new String[] {
        "jdbc:mariadb://127.0.0.1:3306/test?user=root&password=hunter2x&connectTimeout=500ms",
        "jdbc:mariadb://127.0.0.1:3306/test?user=root&trustStore=/nonexistent&trustStorePassword=hunter2x"
            + "&sslMode=verify-full&connectTimeout=500ms",
        "jdbc:mariadb://127.0.0.1:3306/test?user=root&keyStore=/nonexistent&keyStorePassword=hunter2x"
            + "&sslMode=trust&connectTimeout=500ms"}) {
      try {
        TokenStores.open(url).close();
      } catch (RuntimeException e) {
        assertShowsNowhere(e, "hunter2x");
      }
    }
  }

  @Test
  void open_mysqlDriverPasswordForms_areShownNowhere() {
    Databases.MYSQL_DRIVER.url();
    for (String url : new String[] {
        "jdbc:mysql://address=(host=127.0.0.1)(port=3306)(user=root)(password=hunter2x)/test?connectTimeout=500ms",
        "jdbc:mysql://(host=127.0.0.1,port=3306,user=root,password=hunter2x)/test?connectTimeout=500ms",
        "jdbc:mysql://root:hunter2x@127.0.0.1:3306/test?connectTimeout=500ms"}) {
      assertThatThrownBy(() -> TokenStores.open(url).close()).as(url)
          .isInstanceOf(TokenStoreException.class)
          .satisfies(e -> assertShowsNowhere(e, "hunter2x"));
    }
    // Connector/J cuts the user info at the '/' and quotes the piece: "Failed to parse the host:port pair
    // 'root:hun'"; the driver's exception is replaced by a scrubbed copy.
    assertThatThrownBy(() -> TokenStores.open("jdbc:mysql://root:hun/ter2x@127.0.0.1:3306/test").close())
        .isInstanceOf(TokenStoreException.class)
        .satisfies(e -> assertShowsNowhere(e, "hun"))
        .satisfies(e -> assertShowsNowhere(e, "ter2x"))
        .satisfies(e -> assertThat(printed(e)).contains("host:port pair 'root:****'"));
  }

  @Test
  void open_badPoolSize_namesTheOption() {
    assertThatThrownBy(() -> TokenStores.open("jdbc:h2:mem:x?poolSize=0"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'poolSize'");
  }
}
