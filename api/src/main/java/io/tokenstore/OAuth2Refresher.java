package io.tokenstore;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Refresher} that calls an OAuth 2.0 token endpoint (RFC 6749) over {@link HttpClient}: the
 * {@code refresh_token} grant, or the {@code authorization_code} grant when the record has a grant token and no
 * refresh token yet (Zoho's one-time grant token). The form carries the record's client id and client secret.
 *
 * <p>The reply's {@code access_token}, {@code expires_in} (seconds), and optional {@code refresh_token} (a
 * rotated one) and {@code api_domain} are returned. A JSON {@code error} member is an error whatever the HTTP
 * status (Zoho answers some errors, such as {@code Access Denied}, with 200): a {@link TokenRefreshException}
 * naming the code. No message holds a token, a secret or the reply's body. Immutable and thread-safe.
 */
public final class OAuth2Refresher implements Refresher {
  private static final JsonFactory JSON = new JsonFactory();

  private final URI endpoint;
  private final Duration connectTimeout;
  private final Duration requestTimeout;
  private final Clock clock;
  // Built at the first refresh, not per wither: each HttpClient starts a selector thread of its own.
  private volatile @Nullable HttpClient client;

  private OAuth2Refresher(URI endpoint, Duration connectTimeout, Duration requestTimeout, Clock clock) {
    this.endpoint = endpoint;
    this.connectTimeout = connectTimeout;
    this.requestTimeout = requestTimeout;
    this.clock = clock;
  }

  private HttpClient client() {
    HttpClient c = client;
    if (c == null) {
      synchronized (this) {
        c = client;
        if (c == null) {
          c = HttpClient.newBuilder().connectTimeout(connectTimeout).build();
          client = c;
        }
      }
    }
    return c;
  }

  /**
   * A refresher for a token endpoint, such as {@code https://accounts.zoho.com/oauth/v2/token}; connect timeout
   * 10 s, request timeout 30 s.
   *
   * @param endpoint the token endpoint, {@code http} or {@code https}
   * @return the refresher
   * @throws IllegalArgumentException if the endpoint is not an absolute http or https URI with a host
   */
  public static OAuth2Refresher tokenEndpoint(URI endpoint) {
    Objects.requireNonNull(endpoint, "endpoint");
    String scheme = endpoint.getScheme();
    if (scheme == null || !(scheme.equalsIgnoreCase("https") || scheme.equalsIgnoreCase("http"))
        || endpoint.getHost() == null) {
      throw new IllegalArgumentException("endpoint must be an absolute URI with scheme https or http and a host");
    }
    if (endpoint.getRawUserInfo() != null) {
      throw new IllegalArgumentException("endpoint must not hold user info: the client id and secret come from the"
          + " stored record");
    }
    return new OAuth2Refresher(endpoint, Duration.ofSeconds(10), Duration.ofSeconds(30), Clock.systemUTC());
  }

  /**
   * @param timeout how long to wait for the connection
   * @return a refresher like this one with that connect timeout
   * @throws IllegalArgumentException if the timeout is not positive
   */
  public OAuth2Refresher connectTimeout(Duration timeout) {
    return new OAuth2Refresher(endpoint, positive(timeout, "connectTimeout"), requestTimeout, clock);
  }

  /**
   * @param timeout how long to wait for the reply, once connected
   * @return a refresher like this one with that request timeout
   * @throws IllegalArgumentException if the timeout is not positive
   */
  public OAuth2Refresher requestTimeout(Duration timeout) {
    return new OAuth2Refresher(endpoint, connectTimeout, positive(timeout, "requestTimeout"), clock);
  }

  /**
   * @param clock the clock that {@code expires_in} counts from
   * @return a refresher like this one with that clock
   */
  public OAuth2Refresher clock(Clock clock) {
    return new OAuth2Refresher(endpoint, connectTimeout, requestTimeout, Objects.requireNonNull(clock, "clock"));
  }

  static Duration positive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + d);
    }
    return d;
  }

  /**
   * Calls the token endpoint for {@code current}.
   *
   * @throws IllegalArgumentException if the record has no client id, or neither a refresh token nor a grant token
   * @throws TokenRefreshException if the server answered with an error or an unreadable reply
   * @throws IOException if the endpoint could not be reached or did not answer in time
   * @throws InterruptedException if the calling thread was interrupted while waiting
   */
  @Override
  public OAuthToken refresh(OAuthToken current) throws IOException, InterruptedException {
    Objects.requireNonNull(current, "current");
    Map<String, String> form = new LinkedHashMap<>();
    if (current.refreshToken() != null) {
      form.put("grant_type", "refresh_token");
      form.put("refresh_token", current.refreshToken());
    } else if (current.grantToken() != null) {
      form.put("grant_type", "authorization_code");
      form.put("code", current.grantToken());
      if (current.redirectUrl() != null) {
        form.put("redirect_uri", current.redirectUrl());
      }
    } else {
      throw new IllegalArgumentException("record " + current.id() + " has neither a refresh token nor a grant token");
    }
    if (current.clientId() == null) {
      throw new IllegalArgumentException("record " + current.id() + " has no client id");
    }
    form.put("client_id", current.clientId());
    if (current.clientSecret() != null) {
      form.put("client_secret", current.clientSecret());
    }
    String body = form.entrySet().stream()
        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
            + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
    HttpRequest request = HttpRequest.newBuilder(endpoint)
        .timeout(requestTimeout)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
    HttpResponse<String> response = client().send(request, HttpResponse.BodyHandlers.ofString());
    String grant = form.get("grant_type");
    Reply reply = Reply.parse(response.body());
    if (reply == null) {
      throw new TokenRefreshException(grant + " grant for record " + current.id() + " at " + where() + ": HTTP "
          + response.statusCode() + " with a reply that is not a JSON object", null, null);
    }
    if (reply.error != null) {
      throw new TokenRefreshException(grant + " grant for record " + current.id() + " at " + where()
          + " refused: HTTP " + response.statusCode() + ", error " + quoted(reply.error), reply.error, null);
    }
    if (response.statusCode() / 100 != 2) {
      throw new TokenRefreshException(grant + " grant for record " + current.id() + " at " + where() + ": HTTP "
          + response.statusCode() + " without an error code", null, null);
    }
    if (reply.accessToken == null || reply.expiresIn == null) {
      throw new TokenRefreshException(grant + " grant for record " + current.id() + " at " + where()
          + ": the reply has no " + (reply.accessToken == null ? "access_token" : "expires_in"), null, null);
    }
    return OAuthToken.builder()
        .accessToken(reply.accessToken)
        .expiryTime(clock.instant().plusSeconds(reply.expiresIn))
        .refreshToken(reply.refreshToken)
        .apiDomain(reply.apiDomain)
        .build();
  }

  // An error code is the server's word, not a secret, but it is shown quoted and cut short: it is text from afar.
  private static String quoted(String error) {
    String s = error.length() > 80 ? error.substring(0, 80) + "…" : error;
    return "'" + s.replaceAll("\\p{Cntrl}", "?") + "'";
  }

  private String where() {
    return endpoint.getScheme() + "://" + endpoint.getHost() + (endpoint.getPort() < 0 ? "" : ":" + endpoint.getPort())
        + (endpoint.getRawPath() == null ? "" : endpoint.getRawPath());
  }

  @Override
  public String toString() {
    return "OAuth2Refresher[" + where() + ", connect timeout " + connectTimeout + ", request timeout "
        + requestTimeout + "]";
  }

  /** The members of a token endpoint's reply that a refresh uses. */
  private static final class Reply {
    @Nullable String accessToken;
    @Nullable Long expiresIn;
    @Nullable String refreshToken;
    @Nullable String apiDomain;
    @Nullable String error;

    /** The reply, or null if it is not one JSON object. */
    static @Nullable Reply parse(String body) {
      Reply r = new Reply();
      try (JsonParser p = JSON.createParser(body)) {
        if (p.nextToken() != JsonToken.START_OBJECT) {
          return null;
        }
        for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
          String name = p.currentName();
          JsonToken value = p.nextToken();
          if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
            p.skipChildren();
            continue;
          }
          String text = value == JsonToken.VALUE_NULL ? null : p.getText();
          switch (name) {
            case "access_token":
              r.accessToken = text;
              break;
            case "expires_in":
              r.expiresIn = seconds(text);
              break;
            case "refresh_token":
              r.refreshToken = text;
              break;
            case "api_domain":
              r.apiDomain = text;
              break;
            case "error":
              // A code is a string; a member such as "error": false is not an error.
              if (value == JsonToken.VALUE_STRING && text != null && !text.isEmpty()) {
                r.error = text;
              }
              break;
            default:
              break;
          }
        }
        return p.currentToken() == JsonToken.END_OBJECT && p.nextToken() == null ? r : null;
      } catch (IOException e) {
        // JsonParseException: the reply is not JSON. Its message quotes the body, which may hold a token.
        return null;
      }
    }

    // Some servers send expires_in as a string; a reply without a whole number of seconds has none.
    private static @Nullable Long seconds(@Nullable String text) {
      if (text == null) {
        return null;
      }
      try {
        long s = Long.parseLong(text.trim());
        // Up to a hundred years: past that an Instant overflows, and no server means it.
        return s > 0 && s <= 3_153_600_000L ? s : null;
      } catch (NumberFormatException e) {
        return null;
      }
    }
  }
}
