package io.tokenstore.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenstore.DuplicateTokenException;
import io.tokenstore.OAuthToken;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class TokensTest {
  private static final OAuthToken STORED = OAuthToken.builder().id("1").userName("u").clientId("c")
      .clientSecret("s").refreshToken("r").accessToken("a").grantToken("g").expiryTime(Instant.ofEpochMilli(5))
      .redirectUrl("x").apiDomain("d").build();

  private static Function<MatchKey, Optional<OAuthToken>> lookupIn(List<OAuthToken> records) {
    return key -> records.stream().filter(key::matches).findFirst();
  }

  @Test
  void randomId_drawsEveryCharacterOfTheAlphabetEquallyOften() {
    String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    int ids = 20_000;
    int[] seen = new int[128];
    Set<String> distinct = new HashSet<>();
    for (int i = 0; i < ids; i++) {
      String id = Tokens.randomId();
      assertThat(id).hasSize(Tokens.GENERATED_ID_LENGTH).matches("[0-9A-Za-z]+");
      distinct.add(id);
      id.chars().forEach(c -> seen[c]++);
    }
    assertThat(distinct).hasSize(ids);
    // 3 226 draws of each expected, a standard deviation of 56: a mapping of six bits that folded the two values
    // past the alphabet onto it would draw two characters twice as often.
    double expected = (double) ids * Tokens.GENERATED_ID_LENGTH / alphabet.length();
    for (char c : alphabet.toCharArray()) {
      assertThat((double) seen[c]).as("draws of %s", c).isBetween(expected * 0.9, expected * 1.1);
    }
  }

  @Test
  void untilRoom_waitsForTheCountThatMakesRoom_whateverTheOrderTheyEnd() {
    assertThat(Tokens.untilRoom(List.of(), 1_000, 1)).as("no count").isZero();
    assertThat(Tokens.untilRoom(List.of(1_500L, 900L, 1_000L), 1_000, 2)).as("two ended, one live").isZero();
    assertThat(Tokens.untilRoom(List.of(1_500L), 1_000, 1)).isEqualTo(500);
    // Counted in this order with windows of 10 min then 1 s: the 1 s count ends first and makes room.
    assertThat(Tokens.untilRoom(List.of(601_000L, 2_000L), 1_000, 2)).isEqualTo(1_000);
    // Three live counts: room for one more once 4 - budget of them have ended.
    assertThat(Tokens.untilRoom(List.of(601_000L, 2_000L, 601_500L), 1_000, 3)).isEqualTo(1_000);
    assertThat(Tokens.untilRoom(List.of(601_000L, 2_000L, 601_500L), 1_000, 2)).isEqualTo(600_000);
    assertThat(Tokens.untilRoom(List.of(601_000L, 2_000L, 601_500L), 1_000, 1)).isEqualTo(600_500);
    // nanoTime terms: only differences count, across the sign change.
    assertThat(Tokens.untilRoom(List.of(Long.MIN_VALUE + 5), Long.MAX_VALUE, 1)).isEqualTo(6);
  }

  @Test
  void merge_keepsAbsentFieldsAndReplacesPresentOnes() {
    OAuthToken merged = Tokens.merge(STORED, OAuthToken.builder().id("other").accessToken("a2")
        .expiryTime(Instant.ofEpochMilli(9)).build());
    assertThat(merged).isEqualTo(STORED.toBuilder().accessToken("a2").expiryTime(Instant.ofEpochMilli(9)).build());
  }

  @Test
  void requireSavable_rejectsATokenWithNothingToIdentifyIt() {
    assertThatThrownBy(() -> Tokens.requireSavable(OAuthToken.builder().clientId("c").clientSecret("s").build()))
        .isInstanceOf(IllegalArgumentException.class);
    Tokens.requireSavable(OAuthToken.builder().refreshToken("r").build());
  }

  @Test
  void upsert_matchingToken_mergesIntoTheStoredRecord() {
    Tokens.Upsert u = Tokens.upsert(OAuthToken.builder().userName("u").accessToken("a2").build(),
        lookupIn(List.of(STORED)), id -> true);
    assertThat(u.inserts()).isFalse();
    assertThat(u.previous()).isEqualTo(STORED);
    assertThat(u.record()).isEqualTo(STORED.toBuilder().accessToken("a2").build());
  }

  @Test
  void upsert_newToken_getsAGeneratedIdNotInUse() {
    AtomicInteger asked = new AtomicInteger();
    Tokens.Upsert u = Tokens.upsert(OAuthToken.builder().userName("v").build(), lookupIn(List.of(STORED)),
        id -> asked.incrementAndGet() < 3);
    assertThat(u.inserts()).isTrue();
    assertThat(u.record().id()).matches("[0-9A-Za-z]{10}");
    assertThat(asked).hasValue(3);
  }

  @Test
  void upsert_takenValue_throwsNamingTheField() {
    assertThatThrownBy(() -> Tokens.upsert(OAuthToken.builder().userName("v").refreshToken("r").build(),
        lookupIn(List.of(STORED)), id -> false))
        .isInstanceOfSatisfying(DuplicateTokenException.class, e -> {
          assertThat(e.field()).isEqualTo("refreshToken");
          assertThat(e.getMessage()).doesNotContain("\"r\"");
        });
  }

  @Test
  void newId_isUniqueAndAlphanumeric() {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      assertThat(ids.add(Tokens.newId(ids::contains))).isTrue();
    }
    assertThat(ids).allMatch(id -> id.matches("[0-9A-Za-z]{10}"));
  }

  @Test
  void newId_brokenPredicate_failsInsteadOfLooping() {
    assertThatThrownBy(() -> Tokens.newId(id -> true)).isInstanceOf(IllegalStateException.class);
  }
}
