package io.tokenstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

class OAuthTokenTest {
  private static OAuthToken full() {
    return OAuthToken.builder().id("1").userName("alice@example.com").clientId("client")
        .clientSecret("the-client-secret").refreshToken("the-refresh").accessToken("the-access")
        .grantToken("the-grant").expiryTime(Instant.ofEpochMilli(1_700_000_000_123L))
        .redirectUrl("https://example.com/cb").apiDomain("https://www.zohoapis.com").build();
  }

  @Test
  void builder_emptyString_isAbsent() {
    OAuthToken t = OAuthToken.builder().userName("").accessToken("").build();
    assertThat(t.userName()).isNull();
    assertThat(t.accessToken()).isNull();
    assertThat(t).isEqualTo(OAuthToken.builder().build());
  }

  @Test
  void builder_nulCharacter_isRejectedNamingTheField() {
    assertThatThrownBy(() -> OAuthToken.builder().refreshToken("a\0b").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("refreshToken")
        .hasMessageNotContaining("a\0b");
  }

  @Test
  void builder_unpairedSurrogate_isRejectedInEveryFieldNamingTheField() {
    // A lone surrogate has no UTF-8 form: backends stored it as '?', so two such values became one key.
    Map<String, BiFunction<OAuthToken.Builder, String, OAuthToken.Builder>> fields = Map.of(
        "id", OAuthToken.Builder::id, "userName", OAuthToken.Builder::userName,
        "clientId", OAuthToken.Builder::clientId, "clientSecret", OAuthToken.Builder::clientSecret,
        "refreshToken", OAuthToken.Builder::refreshToken, "accessToken", OAuthToken.Builder::accessToken,
        "grantToken", OAuthToken.Builder::grantToken, "redirectUrl", OAuthToken.Builder::redirectUrl,
        "apiDomain", OAuthToken.Builder::apiDomain);
    for (String lone : List.of("lone\uD800hi", "\uDC00", "end\uD83D", "\uDE00start", "a\uDE00\uD83Db")) {
      fields.forEach((field, setter) -> assertThatThrownBy(() -> setter.apply(OAuthToken.builder(), lone).build())
          .as("%s with an unpaired surrogate", field)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(field)
          .hasMessageContaining("surrogate")
          .hasMessageNotContaining(lone));
    }
  }

  @Test
  void builder_surrogatePairs_areKeptExactly() {
    OAuthToken t = OAuthToken.builder().userName("u\uD83D\uDE00").accessToken("\uD83D\uDE01").build();
    assertThat(t.userName()).isEqualTo("u😀");
    assertThat(t.accessToken()).isEqualTo("😁");
  }

  @Test
  void builder_expiryTime_isTruncatedToMilliseconds() {
    Instant precise = Instant.parse("2026-11-29T10:15:30.123456789Z");
    assertThat(OAuthToken.builder().expiryTime(precise).build().expiryTime())
        .isEqualTo(Instant.parse("2026-11-29T10:15:30.123Z"));
  }

  @Test
  void toBuilder_roundTripsEveryField() {
    assertThat(full().toBuilder().build()).isEqualTo(full()).hasSameHashCodeAs(full());
  }

  @Test
  void equals_differsOnEveryField() {
    OAuthToken t = full();
    assertThat(t.toBuilder().id("2").build()).isNotEqualTo(t);
    assertThat(t.toBuilder().userName("bob").build()).isNotEqualTo(t);
    assertThat(t.toBuilder().clientId("x").build()).isNotEqualTo(t);
    assertThat(t.toBuilder().clientSecret("x").build()).isNotEqualTo(t);
    assertThat(t.toBuilder().refreshToken("x").build()).isNotEqualTo(t);
    assertThat(t.toBuilder().accessToken("x").build()).isNotEqualTo(t);
    assertThat(t.toBuilder().grantToken("x").build()).isNotEqualTo(t);
    assertThat(t.toBuilder().expiryTime(Instant.EPOCH).build()).isNotEqualTo(t);
    assertThat(t.toBuilder().redirectUrl("x").build()).isNotEqualTo(t);
    assertThat(t.toBuilder().apiDomain("x").build()).isNotEqualTo(t);
  }

  @Test
  void toString_showsWhichSecretsArePresentButNoValue() {
    String s = full().toString();
    assertThat(s).contains("id=1", "userName=alice@example.com", "clientSecret=****", "refreshToken=****",
        "accessToken=****", "grantToken=****");
    assertThat(s).doesNotContain("the-client-secret", "the-refresh", "the-access", "the-grant");
    assertThat(OAuthToken.builder().userName("bob").build().toString()).doesNotContain("accessToken");
  }
}
