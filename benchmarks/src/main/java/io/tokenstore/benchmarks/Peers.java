package io.tokenstore.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.JdbcOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/**
 * What a user would pick instead of our JDBC store, on the same database and token shapes: Spring Security's
 * {@code JdbcOAuth2AuthorizedClientService} (an OAuth client's tokens by registration and principal) and Spring
 * Authorization Server's {@code JdbcOAuth2AuthorizationService} (an authorization found by its access token), each
 * on its own schema file from its jar and a HikariCP pool of the size ours uses (8). A state of its own, so that
 * only the peer benchmarks pay for loading it.
 */
@State(Scope.Benchmark)
public class Peers {
  static final String REGISTRATION = "zoho";
  private static final Instant ISSUED = Instant.parse("2025-11-29T08:45:30Z");

  HikariDataSource pool;
  JdbcOAuth2AuthorizedClientService clients;
  JdbcOAuth2AuthorizationService authorizations;
  ClientRegistration registration;
  Authentication[] principals;
  /** The refresh path's two access tokens per user, as in {@link StoreBenchmark#update}. */
  OAuth2AuthorizedClient[][] refreshed;

  @Setup(Level.Trial)
  public void load(JdbcBenchmark bench) throws Exception {
    String url = Servers.JDBC.get(bench.store);
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setMaximumPoolSize(8);
    config.setMinimumIdle(2);
    pool = new HikariDataSource(config);
    JdbcTemplate jdbc = new JdbcTemplate(pool);
    boolean postgres = bench.store.equals("postgresql");
    registration = ClientRegistration.withRegistrationId(REGISTRATION)
        .clientId("1000.BENCHCLIENT00000000000000000000").clientSecret("0123456789abcdef0123456789abcdef0123456789")
        .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
        .redirectUri("https://example.com/oauth/callback").authorizationUri("https://accounts.zoho.com/oauth/v2/auth")
        .tokenUri("https://accounts.zoho.com/oauth/v2/token").build();
    RegisteredClient registered = RegisteredClient.withId(REGISTRATION).clientId(registration.getClientId())
        .clientSecret(registration.getClientSecret()).authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
        .redirectUri(registration.getRedirectUri()).build();

    int size = bench.size;
    principals = new Authentication[size];
    refreshed = new OAuth2AuthorizedClient[2][size];
    for (int i = 0; i < size; i++) {
      String user = bench.stored[i].userName();
      principals[i] = UsernamePasswordAuthenticationToken.authenticated(user, null, List.of());
      for (int v = 0; v < 2; v++) {
        var u = bench.updates[v][i];
        refreshed[v][i] = client(user, u.accessToken(), bench.stored[i].refreshToken(), u.expiryTime());
      }
    }
    // Spring's tables have fixed names: made afresh for every trial, from the schema files of the Spring on the
    // class path. They exist before the services do: the authorization service binds token values by the column
    // types it reads when built.
    schema(url, "oauth2_authorized_client", "org/springframework/security/oauth2/client/oauth2-client-schema"
        + (postgres ? "-postgres" : "") + ".sql", bench.store);
    schema(url, "oauth2_authorization",
        "org/springframework/security/oauth2/server/authorization/oauth2-authorization-schema.sql", bench.store);
    clients = new JdbcOAuth2AuthorizedClientService(jdbc, new InMemoryClientRegistrationRepository(registration));
    authorizations = new JdbcOAuth2AuthorizationService(jdbc, new InMemoryRegisteredClientRepository(registered));
    for (int i = 0; i < size; i++) {
      var t = bench.stored[i];
      clients.saveAuthorizedClient(client(t.userName(), t.accessToken(), t.refreshToken(), t.expiryTime()),
          principals[i]);
      authorizations.save(OAuth2Authorization.withRegisteredClient(registered).id(t.id())
          .principalName(t.userName()).authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
          .accessToken(access(t.accessToken(), t.expiryTime())).refreshToken(refresh(t.refreshToken())).build());
    }
  }

  @TearDown(Level.Trial)
  public void close() {
    pool.close();
  }

  private OAuth2AuthorizedClient client(String user, String access, String refresh, Instant expiry) {
    return new OAuth2AuthorizedClient(registration, user, access(access, expiry), refresh(refresh));
  }

  private static OAuth2AccessToken access(String value, Instant expiry) {
    // Before its expiry, as Spring requires; timestamps at the columns' precision, so that a load equals a save.
    return new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, value, ISSUED,
        expiry.truncatedTo(ChronoUnit.SECONDS));
  }

  private static OAuth2RefreshToken refresh(String value) {
    return new OAuth2RefreshToken(value, ISSUED);
  }

  /**
   * Drops and creates the table from Spring's own schema file, with the edits the authorization schema needs: on
   * PostgreSQL every {@code blob} becomes {@code text} and every {@code timestamp} a {@code timestamptz}, as its
   * header asks; on MariaDB {@code blob} becomes {@code text} too (the MariaDB driver reports {@code blob} as
   * {@code LONGVARBINARY}, and the service binds the token string as that type, which the driver refuses).
   */
  private static void schema(String url, String table, String resource, String store)
      throws SQLException, IOException {
    String ddl;
    try (InputStream in = JdbcOAuth2AuthorizedClientService.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("no " + resource + " in Spring's jar");
      }
      ddl = new String(in.readAllBytes(), StandardCharsets.UTF_8).replaceAll("(?s)/\\*.*?\\*/", "").strip();
    }
    if (resource.contains("authorization-schema") && store.equals("postgresql")) {
      ddl = ddl.replace(" blob ", " text ").replace(" timestamp ", " timestamptz ");
    } else if (resource.contains("authorization-schema") && store.equals("mariadb")) {
      ddl = ddl.replace(" blob ", " text ");
    }
    try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
      st.execute("DROP TABLE IF EXISTS " + table);
      st.execute(ddl.endsWith(";") ? ddl.substring(0, ddl.length() - 1) : ddl);
    }
  }
}
