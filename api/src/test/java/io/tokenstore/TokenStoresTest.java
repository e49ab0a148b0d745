package io.tokenstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenstore.internal.ProviderRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TokenStoresTest {
  @AfterEach
  void clearPreference() {
    System.clearProperty(ProviderRegistry.PREFERRED_PROVIDER_PROPERTY);
  }

  private static String openedBy(String uri) {
    try (TokenStore s = TokenStores.open(uri)) {
      return ((TestProviders.OpenedBy) s).provider;
    }
  }

  @Test
  void providers_brokenEntriesDoNotHideTheOthers() {
    assertThat(TokenStores.providers()).extracting(p -> p.getClass().getSimpleName())
        .containsExactly("Alpha", "AlphaBeta", "AlphaTwin", "Exploding");
  }

  @Test
  void open_longestSchemeWins() {
    assertThat(openedBy("alpha:beta:x")).isEqualTo("alpha-beta");
    assertThat(openedBy("alpha:betamax")).isIn("alpha", "alpha-twin");
    assertThat(openedBy("ALPHA:BETA:x")).isEqualTo("alpha-beta");
  }

  @Test
  void open_twoProvidersForOneScheme_firstByClassNameUnlessPreferred() {
    assertThat(openedBy("alpha:x")).isEqualTo("alpha");
    System.setProperty(ProviderRegistry.PREFERRED_PROVIDER_PROPERTY, "alpha-twin");
    assertThat(openedBy("alpha:x")).isEqualTo("alpha-twin");
    System.setProperty(ProviderRegistry.PREFERRED_PROVIDER_PROPERTY, TestProviders.Alpha.class.getName());
    assertThat(openedBy("alpha:x")).isEqualTo("alpha");
  }

  @Test
  void open_unknownScheme_listsTheSchemesAndTheFailures() {
    assertThatThrownBy(() -> TokenStores.open("sqlite:tokens.db"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sqlite:tokens.db")
        .hasMessageContaining("alpha:, alpha:beta:, exploding:")
        .hasMessageContaining("2 provider(s) failed to load")
        .hasCauseInstanceOf(java.util.ServiceConfigurationError.class);
  }

  @Test
  void open_schemeWithoutColon_isNotAMatch() {
    assertThatThrownBy(() -> TokenStores.open("alphabet:x")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void open_passesOptionsFromQueryAndMap() {
    try (TokenStore s = TokenStores.open("alpha:x?table=t", Map.of("table", "t"))) {
      assertThat(((TestProviders.OpenedBy) s).options).containsOnly(Map.entry("table", "t"));
    }
    assertThatThrownBy(() -> TokenStores.open("alpha:x?table=t", Map.of("table", "u")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TokenStores.open("alpha:x?colour=red"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'colour'")
        .hasMessageContaining("[table]");
  }

  @Test
  void open_providerFailure_isWrappedWithTheUriMasked() {
    assertThatThrownBy(() -> TokenStores.open("exploding://user:hunter2@host/db"))
        .isInstanceOf(TokenStoreException.class)
        .hasMessageContaining("exploding://user:****@host/db")
        .hasMessageNotContaining("hunter2")
        .satisfies(e -> {
          StringWriter printed = new StringWriter();
          e.printStackTrace(new PrintWriter(printed));
          assertThat(printed.toString()).doesNotContain("hunter2")
              .contains("java.lang.IllegalStateException: driver failed on exploding://user:****@host/db");
        });
  }

  @Test
  void open_nullArguments_nameTheParameter() {
    assertThatThrownBy(() -> TokenStores.open(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("uri");
    assertThatThrownBy(() -> TokenStores.open("alpha:x", null)).isInstanceOf(NullPointerException.class)
        .hasMessage("options");
  }

  @Test
  void abstractStore_closedStoreSaysSoWithoutSecrets() {
    TokenStore s = TokenStores.open("alpha://u:hunter2@h");
    s.close();
    s.close();
    assertThat(s.toString()).doesNotContain("hunter2");
    assertThatThrownBy(s::getTokens).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void abstractStore_storageFailure_isWrappedNamingTheOperation() {
    try (TokenStore s = TokenStores.open("alpha:x")) {
      assertThatThrownBy(() -> s.saveToken(OAuthToken.builder().userName("u").build()))
          .isInstanceOf(TokenStoreException.class).hasMessageContaining("saveToken")
          .hasCauseInstanceOf(UnsupportedOperationException.class);
    }
  }
}
