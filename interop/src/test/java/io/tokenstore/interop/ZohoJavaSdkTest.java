package io.tokenstore.interop;

import com.opencsv.CSVReader;
import com.opencsv.CSVWriter;
import java.io.FileReader;
import java.io.FileWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Nested;

/**
 * Our stores beside the Zoho Java SDK's own {@code FileStore} and {@code DBStore}, in the same sequence as the Node
 * SDK. The Java SDK is not on Maven Central, so its two stores are transcribed here from their public source
 * ({@code com.zoho.api.authenticator.store}: {@code FileStore} of zohocrm-java-sdk-8.0, {@code DBStore} of
 * zohocrm-java-sdk-5.0, the newest whose source is public, with SDK 8's {@code api_domain} column) on the clients
 * they use: opencsv's {@code CSVReader}/{@code CSVWriter} with their defaults, and MySQL Connector/J with SQL built
 * by concatenation. What matters to sharing is kept exactly: rows read by column position, {@code max(id)} read
 * with {@code getInt} (so a non-numeric id breaks the SDK's next insert), {@code UPDATE … LIMIT 1} by user name,
 * a file rewritten whole.
 */
class ZohoJavaSdkTest {
  /** The token as {@code DBStore.setMergeData} and {@code FileStore.setMergeData} read a row, by position. */
  private static Map<String, String> token(String[] row) {
    Map<String, String> token = new LinkedHashMap<>();
    String[] names = {"id", "user", "clientId", "clientSecret", "refreshToken", "accessToken", "grantToken",
        "expiresIn", "redirectUrl", "apiDomain"};
    for (int i = 0; i < names.length; i++) {
      token.put(names[i], i < row.length && row[i] != null && !row[i].isEmpty() ? row[i] : null);
    }
    return token;
  }

  /** {@code FileStore}: every call reads the whole file with opencsv and writes it back whole. */
  record JavaSdkFileStore(Path file) implements ZohoSdkStore {
    private static final String[] HEADER = {"id", "user_name", "client_id", "client_secret", "refresh_token",
        "access_token", "grant_token", "expiry_time", "redirect_url", "api_domain"};

    /** The constructor writes the header into an empty or missing file. */
    JavaSdkFileStore {
      try {
        if (!Files.exists(file) || Files.size(file) == 0) {
          try (CSVWriter w = new CSVWriter(new FileWriter(file.toFile(), StandardCharsets.UTF_8, true))) {
            w.writeNext(HEADER, false);
          }
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }

    /** {@code readAll} less the lines of one empty field, as every method but {@code getTokens} filters. */
    private List<String[]> rows() throws Exception {
      try (CSVReader r = new CSVReader(new FileReader(file.toFile(), StandardCharsets.UTF_8))) {
        return r.readAll().stream().filter(row -> row.length > 1).collect(Collectors.toList());
      }
    }

    private void write(List<String[]> rows) throws Exception {
      try (CSVWriter w = new CSVWriter(new FileWriter(file.toFile(), StandardCharsets.UTF_8))) {
        w.writeAll(rows, false);
      }
    }

    /** The row of this user ({@code checkCondition} with a user signature), or -1. */
    private static int byColumn(List<String[]> rows, int column, String value) {
      for (int i = 1; i < rows.size(); i++) {
        if (value.equals(rows.get(i)[column])) {
          return i;
        }
      }
      return -1;
    }

    @Override
    public String save(String user, String access, String refresh, String grant, String expiry) throws Exception {
      List<String[]> rows = rows();
      String[] token = {null, user, CLIENT_ID, CLIENT_SECRET, refresh, access, grant, expiry, REDIRECT_URL, null};
      int at = byColumn(rows, 1, user);
      if (at >= 0) {
        // setMergeData: what the token lacks comes from the row.
        for (int i = 0; i < token.length; i++) {
          if (token[i] == null || token[i].isEmpty()) {
            token[i] = rows.get(at)[i];
          }
        }
        rows.set(at, token);
      } else {
        // generateId: the largest id parsed as an int, plus one.
        int max = 0;
        for (int i = 1; i < rows.size(); i++) {
          if (!rows.get(i)[0].isEmpty()) {
            max = Math.max(max, Integer.parseInt(rows.get(i)[0]));
          }
        }
        token[0] = String.valueOf(max + 1);
        rows.add(token);
      }
      write(rows);
      return token[0];
    }

    @Override
    public void refresh(String user, String access, String expiry) throws Exception {
      List<String[]> rows = rows();
      int at = byColumn(rows, 1, user);
      String[] row = rows.get(at).clone();
      row[5] = access;
      row[7] = expiry;
      rows.set(at, row);
      write(rows);
    }

    @Override
    public @Nullable Map<String, String> find(String user) throws Exception {
      List<String[]> rows = rows();
      int at = byColumn(rows, 1, user);
      return at < 0 ? null : token(rows.get(at));
    }

    @Override
    public @Nullable Map<String, String> findAccess(String access) throws Exception {
      List<String[]> rows = rows();
      int at = byColumn(rows, 5, access);
      return at < 0 ? null : token(rows.get(at));
    }

    @Override
    public List<Map<String, String>> list() throws Exception {
      try (CSVReader r = new CSVReader(new FileReader(file.toFile(), StandardCharsets.UTF_8))) {
        List<String[]> all = r.readAll();
        return all.subList(1, all.size()).stream().filter(row -> row.length > 1).map(ZohoJavaSdkTest::token)
            .collect(Collectors.toList());
      }
    }
  }

  /** {@code DBStore}: a connection per call, SQL built by concatenation, rows read by column position. */
  record JavaSdkDbStore(String table) implements ZohoSdkStore {
    private static final String URL = "jdbc:mysql://" + ZohoTable.HOST + ":" + ZohoTable.PORT + "/"
        + ZohoTable.DATABASE + "?allowPublicKeyRetrieval=true&useSSL=false";

    private static Connection connect() throws Exception {
      return DriverManager.getConnection(URL, ZohoTable.USER, "");
    }

    /** {@code setToken}: every field the token has, quoted, as {@code name='value'}. */
    private static String set(Map<String, String> columns) {
      return columns.entrySet().stream().filter(e -> e.getValue() != null && !e.getValue().isEmpty())
          .map(e -> e.getKey() + "='" + e.getValue() + "'").collect(Collectors.joining(","));
    }

    private int update(Map<String, String> columns, String user) throws Exception {
      try (Connection c = connect(); Statement st = c.createStatement()) {
        return st.executeUpdate("update " + table + " set " + set(columns) + " where user_name='" + user
            + "' limit 1;");
      }
    }

    @Override
    public String save(String user, String access, String refresh, String grant, String expiry) throws Exception {
      Map<String, String> columns = new LinkedHashMap<>();
      columns.put("user_name", user);
      columns.put("client_id", CLIENT_ID);
      columns.put("client_secret", CLIENT_SECRET);
      columns.put("refresh_token", refresh);
      columns.put("access_token", access);
      columns.put("grant_token", grant);
      columns.put("expiry_time", expiry);
      columns.put("redirect_url", REDIRECT_URL);
      if (update(columns, user) > 0) {
        return find(user).get("id");
      }
      String id;
      try (Connection c = connect(); Statement st = c.createStatement();
           ResultSet max = st.executeQuery("select coalesce(max(`id`), 0) as id from " + table + ";")) {
        max.next();
        id = String.valueOf(max.getInt(1) + 1);
      }
      try (Connection c = connect(); PreparedStatement insert = c.prepareStatement("insert into " + table
          + "(id,user_name,client_id,client_secret,refresh_token,access_token,grant_token,expiry_time,redirect_url,"
          + "api_domain) values(?,?,?,?,?,?,?,?,?,?) on duplicate key update user_name=values(user_name),"
          + "client_id=values(client_id),client_secret=values(client_secret),refresh_token=values(refresh_token),"
          + "access_token=values(access_token),grant_token=values(grant_token),expiry_time=values(expiry_time),"
          + "redirect_url=values(redirect_url),api_domain=values(api_domain);")) {
        String[] values = {id, user, CLIENT_ID, CLIENT_SECRET, refresh, access, grant, expiry, REDIRECT_URL, null};
        for (int i = 0; i < values.length; i++) {
          insert.setString(i + 1, values[i] == null || values[i].isEmpty() ? null : values[i]);
        }
        insert.executeUpdate();
      }
      return id;
    }

    @Override
    public void refresh(String user, String access, String expiry) throws Exception {
      Map<String, String> columns = new LinkedHashMap<>();
      columns.put("user_name", user);
      columns.put("access_token", access);
      columns.put("expiry_time", expiry);
      if (update(columns, user) != 1) {
        throw new AssertionError("DBStore's refresh of " + user + " updated no row");
      }
    }

    private @Nullable Map<String, String> first(String where) throws Exception {
      List<Map<String, String>> rows = select(" where " + where + " limit 1");
      return rows.isEmpty() ? null : rows.get(0);
    }

    private List<Map<String, String>> select(String rest) throws Exception {
      List<Map<String, String>> tokens = new ArrayList<>();
      try (Connection c = connect(); Statement st = c.createStatement();
           ResultSet rs = st.executeQuery("select * from " + table + rest)) {
        while (rs.next()) {
          String[] row = new String[10];
          for (int i = 0; i < row.length; i++) {
            row[i] = rs.getString(i + 1);
          }
          tokens.add(token(row));
        }
      }
      return tokens;
    }

    @Override
    public @Nullable Map<String, String> find(String user) throws Exception {
      return first("user_name='" + user + "'");
    }

    @Override
    public @Nullable Map<String, String> findAccess(String access) throws Exception {
      return first("access_token='" + access + "'");
    }

    @Override
    public List<Map<String, String>> list() throws Exception {
      return select(";");
    }
  }

  @Nested
  class OnATokenFile extends SharingSequence.OnATokenFile {
    @Override
    ZohoSdkStore zoho(Path file) {
      return new JavaSdkFileStore(file);
    }
  }

  @Nested
  class OnAMariaDbTable extends SharingSequence.OnAMariaDbTable {
    @Override
    ZohoSdkStore zoho(String table) {
      return new JavaSdkDbStore(table);
    }
  }
}
