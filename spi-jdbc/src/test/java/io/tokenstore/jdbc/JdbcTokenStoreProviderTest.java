package io.tokenstore.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenstore.TokenStoreException;
import io.tokenstore.TokenStores;
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

  @Test
  void open_badPoolSize_namesTheOption() {
    assertThatThrownBy(() -> TokenStores.open("jdbc:h2:mem:x?poolSize=0"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'poolSize'");
  }
}
