package io.tokenstore.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenstore.TokenStoreException;
import java.io.PrintWriter;
import java.io.StringWriter;
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
  void mask_passwordWithDelimiters_isMaskedWhole() {
    for (String password : new String[] {"pa/ss", "pa?ss", "pa#ss", "pa@ss", "pa:ss", "p@/?#:&;ss"}) {
      assertThat(StoreUri.mask("redis://:" + password + "@host:6379/0")).as(password)
          .isEqualTo("redis://:****@host:6379/0");
      assertThat(StoreUri.mask("mongodb://user:" + password + "@h1:27017,h2/db?replicaSet=rs")).as(password)
          .isEqualTo("mongodb://user:****@h1:27017,h2/db?replicaSet=rs");
      assertThat(StoreUri.mask("jdbc:mariadb://root:" + password + "@127.0.0.1:3306/test")).as(password)
          .isEqualTo("jdbc:mariadb://root:****@127.0.0.1:3306/test");
    }
  }

  @Test
  void mask_multiHostAuthorities_keepTheHosts() {
    assertThat(StoreUri.mask("redis-sentinel://:pa#ss@h1:26379,h2:26379#mymaster"))
        .isEqualTo("redis-sentinel://:****@h1:26379,h2:26379#mymaster");
    assertThat(StoreUri.mask("redis-cluster://:s3cret@a:1,b:2")).isEqualTo("redis-cluster://:****@a:1,b:2");
    // Lettuce reads user info without a colon as the password.
    assertThat(StoreUri.mask("redis-sentinel://s3cret@h:26379#m")).isEqualTo("redis-sentinel://****@h:26379#m");
    assertThat(StoreUri.mask("mongodb://x509user@h/db")).isEqualTo("mongodb://x509user@h/db");
  }

  @Test
  void mask_atSignInTheQuery_isNotUserInfo() {
    assertThat(StoreUri.mask("jdbc:mariadb://h/db?user=alice@example.com&password=s3cret"))
        .isEqualTo("jdbc:mariadb://h/db?user=alice@example.com&password=****");
  }

  @Test
  void mask_everySecretParameter_inQueryH2AndMysqlSyntax() {
    for (String name : new String[] {"password", "sslpassword", "keyStorePassword", "trustStorePassword",
        "clientCertificateKeyStorePassword", "PASSWORD", "passwd", "pwd", "secret", "clientSecret", "token",
        "auth", "authMechanismProperties"}) {
      assertThat(StoreUri.mask("jdbc:postgresql://h/db?user=u&" + name + "=s3cret&x=1")).as(name)
          .isEqualTo("jdbc:postgresql://h/db?user=u&" + name + "=****&x=1");
    }
    assertThat(StoreUri.mask("jdbc:h2:tcp://h/~/db;USER=sa;PASSWORD=s3cret;FILE_PASSWORD=f1le;CIPHER=AES"))
        .isEqualTo("jdbc:h2:tcp://h/~/db;USER=sa;PASSWORD=****;FILE_PASSWORD=****;CIPHER=AES");
    assertThat(StoreUri.mask("jdbc:mysql://address=(host=h)(port=3306)(user=u)(password=s3cret)/db"))
        .isEqualTo("jdbc:mysql://address=(host=h)(port=3306)(user=u)(password=****)/db");
    assertThat(StoreUri.mask("jdbc:mysql://(host=h,password=s3cret,port=3306)/db"))
        .isEqualTo("jdbc:mysql://(host=h,password=****,port=3306)/db");
  }

  @Test
  void mask_quotedInText_masksTheUri() {
    assertThat(StoreUri.mask("jdbc store jdbc:h2:mem:x;PASSWORD=s3cret"))
        .isEqualTo("jdbc store jdbc:h2:mem:x;PASSWORD=****");
    assertThat(StoreUri.mask("redis store redis://:pa/ss@h:1")).isEqualTo("redis store redis://:****@h:1");
  }

  @Test
  void scrub_causeQuotingThePassword_isReplacedByAMaskedCopy() {
    String uri = "jdbc:mariadb://root:hunter2/x@127.0.0.1:3306/test";
    RuntimeException driver = new IllegalStateException("Incorrect port value : hunter2/x@127.0.0.1",
        new RuntimeException("root cause mentions hunter2"));
    driver.addSuppressed(new RuntimeException("suppressed hunter2"));
    TokenStoreException thrown = new TokenStoreException("open failed for " + StoreUri.mask(uri), driver);
    thrown.addSuppressed(new RuntimeException("also hunter2/x"));

    TokenStoreException scrubbed = StoreUri.scrub(thrown, uri);

    assertThat(printed(scrubbed)).doesNotContain("hunter2")
        .contains("java.lang.IllegalStateException: Incorrect port value : ****@127.0.0.1")
        .contains("Caused by: java.lang.RuntimeException: root cause mentions ****")
        .contains("Suppressed: java.lang.RuntimeException: suppressed ****");
    assertThat(scrubbed.toString()).doesNotContain("hunter2");
    assertThat(scrubbed.getMessage()).isEqualTo(thrown.getMessage());
    assertThat(scrubbed.getStackTrace()).isEqualTo(thrown.getStackTrace());
    assertThat(scrubbed.getCause().getStackTrace()).isEqualTo(driver.getStackTrace());
    // Loggers print getClass() and getMessage(): the message names the original class.
    assertThat(scrubbed.getCause().getMessage())
        .isEqualTo("java.lang.IllegalStateException: Incorrect port value : ****@127.0.0.1");
  }

  @Test
  void scrub_fragmentsAndDecodedFormsOfThePassword_areRemovedToo() {
    String uri = "mongodb://u:abc%2Fdef/ghi@h/db";
    TokenStoreException e = new TokenStoreException("open failed",
        new RuntimeException("saw abc/def/ghi, abc%2Fdef/ghi and ghi@h"));
    assertThat(printed(StoreUri.scrub(e, uri))).doesNotContain("abc").doesNotContain("def")
        .doesNotContain("ghi");
  }

  @Test
  void scrub_nothingSecret_returnsTheSameException() {
    TokenStoreException e = new TokenStoreException("failed", new RuntimeException("connection refused"));
    assertThat(StoreUri.scrub(e, "redis://:hunter2@h")).isSameAs(e);
    assertThat(StoreUri.scrub(e, "redis://h")).isSameAs(e);
  }

  private static String printed(Throwable t) {
    StringWriter out = new StringWriter();
    t.printStackTrace(new PrintWriter(out));
    return out.toString();
  }

  @Test
  void withOption_keepsTheFragmentLast() {
    assertThat(StoreUri.withOption("redis-sentinel://h:26379#mymaster", "prefix", "p"))
        .isEqualTo("redis-sentinel://h:26379?prefix=p#mymaster");
    assertThat(StoreUri.withOption("redis-sentinel://:p#w?x@h:26379?timeout=1s#m", "prefix", "p"))
        .isEqualTo("redis-sentinel://:p#w?x@h:26379?timeout=1s&prefix=p#m");
    // A JDBC URL has no fragment: its drivers read '#' as data.
    assertThat(StoreUri.withOption("jdbc:mariadb://h/db?password=a#b", "table", "t"))
        .isEqualTo("jdbc:mariadb://h/db?password=a#b&table=t");
  }

  @Test
  void parse_passwordWithQuestionMarkAndFragment_areNotTheQuery() {
    StoreUri u = StoreUri.parse("redis-sentinel://:pa?ss@h:26379?prefix=x#mymaster", Map.of(),
        Set.of("redis-sentinel"), OPTIONS);
    assertThat(u.body()).isEqualTo("//:pa?ss@h:26379");
    assertThat(u.options()).containsOnly(Map.entry("prefix", "x"));
    assertThat(u.fragment()).isEqualTo("#mymaster");
    StoreUri jdbc = StoreUri.parse("jdbc:h2:mem:x?password=a#b", Map.of(), Set.of("jdbc:h2"), OPTIONS, true);
    assertThat(jdbc.fragment()).isEmpty();
    assertThat(jdbc.passthrough()).containsOnly(Map.entry("password", "a#b"));
    StoreUri path = StoreUri.parse("file:///tmp/a#b.txt", Map.of(), Set.of("file"), Set.of());
    assertThat(path.body()).isEqualTo("///tmp/a#b.txt");
    assertThat(path.fragment()).isEmpty();
  }

  @Test
  void withOption_setsOrReplacesAQueryParameter() {
    assertThat(StoreUri.withOption("redis://h", "prefix", "p")).isEqualTo("redis://h?prefix=p");
    assertThat(StoreUri.withOption("redis://h?prefix=a&timeout=1s", "prefix", "b"))
        .isEqualTo("redis://h?timeout=1s&prefix=b");
  }
}
