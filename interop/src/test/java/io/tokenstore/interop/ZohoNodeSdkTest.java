package io.tokenstore.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tokenstore.tck.Backends;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;

/**
 * Our stores and the Zoho Node SDK's own ({@code FileStore}, {@code DBStore} of {@code @zohocrm/nodejs-sdk-8.0},
 * installed by {@code npm ci} in {@code src/test/node}) on one token file and one MariaDB table. Each step of the
 * SDK is one run of {@code node zoho.mjs}.
 */
class ZohoNodeSdkTest {
  private static final Path SCRIPT = Path.of("src", "test", "node", "zoho.mjs").toAbsolutePath();
  private static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void nodeSdkInstalled() {
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

  /** The SDK's store of this kind ({@code file} or {@code db}) on this file or table, one process per step. */
  record NodeSdk(String kind, String where) implements ZohoSdkStore {
    /** One operation of the SDK's store: its JSON answer ({@code ok}), or a failed assertion with its error. */
    private JsonNode run(String... args) throws Exception {
      List<String> command = new ArrayList<>(List.of("node", SCRIPT.toString(), kind, where));
      command.addAll(List.of(args));
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("node %s", command).isTrue();
      assertThat(p.exitValue()).as("node %s said: %s", command, out).isZero();
      String last = out.strip().lines().reduce((a, b) -> b).orElse("");
      return JSON.readTree(last).get("ok");
    }

    private static @Nullable Map<String, String> token(JsonNode json) {
      if (json == null || json.isNull()) {
        return null;
      }
      Map<String, String> token = new LinkedHashMap<>();
      json.fields().forEachRemaining(e -> token.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText()));
      return token;
    }

    @Override
    public String save(String user, String access, String refresh, String grant, String expiry) throws Exception {
      return run("save", user, access, refresh, grant, expiry).get("id").asText();
    }

    @Override
    public void refresh(String user, String access, String expiry) throws Exception {
      run("refresh", user, access, expiry);
    }

    @Override
    public @Nullable Map<String, String> find(String user) throws Exception {
      return token(run("find", user));
    }

    @Override
    public @Nullable Map<String, String> findAccess(String access) throws Exception {
      return token(run("findAccess", access));
    }

    @Override
    public List<Map<String, String>> list() throws Exception {
      List<Map<String, String>> tokens = new ArrayList<>();
      run("list").forEach(t -> tokens.add(token(t)));
      return tokens;
    }
  }

  @Nested
  class OnATokenFile extends SharingSequence.OnATokenFile {
    @Override
    ZohoSdkStore zoho(Path file) {
      return new NodeSdk("file", file.toString());
    }
  }

  @Nested
  class OnAMariaDbTable extends SharingSequence.OnAMariaDbTable {
    @Override
    ZohoSdkStore zoho(String table) {
      return new NodeSdk("db", table);
    }
  }
}
