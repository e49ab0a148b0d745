package io.tokenstore.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenstore.DuplicateTokenException;
import io.tokenstore.OAuthToken;
import io.tokenstore.TokenStore;
import io.tokenstore.TokenStores;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * Every operation of a store on a record whose secrets are known, the refused ones included (a duplicate, a
 * token with nothing to identify it), so a test can look for those secrets where they must not be (ERR-3).
 */
public final class SecretWorkload {
  private SecretWorkload() {}

  /** Runs the workload on a store opened from {@code uri}, and closes it: what each provider's log test does. */
  public static List<String> run(String uri) {
    try (TokenStore store = TokenStores.open(uri)) {
      return run(store);
    }
  }

  /**
   * Runs the workload on an empty or shared store and leaves it as it found it.
   *
   * @return the secret values it wrote: client secret, access, refresh and grant tokens, old and new
   */
  public static List<String> run(TokenStore store) {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String user = "log-" + tag + "@example.com";
    String secret = "cs-" + tag + "-S3CRET";
    String access = "at-" + tag + "-S3CRET";
    String refresh = "rt-" + tag + "-S3CRET";
    String grant = "gt-" + tag + "-S3CRET";
    String newAccess = "at2-" + tag + "-S3CRET";
    OAuthToken saved = store.saveToken(OAuthToken.builder().userName(user).clientId("client-" + tag)
        .clientSecret(secret).accessToken(access).refreshToken(refresh).grantToken(grant)
        .expiryTime(Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MILLIS))
        .redirectUrl("https://example.com/callback").apiDomain("https://www.zohoapis.com").build());
    assertThat(store.findToken(OAuthToken.builder().accessToken(access).build())).contains(saved);
    String client = "client-" + tag;
    assertThat(store.findToken(OAuthToken.builder().clientId(client).clientSecret(secret).refreshToken(refresh)
        .build())).contains(saved);
    assertThat(store.findToken(OAuthToken.builder().clientId(client).clientSecret(secret).grantToken(grant)
        .build())).contains(saved);
    assertThat(store.findTokenById(saved.id())).contains(saved);
    OAuthToken refreshed = store.saveToken(OAuthToken.builder().clientId(client).clientSecret(secret)
        .refreshToken(refresh).accessToken(newAccess)
        .expiryTime(Instant.now().plus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MILLIS)).build());
    assertThat(refreshed.id()).isEqualTo(saved.id());
    assertThatThrownBy(() -> store.saveToken(OAuthToken.builder().userName("other-" + user)
        .refreshToken(refresh).build())).isInstanceOf(DuplicateTokenException.class);
    assertThatThrownBy(() -> store.saveToken(OAuthToken.builder().clientSecret(secret).build()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(store.getTokens()).contains(refreshed);
    assertThat(store.findToken(OAuthToken.builder().accessToken(access).build())).isEmpty();
    assertThat(store.deleteToken(saved.id())).isTrue();
    assertThat(store.findToken(OAuthToken.builder().accessToken(newAccess).build())).isEmpty();
    return List.of(secret, access, refresh, grant, newAccess);
  }
}
