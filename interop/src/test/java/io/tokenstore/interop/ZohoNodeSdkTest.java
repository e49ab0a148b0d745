package io.tokenstore.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tokenstore.OAuthToken;
import io.tokenstore.TokenStore;
import io.tokenstore.TokenStores;
import io.tokenstore.tck.Backends;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our stores and the Zoho Node SDK's own ({@code FileStore}, {@code DBStore} of {@code @zohocrm/nodejs-sdk-8.0},
 * installed by {@code npm ci} in {@code src/test/node}) on one token file and one MariaDB table, in every order of
 * reads, refreshes and inserts. Each step of the SDK is one run of {@code node zoho.mjs}.
 *
 * <p>Fewer than ten tokens on purpose: the SDKs take {@code max(id)} of a text column, which stops counting at
 * {@code 9} ({@code "9" > "10"}), so they collide with their own tenth id whoever else writes the table.
 */
class ZohoNodeSdkTest {
  private static final Path SCRIPT = Path.of("src", "test", "node", "zoho.mjs").toAbsolutePath();
  private static final ObjectMapper JSON = new ObjectMapper();

  @BeforeEach
  void nodeSdkInstalled() {
    if (!Files.isDirectory(SCRIPT.resolveSibling("node_modules").resolve("@zohocrm"))) {
      throw Backends.unavailable("the Zoho Node SDK", "run npm ci in interop/src/test/node");
    }
    try {
      Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw Backends.unavailable("node", "install Node.js 18 or later");
      }
    } catch (IOException e) {
      throw Backends.unavailable("node", "install Node.js 18 or later");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** One operation of the SDK's store: its JSON answer ({@code ok}), or a failed assertion with its error. */
  static JsonNode zoho(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("node", SCRIPT.toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("node %s", command).isTrue();
    assertThat(p.exitValue()).as("node %s said: %s", args, out).isZero();
    String last = out.strip().lines().reduce((a, b) -> b).orElse("");
    return JSON.readTree(last).get("ok");
  }

  /** The same steps on a file and on a table: the SDK's store as {@code kind where}, ours as {@code uri}. */
  abstract static class Sharing {
    abstract String kind();

    abstract String where();

    abstract String uri();

    private OAuthToken byUser(TokenStore store, String user) {
      return store.findToken(OAuthToken.builder().userName(user).build()).orElseThrow(
          () -> new AssertionError("tokenstore does not find " + user));
    }

    @Test
    void zohoWrites_weRead_weWrite_zohoReads_andBothInsertInTurnWithoutACollision() throws Exception {
      // Zoho first: the token exchange of two users.
      assertThat(zoho(kind(), where(), "save", "alice@example.com", "access-a", "refresh-a", "", "1700000000001")
          .get("id").asText()).isEqualTo("1");
      assertThat(zoho(kind(), where(), "save", "bob@example.com", "access-b", "refresh-b", "grant-b",
          "1700000000002").get("id").asText()).isEqualTo("2");

      try (TokenStore store = TokenStores.open(uri())) {
        OAuthToken alice = byUser(store, "alice@example.com");
        assertThat(alice.id()).isEqualTo("1");
        assertThat(alice.accessToken()).isEqualTo("access-a");
        assertThat(alice.clientSecret()).isEqualTo("node-secret");
        assertThat(store.findToken(OAuthToken.builder().accessToken("access-b").build()).map(OAuthToken::id))
            .contains("2");
        assertThat(store.findToken(OAuthToken.builder().clientId("1000.NODE").clientSecret("node-secret")
            .grantToken("grant-b").build()).map(OAuthToken::id)).contains("2");

        // Zoho refreshes alice after we adopted the table or file: we find her by the new token only.
        zoho(kind(), where(), "refresh", "alice@example.com", "access-a2", "1700000003601");
        assertThat(byUser(store, "alice@example.com").accessToken()).isEqualTo("access-a2");
        assertThat(store.findToken(OAuthToken.builder().accessToken("access-a2").build()).map(OAuthToken::id))
            .contains("1");
        assertThat(store.findToken(OAuthToken.builder().accessToken("access-a").build())).isEmpty();

        // Zoho inserts after adoption: we find every key of the new row.
        assertThat(zoho(kind(), where(), "save", "carol@example.com", "access-c", "refresh-c", "grant-c",
            "1700000000003").get("id").asText()).isEqualTo("3");
        assertThat(byUser(store, "carol@example.com").id()).isEqualTo("3");
        assertThat(store.findToken(OAuthToken.builder().accessToken("access-c").build())).isPresent();
        assertThat(store.findToken(OAuthToken.builder().clientId("1000.NODE").clientSecret("node-secret")
            .refreshToken("refresh-c").build()).map(OAuthToken::id)).contains("3");

        // We insert and refresh; Zoho reads what we wrote.
        OAuthToken dave = store.saveToken(OAuthToken.builder().userName("dave@example.com").clientId("1000.OURS")
            .accessToken("access-d").refreshToken("refresh-d").build());
        assertThat(dave.id()).isEqualTo("4");
        JsonNode seen = zoho(kind(), where(), "find", "dave@example.com");
        assertThat(seen.get("id").asText()).isEqualTo("4");
        assertThat(seen.get("refreshToken").asText()).isEqualTo("refresh-d");
        store.saveToken(OAuthToken.builder().userName("bob@example.com").accessToken("access-b2").build());
        assertThat(zoho(kind(), where(), "findAccess", "access-b2").get("id").asText()).isEqualTo("2");
        assertThat(zoho(kind(), where(), "find", "bob@example.com").get("refreshToken").asText())
            .isEqualTo("refresh-b");

        // Both sides insert in turn: each continues the other's sequence.
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
          ids.add(zoho(kind(), where(), "save", "z" + i + "@example.com", "access-z" + i, "refresh-z" + i, "",
              "1700000000100").get("id").asText());
          ids.add(store.saveToken(OAuthToken.builder().userName("t" + i + "@example.com")
              .accessToken("access-t" + i).build()).id());
        }
        assertThat(ids).containsExactly("5", "6", "7", "8");
        assertThat(store.getTokens()).hasSize(8);
        assertThat(zoho(kind(), where(), "list")).hasSize(8);
        assertThat(byUser(store, "z1@example.com").id()).isEqualTo("7");
      }
    }
  }

  @Nested
  class OnATokenFile extends Sharing {
    @TempDir
    Path dir;

    @Override
    String kind() {
      return "file";
    }

    @Override
    String where() {
      return dir.resolve("sdk_tokens.txt").toString();
    }

    @Override
    String uri() {
      return "file:" + where();
    }
  }

  @Nested
  class OnAMariaDbTable extends Sharing {
    private static final String URL = "jdbc:mariadb://127.0.0.1:3306/test?user=root";
    private final String table = "zoho_node_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    @BeforeEach
    void zohoTable() throws SQLException {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", 3306), 2000);
      } catch (IOException e) {
        throw Backends.unavailable("MariaDB", "run one on 127.0.0.1:3306 (root, no password, database test)");
      }
      // The table as Zoho's documentation has users create it.
      sql("CREATE TABLE " + table + " (id varchar(10) NOT NULL, user_name varchar(255) NOT NULL, "
          + "client_id varchar(255), client_secret varchar(255), refresh_token varchar(255), "
          + "access_token varchar(255), grant_token varchar(255), expiry_time varchar(20), "
          + "redirect_url varchar(255), api_domain varchar(255), PRIMARY KEY (id))");
    }

    @AfterEach
    void dropTable() throws SQLException {
      sql("DROP TABLE IF EXISTS " + table);
      sql("DELETE FROM tokenstore_schema WHERE table_name = '" + table + "'");
    }

    private void sql(String statement) throws SQLException {
      try (Connection c = DriverManager.getConnection(URL); Statement st = c.createStatement()) {
        st.execute(statement);
      } catch (SQLException e) {
        if (!statement.startsWith("DELETE FROM tokenstore_schema")) {
          throw e;
        }
      }
    }

    @Override
    String kind() {
      return "db";
    }

    @Override
    String where() {
      return table;
    }

    @Override
    String uri() {
      return URL + "&table=" + table;
    }
  }
}
