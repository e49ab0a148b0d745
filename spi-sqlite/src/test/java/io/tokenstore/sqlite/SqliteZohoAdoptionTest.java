package io.tokenstore.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenstore.OAuthToken;
import io.tokenstore.TokenStore;
import io.tokenstore.TokenStoreException;
import io.tokenstore.TokenStores;
import io.tokenstore.sql.adoption.ZohoAdoptionTests;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Adopting the Zoho table in a SQLite file, such as the Kaizen sample's zohooauth.db. */
class SqliteZohoAdoptionTest extends ZohoAdoptionTests {
  private static final String ZOHO_COLUMNS = "id varchar(10) NOT NULL, user_name varchar(255) NOT NULL, "
      + "client_id varchar(255), client_secret varchar(255), refresh_token varchar(255), "
      + "access_token varchar(255), grant_token varchar(255), expiry_time varchar(20), "
      + "redirect_url varchar(255), api_domain varchar(255)";

  @TempDir
  Path dir;

  @Override
  protected Connection connect() throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("zohooauth.db"));
  }

  @Override
  protected String uri(String table) {
    return "sqlite:" + dir.resolve("zohooauth.db") + "?table=" + table;
  }

  @Test
  void open_tableWithExtraColumnIndexTriggerAndConstraints_keepsThemAllWorking() throws SQLException {
    String table = newTable();
    String tenants = newTable();
    String audit = newTable();
    sql("CREATE TABLE " + tenants + " (id TEXT PRIMARY KEY)",
        "CREATE TABLE " + audit + " (token_id TEXT, tenant TEXT, access_token TEXT)",
        "CREATE TABLE " + table + " (" + ZOHO_COLUMNS + ",\n  \"tenant\" varchar(2) NOT NULL DEFAULT 'eu' "
            + "REFERENCES " + tenants + " (id) -- the customer's own column\n, PRIMARY KEY (id), "
            + "CHECK (length(tenant) = 2))",
        "CREATE INDEX " + table + "_tenant ON " + table + " (tenant, user_name)",
        "CREATE TRIGGER " + table + "_audit AFTER UPDATE OF access_token ON " + table + " BEGIN INSERT INTO "
            + audit + " VALUES (new.id, new.tenant, new.access_token); END",
        "INSERT INTO " + table + " (id, user_name, refresh_token, access_token, tenant) "
            + "VALUES ('1', 'alice@example.com', 'refresh-a', 'access-a', 'in')",
        "INSERT INTO " + table + " (id, user_name, refresh_token, access_token, tenant) "
            + "VALUES ('2', 'bob@example.com', 'refresh-b', 'access-b', 'us')");
    Map<String, String> objectsBefore = objects(table);
    assertThat(objectsBefore).containsKeys("index " + table + "_tenant", "trigger " + table + "_audit");

    String carol;
    try (TokenStore store = TokenStores.open(uri(table))) {
      assertThat(store.findToken(OAuthToken.builder().accessToken("access-b").build()).map(OAuthToken::id))
          .contains("2");
      store.saveToken(OAuthToken.builder().userName("alice@example.com").accessToken("access-a2").build());
      carol = store.saveToken(OAuthToken.builder().userName("carol@example.com").build()).id();
      assertThat(store.getTokens()).extracting(OAuthToken::id).containsExactlyInAnyOrder("1", "2", carol);
    }

    assertThat(objects(table)).containsAllEntriesOf(objectsBefore);
    assertThat(rows("SELECT id, tenant FROM " + table + " ORDER BY id"))
        .containsExactly("1 in", "2 us", carol + " eu");
    assertThat(rows("SELECT token_id, tenant, access_token FROM " + audit)).containsExactly("1 in access-a2");
    assertThat(rows("EXPLAIN QUERY PLAN SELECT id FROM " + table + " WHERE tenant = 'in'"))
        .anySatisfy(plan -> assertThat(plan).contains(table + "_tenant"));
    assertThat(rows("SELECT \"table\" FROM pragma_foreign_key_list('" + table + "')")).containsExactly(tenants);
    assertThat(rows("SELECT type, \"notnull\", dflt_value FROM pragma_table_info('" + table + "') "
        + "WHERE name = 'tenant'")).containsExactly("varchar(2) 1 'eu'");
    assertThatThrownBy(() -> sql("UPDATE " + table + " SET tenant = 'xyz' WHERE id = '1'"))
        .hasMessageContaining("CHECK constraint failed");
    assertThat(rows("PRAGMA integrity_check")).containsExactly("ok");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "a view uses it | CREATE VIEW OTHER AS SELECT user_name FROM TABLE | view other",
      "a foreign key points to it | CREATE TABLE OTHER (token_id TEXT REFERENCES TABLE (id)) | foreign key",
      "a trigger elsewhere uses it | CREATE TABLE OTHER (x TEXT) && CREATE TRIGGER OTHER_t AFTER INSERT ON OTHER "
          + "BEGIN DELETE FROM TABLE; END | trigger other_t",
      "a generated column | ALTER TABLE TABLE ADD COLUMN upper_name TEXT GENERATED ALWAYS AS (upper(user_name)) "
          + "| generated",
  })
  void open_tableWithWhatCannotBeRebuilt_isRefusedAndNothingChanges(String reason, String statements,
      String named) throws SQLException {
    String table = newTable();
    String other = table + "_other";
    sql("CREATE TABLE " + table + " (" + ZOHO_COLUMNS + ", PRIMARY KEY (id))",
        "INSERT INTO " + table + " (id, user_name, access_token) VALUES ('1', 'alice@example.com', 'a')");
    for (String statement : statements.split("&&")) {
      sql(statement.replace("OTHER", other).replace("TABLE (", table + " (").replace("TABLE TABLE", "TABLE " + table)
          .replace("FROM TABLE", "FROM " + table));
    }
    assertRefused(table, named.replace("other", other));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "COLLATE on a Zoho column | user_name varchar(255) NOT NULL COLLATE NOCASE | column user_name",
      "CHECK on a Zoho column | access_token varchar(255) CHECK (access_token <> 'x') | column access_token",
      "a second primary key | tenant TEXT, PRIMARY KEY (id, tenant) | primary key",
      "WITHOUT ROWID | ) WITHOUT ROWID | WITHOUT ROWID",
  })
  void open_tableDefinitionTokenstoreCannotKeep_isRefusedAndNothingChanges(String reason, String definition,
      String named) throws SQLException {
    String table = newTable();
    String columns = ZOHO_COLUMNS.replace("id varchar(10) NOT NULL", "id varchar(10) NOT NULL PRIMARY KEY");
    String ddl;
    if (definition.startsWith(")")) {
      ddl = "CREATE TABLE " + table + " (" + columns + definition;
    } else if (definition.contains("PRIMARY KEY")) {
      ddl = "CREATE TABLE " + table + " (" + ZOHO_COLUMNS + ", " + definition + ")";
    } else {
      String column = definition.substring(0, definition.indexOf(' '));
      ddl = "CREATE TABLE " + table + " (" + columns.replaceFirst(column + " varchar\\(255\\)( NOT NULL)?",
          definition) + ")";
      assertThat(ddl).contains(definition);
    }
    sql(ddl, "INSERT INTO " + table + " (id, user_name, access_token) VALUES ('1', 'alice@example.com', 'a')");
    assertRefused(table, named);
  }

  private void assertRefused(String table, String named) throws SQLException {
    Map<String, String> before = objects(null);
    assertThatThrownBy(() -> TokenStores.open(uri(table)))
        .isInstanceOf(TokenStoreException.class)
        .hasMessageContaining("cannot adopt table " + table)
        .hasMessageContaining(named)
        .hasMessageContaining("nothing was changed");
    assertThat(objects(null)).isEqualTo(before);
    assertThat(rows("SELECT id, user_name, access_token FROM " + table)).containsExactly("1 alice@example.com a");
  }

  // Every schema object (or those of one table) as "type name" -> its SQL.
  private Map<String, String> objects(String table) throws SQLException {
    Map<String, String> objects = new LinkedHashMap<>();
    try (Connection c = connect(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name")) {
      while (rs.next()) {
        if (table == null || (rs.getString(3).equals(table) && !rs.getString(1).equals("table"))) {
          objects.put(rs.getString(1) + " " + rs.getString(2), rs.getString(4));
        }
      }
    }
    return objects;
  }

  // Each row as its columns joined by spaces.
  private List<String> rows(String query) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection c = connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(query)) {
      while (rs.next()) {
        List<String> values = new ArrayList<>();
        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
          values.add(String.valueOf(rs.getString(i)));
        }
        rows.add(String.join(" ", values));
      }
    }
    return rows;
  }
}
