package io.tokenstore.spi;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenstore.OAuthToken;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MatchKeyTest {
  private static OAuthToken.Builder t() {
    return OAuthToken.builder();
  }

  private static Optional<MatchKey> key(OAuthToken.Builder b) {
    return MatchKey.of(b.build());
  }

  @Test
  void of_idComesFirst() {
    assertThat(key(t().id("7").userName("u").accessToken("a")))
        .contains(new MatchKey(MatchKey.Field.ID, "7"));
  }

  @Test
  void of_userNameBeforeTokens() {
    assertThat(key(t().userName("u").accessToken("a").clientId("c").clientSecret("s").grantToken("g")))
        .contains(new MatchKey(MatchKey.Field.USER_NAME, "u"));
  }

  @Test
  void of_accessTokenOnlyWithoutAnyCredential() {
    assertThat(key(t().accessToken("a").refreshToken("r"))).contains(new MatchKey(MatchKey.Field.ACCESS_TOKEN, "a"));
    assertThat(key(t().accessToken("a").clientId("c"))).isEmpty();
    assertThat(key(t().accessToken("a").clientSecret("s"))).isEmpty();
  }

  @Test
  void of_grantBeforeRefreshWithBothCredentials() {
    assertThat(key(t().clientId("c").clientSecret("s").grantToken("g").refreshToken("r").accessToken("a")))
        .contains(new MatchKey(MatchKey.Field.GRANT_TOKEN, "g"));
    assertThat(key(t().clientId("c").clientSecret("s").refreshToken("r").accessToken("a")))
        .contains(new MatchKey(MatchKey.Field.REFRESH_TOKEN, "r"));
    assertThat(key(t().clientId("c").refreshToken("r"))).isEmpty();
    assertThat(key(t().clientSecret("s").grantToken("g"))).isEmpty();
  }

  @Test
  void of_noKey() {
    assertThat(key(t())).isEmpty();
    assertThat(key(t().clientId("c").clientSecret("s").apiDomain("d"))).isEmpty();
  }

  @Test
  void toString_namesTheFieldNotTheValue() {
    assertThat(new MatchKey(MatchKey.Field.ACCESS_TOKEN, "secret-value").toString())
        .contains("accessToken").doesNotContain("secret-value");
  }
}
