package io.tokenstore.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenstore.TokenStores;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MemoryTokenStoreProviderTest {
  /** This module's tests run without tokenstore-encryption: the option says which artifact to add. */
  @Test
  void keysetOption_withoutTheEncryptionModule_namesTheArtifact() {
    assertThatThrownBy(() -> TokenStores.open("memory:x?keyset=file:/tmp/keyset.json"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'keyset'")
        .hasMessageContaining("io.tokenstore:tokenstore-encryption");
    assertThatThrownBy(() -> TokenStores.open("memory:x", Map.of("keyset", "env:KEYSET")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("io.tokenstore:tokenstore-encryption");
  }

  @Test
  void namespace_isTheStoreName() {
    assertThat(TokenStores.provider("memory:").namespace("memory:app", Map.of())).isEqualTo("app");
    assertThat(TokenStores.provider("memory:").namespace("memory:", Map.of())).isEmpty();
  }
}
