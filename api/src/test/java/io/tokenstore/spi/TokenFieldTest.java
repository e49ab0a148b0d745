package io.tokenstore.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenstore.OAuthToken;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TokenFieldTest {
  private static final OAuthToken FULL = OAuthToken.builder()
      .id("7")
      .userName("u@example.com")
      .clientId("1000.CLIENT")
      .clientSecret("client-secret")
      .refreshToken("1000.refresh")
      .accessToken("1000.access")
      .grantToken("1000.grant")
      .expiryTime(Instant.parse("2026-12-06T10:15:30.123Z"))
      .redirectUrl("https://example.com/cb")
      .apiDomain("https://www.zohoapis.com")
      .build();

  @Test
  void order_isZohoColumnOrder() {
    assertThat(Arrays.stream(TokenField.values()).map(TokenField::column))
        .containsExactly("id", "user_name", "client_id", "client_secret", "refresh_token", "access_token",
            "grant_token", "expiry_time", "redirect_url", "api_domain");
  }

  @Test
  void property_isOAuthTokenAccessorName() throws Exception {
    assertThat(Arrays.stream(TokenField.values()).map(TokenField::property))
        .containsExactly("id", "userName", "clientId", "clientSecret", "refreshToken", "accessToken", "grantToken",
            "expiryTime", "redirectUrl", "apiDomain");
    for (TokenField f : TokenField.values()) {
      assertThat(OAuthToken.class.getMethod(f.property())).isNotNull();
    }
  }

  @Test
  void textAndSet_fullToken_roundTripsEveryField() {
    OAuthToken.Builder copy = OAuthToken.builder();
    for (TokenField f : TokenField.values()) {
      assertThat(f.text(FULL)).as(f.property()).isNotNull();
      f.set(copy, f.text(FULL));
    }
    assertThat(copy.build()).isEqualTo(FULL);
  }

  @Test
  void textAndSet_eachFieldAlone_setsOnlyThatField() {
    for (TokenField f : TokenField.values()) {
      OAuthToken one = f.set(OAuthToken.builder(), f.text(FULL)).build();
      for (TokenField g : TokenField.values()) {
        assertThat(g.text(one)).as(f + " then " + g).isEqualTo(g == f ? g.text(FULL) : null);
      }
    }
  }

  @Test
  void text_absentField_isNull() {
    OAuthToken empty = OAuthToken.builder().build();
    for (TokenField f : TokenField.values()) {
      assertThat(f.text(empty)).as(f.property()).isNull();
      assertThat(f.set(OAuthToken.builder(), null).build()).isEqualTo(empty);
      assertThat(f.set(OAuthToken.builder(), "").build()).isEqualTo(empty);
    }
  }

  @Test
  void expiryTime_isEpochMillisText_exactToTheMillisecond() {
    assertThat(TokenField.EXPIRY_TIME.text(FULL)).isEqualTo(Long.toString(FULL.expiryTime().toEpochMilli()));
    for (Instant t : List.of(Instant.EPOCH, Instant.parse("9999-12-31T23:59:59.999Z"),
        Instant.parse("1969-12-31T23:59:59.999Z"))) {
      OAuthToken token = OAuthToken.builder().expiryTime(t).build();
      String text = TokenField.EXPIRY_TIME.text(token);
      assertThat(TokenField.EXPIRY_TIME.set(OAuthToken.builder(), text).build().expiryTime()).isEqualTo(t);
    }
    assertThat(TokenField.EXPIRY_TIME.text(OAuthToken.builder().expiryTime(Instant.EPOCH).build())).isEqualTo("0");
  }

  @Test
  void set_expiryTimeNotANumber_throwsNumberFormatException() {
    assertThatThrownBy(() -> TokenField.EXPIRY_TIME.set(OAuthToken.builder(), "soon"))
        .isInstanceOf(NumberFormatException.class);
  }

  @Test
  void unique_isTheContractsUniqueFields() {
    assertThat(EnumSet.copyOf(Arrays.stream(TokenField.values()).filter(TokenField::unique)
        .collect(Collectors.toList())))
        .isEqualTo(EnumSet.of(TokenField.USER_NAME, TokenField.ACCESS_TOKEN, TokenField.REFRESH_TOKEN,
            TokenField.GRANT_TOKEN));
    assertThat(TokenField.ID.unique()).isFalse();
  }

  @Test
  void secret_isTheContractsSecrets() {
    assertThat(EnumSet.copyOf(Arrays.stream(TokenField.values()).filter(TokenField::secret)
        .collect(Collectors.toList())))
        .isEqualTo(EnumSet.of(TokenField.CLIENT_SECRET, TokenField.ACCESS_TOKEN, TokenField.REFRESH_TOKEN,
            TokenField.GRANT_TOKEN));
  }

  @Test
  void secret_isHiddenByToString() {
    String shown = FULL.toString();
    for (TokenField f : TokenField.values()) {
      if (f.secret()) {
        assertThat(shown).doesNotContain(f.text(FULL));
      }
    }
  }

  @Test
  void matchKeyField_delegatesToTokenField() {
    for (MatchKey.Field f : MatchKey.Field.values()) {
      assertThat(f.tokenField().name()).isEqualTo(f.name());
      assertThat(f.property()).isEqualTo(f.tokenField().property());
      assertThat(f.column()).isEqualTo(f.tokenField().column());
      assertThat(f.of(FULL)).isEqualTo(f.tokenField().text(FULL));
      assertThat(f == MatchKey.Field.ID || f.tokenField().unique()).isTrue();
    }
  }

  @Test
  void uniqueFields_areTheUniqueTokenFieldsInCheckOrder() {
    assertThat(Tokens.UNIQUE_FIELDS).containsExactly(MatchKey.Field.USER_NAME, MatchKey.Field.ACCESS_TOKEN,
        MatchKey.Field.REFRESH_TOKEN, MatchKey.Field.GRANT_TOKEN);
    assertThat(Tokens.UNIQUE_FIELDS.stream().map(MatchKey.Field::tokenField).collect(Collectors.toSet()))
        .isEqualTo(Arrays.stream(TokenField.values()).filter(TokenField::unique).collect(Collectors.toSet()));
  }
}
