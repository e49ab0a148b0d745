package io.tokenstore.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An OAuth 2.0 token endpoint on loopback (the JDK's HTTP server), for tests of refreshes over real HTTP. It
 * issues access tokens {@code access-N} with a given {@code expires_in}, counts the calls, and can rotate refresh
 * tokens (the previous one then answers {@code invalid_grant}), enforce Zoho's limit (so many access tokens per
 * refresh token per window, then HTTP 200 with {@code "error":"Access Denied"}), hold each reply until released,
 * or answer with a given status and body.
 */
public final class OAuthServer implements AutoCloseable {
  private final HttpServer server;
  private final AtomicInteger issued = new AtomicInteger();
  private final AtomicInteger calls = new AtomicInteger();
  private final List<Map<String, String>> forms = new CopyOnWriteArrayList<>();
  private final Map<String, Boolean> refreshTokens = new LinkedHashMap<>();
  private final Map<String, Deque<Long>> minted = new LinkedHashMap<>();
  private volatile long expiresIn = 3600;
  private volatile boolean rotate;
  private volatile int limit;
  private volatile Duration window = Duration.ofMinutes(10);
  private volatile CountDownLatch hold = new CountDownLatch(0);
  private final java.util.concurrent.atomic.AtomicReference<CountDownLatch> nextHeld =
      new java.util.concurrent.atomic.AtomicReference<>();
  private final List<CountDownLatch> held = new CopyOnWriteArrayList<>();
  private final Object callsMonitor = new Object();
  private volatile int fixedStatus;
  private volatile String fixedBody = "";

  /**
   * Starts the endpoint; {@code refreshToken} is the one valid refresh token, and {@code grant-1} the one valid
   * grant token (which answers with a refresh token).
   */
  public OAuthServer(String refreshToken) throws IOException {
    refreshTokens.put(refreshToken, true);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "oauth-server");
      t.setDaemon(true);
      return t;
    }));
    server.createContext("/oauth/v2/token", this::handle);
    server.start();
  }

  /** The token endpoint's URI. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/oauth/v2/token");
  }

  public OAuthServer expiresIn(long seconds) {
    this.expiresIn = seconds;
    return this;
  }

  /** Each refresh answers with a new refresh token; the one it was given then answers {@code invalid_grant}. */
  public OAuthServer rotate() {
    this.rotate = true;
    return this;
  }

  /** At most {@code accessTokens} per refresh token per {@code window}, then {@code Access Denied} with 200. */
  public OAuthServer zohoLimit(int accessTokens, Duration window) {
    this.limit = accessTokens;
    this.window = window;
    return this;
  }

  /** Every reply waits until {@link #release} (or 30 s). */
  public OAuthServer hold() {
    this.hold = new CountDownLatch(1);
    return this;
  }

  /** Only the next call waits until {@link #release} (or 30 s); the calls after it are answered at once. */
  public OAuthServer holdNext() {
    nextHeld.set(new CountDownLatch(1));
    return this;
  }

  public void release() {
    hold.countDown();
    held.forEach(CountDownLatch::countDown);
  }

  /** Every call answers with this status and body, nothing issued. */
  public OAuthServer answer(int status, String body) {
    this.fixedStatus = status;
    this.fixedBody = body;
    return this;
  }

  /** Waits until {@code n} calls have arrived (they may still be held). */
  public boolean awaitCalls(int n, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (callsMonitor) {
      while (calls.get() < n) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(callsMonitor, left);
      }
      return true;
    }
  }

  /** Calls received. */
  public int calls() {
    return calls.get();
  }

  /** Access tokens issued. */
  public int issued() {
    return issued.get();
  }

  /** The forms received, in order. */
  public List<Map<String, String>> forms() {
    return List.copyOf(forms);
  }

  private void handle(HttpExchange exchange) throws IOException {
    // Counted once the whole request is read: a caller killed after awaitCalls has sent its refresh.
    Map<String, String> form = parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    forms.add(form);
    synchronized (callsMonitor) {
      calls.incrementAndGet();
      callsMonitor.notifyAll();
    }
    try {
      CountDownLatch mine = nextHeld.getAndSet(null);
      if (mine != null) {
        held.add(mine);
        mine.await(30, TimeUnit.SECONDS);
      }
      hold.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (fixedStatus != 0) {
      reply(exchange, fixedStatus, fixedBody);
      return;
    }
    String grantType = form.getOrDefault("grant_type", "");
    if (!"POST".equals(exchange.getRequestMethod()) || form.get("client_id") == null) {
      reply(exchange, 400, "{\"error\":\"invalid_client\"}");
      return;
    }
    String refresh;
    boolean firstGrant = false;
    synchronized (this) {
      if (grantType.equals("authorization_code") && "grant-1".equals(form.get("code"))) {
        refresh = "refresh-from-grant";
        refreshTokens.put(refresh, true);
        firstGrant = true;
      } else if (grantType.equals("refresh_token") && refreshTokens.getOrDefault(form.get("refresh_token"), false)) {
        refresh = form.get("refresh_token");
      } else {
        reply(exchange, 400, "{\"error\":\"invalid_grant\"}");
        return;
      }
      if (limit > 0) {
        long now = System.nanoTime();
        Deque<Long> times = minted.computeIfAbsent(refresh, k -> new ArrayDeque<>());
        while (!times.isEmpty() && now - times.peekFirst() >= window.toNanos()) {
          times.pollFirst();
        }
        if (times.size() >= limit) {
          reply(exchange, 200, "{\"error\":\"Access Denied\",\"error_description\":\"You have made too many requests"
              + " continuously. Please try again after some time.\"}");
          return;
        }
        times.addLast(now);
      }
      if (rotate && !firstGrant) {
        refreshTokens.put(refresh, false);
        refresh = "refresh-" + (issued.get() + 1);
        refreshTokens.put(refresh, true);
      }
    }
    int n = issued.incrementAndGet();
    String rotated = rotate || firstGrant ? ",\"refresh_token\":\"" + refresh + "\"" : "";
    reply(exchange, 200, "{\"access_token\":\"access-" + n + "\",\"expires_in\":" + expiresIn
        + ",\"api_domain\":\"https://www.zohoapis.com\",\"token_type\":\"Bearer\"" + rotated + "}");
  }

  private static Map<String, String> parse(String body) {
    Map<String, String> form = new LinkedHashMap<>();
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return form;
  }

  private static void reply(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    hold.countDown();
    server.stop(0);
  }
}
