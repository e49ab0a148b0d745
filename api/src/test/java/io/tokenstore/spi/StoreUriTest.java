package io.tokenstore.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StoreUriTest {
  private static final Set<String> SCHEMES = Set.of("redis", "redis-cluster");
  private static final Set<String> OPTIONS = Set.of("prefix", "timeout");

  @Test
  void parse_takesTheLongestScheme() {
    StoreUri u = StoreUri.parse("redis-cluster://h:1,h:2", Map.of(), SCHEMES, OPTIONS);
    assertThat(u.scheme()).isEqualTo("redis-cluster");
    assertThat(u.body()).isEqualTo("//h:1,h:2");
  }

  @Test
  void parse_schemeIgnoresCase() {
    assertThat(StoreUri.parse("REDIS://h", Map.of(), SCHEMES, OPTIONS).scheme()).isEqualTo("redis");
  }

  @Test
  void parse_optionsFromQueryAndMap_areMergedAndDecoded() {
    StoreUri u = StoreUri.parse("redis://h?prefix=a%3Ab+c", Map.of("timeout", "5s"), SCHEMES, OPTIONS);
    assertThat(u.options()).containsOnly(Map.entry("prefix", "a:b+c"), Map.entry("timeout", "5s"));
    assertThat(u.duration("timeout", Duration.ZERO)).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void parse_sameOptionTwiceWithOneValue_isAccepted() {
    assertThat(StoreUri.parse("redis://h?prefix=a", Map.of("prefix", "a"), SCHEMES, OPTIONS).option("prefix"))
        .contains("a");
  }

  @Test
  void parse_conflictingValues_isAnErrorNamingTheOption() {
    assertThatThrownBy(() -> StoreUri.parse("redis://h?prefix=a", Map.of("prefix", "b"), SCHEMES, OPTIONS))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'prefix'");
    assertThatThrownBy(() -> StoreUri.parse("redis://h?prefix=a&prefix=b", Map.of(), SCHEMES, OPTIONS))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'prefix'");
  }

  @Test
  void parse_unknownOption_namesItAndTheValidOnes() {
    assertThatThrownBy(() -> StoreUri.parse("redis://h?prefx=a", Map.of(), SCHEMES, OPTIONS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'prefx'").hasMessageContaining("[prefix, timeout]");
    assertThatThrownBy(() -> StoreUri.parse("redis://h", Map.of("x", "1"), SCHEMES, Set.of()))
        .hasMessageContaining("valid options are none");
  }

  @Test
  void parse_passthrough_keepsUnknownQueryParametersUndecoded() {
    StoreUri u = StoreUri.parse("redis://h?user=root&prefix=p&ssl=true%21", Map.of(), SCHEMES, OPTIONS, true);
    assertThat(u.options()).containsOnly(Map.entry("prefix", "p"));
    assertThat(u.passthrough()).containsExactly(Map.entry("user", "root"), Map.entry("ssl", "true%21"));
  }

  @Test
  void parse_wrongScheme_listsTheSchemes() {
    assertThatThrownBy(() -> StoreUri.parse("mongo://x", Map.of(), SCHEMES, OPTIONS))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[redis, redis-cluster]");
  }

  @Test
  void choice_unknownValue_listsTheChoices() {
    StoreUri u = StoreUri.parse("redis://h?prefix=FULL", Map.of(), SCHEMES, OPTIONS);
    assertThat(u.choice("prefix", "normal", "full", "normal")).isEqualTo("full");
    StoreUri bad = StoreUri.parse("redis://h?prefix=half", Map.of(), SCHEMES, OPTIONS);
    assertThatThrownBy(() -> bad.choice("prefix", "normal", "full", "normal"))
        .hasMessageContaining("full, normal").hasMessageContaining("'prefix'");
  }

  @Test
  void duration_acceptsUnitsIsoAndMillis() {
    for (Map.Entry<String, Duration> e : Map.of("250ms", Duration.ofMillis(250), "2s", Duration.ofSeconds(2),
        "1m", Duration.ofMinutes(1), "PT3S", Duration.ofSeconds(3), "40", Duration.ofMillis(40)).entrySet()) {
      StoreUri u = StoreUri.parse("redis://h", Map.of("timeout", e.getKey()), SCHEMES, OPTIONS);
      assertThat(u.duration("timeout", Duration.ZERO)).as(e.getKey()).isEqualTo(e.getValue());
    }
    StoreUri bad = StoreUri.parse("redis://h", Map.of("timeout", "soon"), SCHEMES, OPTIONS);
    assertThatThrownBy(() -> bad.duration("timeout", Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'timeout'");
  }

  @Test
  void mask_hidesPasswordsInUserInfoAndQuery() {
    assertThat(StoreUri.mask("redis://user:s3cret@host:6379/0")).isEqualTo("redis://user:****@host:6379/0");
    assertThat(StoreUri.mask("redis://:s3cret@host")).isEqualTo("redis://:****@host");
    assertThat(StoreUri.mask("jdbc:mariadb://h/db?user=root&password=s3cret&x=1"))
        .isEqualTo("jdbc:mariadb://h/db?user=root&password=****&x=1");
    assertThat(StoreUri.mask("jdbc:postgresql://h/db?PASSWORD=s3cret")).doesNotContain("s3cret");
    assertThat(StoreUri.parse("redis://u:pw@h?prefix=p", Map.of(), SCHEMES, OPTIONS).toString())
        .doesNotContain("pw@");
    assertThat(StoreUri.mask("memory:name")).isEqualTo("memory:name");
  }

  @Test
  void withOption_setsOrReplacesAQueryParameter() {
    assertThat(StoreUri.withOption("redis://h", "prefix", "p")).isEqualTo("redis://h?prefix=p");
    assertThat(StoreUri.withOption("redis://h?prefix=a&timeout=1s", "prefix", "b"))
        .isEqualTo("redis://h?timeout=1s&prefix=b");
  }
}
