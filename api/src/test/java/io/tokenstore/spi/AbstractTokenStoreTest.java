package io.tokenstore.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tokenstore.OAuthToken;
import io.tokenstore.TokenStoreException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AbstractTokenStoreTest {
  /** Fails every call with an exception whose message quotes the password, as some drivers do. */
  private static final class Quoting extends AbstractTokenStore {
    private final RuntimeException failure;

    Quoting(String description, String uri, RuntimeException failure) {
      super(description, uri);
      this.failure = failure;
    }

    Quoting(String description, RuntimeException failure) {
      super(description);
      this.failure = failure;
    }

    @Override
    protected Optional<OAuthToken> find(MatchKey key) {
      throw failure;
    }

    @Override
    protected OAuthToken save(OAuthToken token) {
      throw failure;
    }

    @Override
    protected boolean delete(String id) {
      throw failure;
    }

    @Override
    protected List<OAuthToken> list() {
      throw failure;
    }

    @Override
    protected void deleteAll() {
      throw failure;
    }

    @Override
    protected void closeBackend() {}
  }

  private static String printed(Throwable t) {
    StringWriter out = new StringWriter();
    t.printStackTrace(new PrintWriter(out));
    return out.toString() + t;
  }

  @Test
  void calls_driverMessageQuotingThePassword_isScrubbed() {
    RuntimeException driver = new IllegalStateException("cannot connect to root:pa/ss@127.0.0.1");
    try (Quoting store = new Quoting("test store", "jdbc:mariadb://root:pa/ss@127.0.0.1/test", driver)) {
      assertThat(store.toString()).isEqualTo("test store");
      assertThatThrownBy(() -> store.findToken(OAuthToken.builder().userName("u").build()))
          .isInstanceOf(TokenStoreException.class)
          .satisfies(e -> assertThat(printed(e)).doesNotContain("pa/ss")
              .contains("java.lang.IllegalStateException: cannot connect to root:****@127.0.0.1"));
      assertThatThrownBy(() -> store.findTokenById("x")).satisfies(e -> assertThat(printed(e)).doesNotContain("pa/ss"));
      assertThatThrownBy(store::getTokens).satisfies(e -> assertThat(printed(e)).doesNotContain("pa/ss"));
    }
  }

  @Test
  void calls_tokenStoreExceptionWithAQuotingCause_isScrubbed() {
    // As a SQL store throws: its own TokenStoreException around the driver's exception.
    TokenStoreException sql = new TokenStoreException("saveToken failed",
        new RuntimeException("Access denied, PASSWORD=hunter2 rejected"));
    try (Quoting store = new Quoting("jdbc store jdbc:h2:mem:x;USER=sa;PASSWORD=hunter2", sql)) {
      assertThat(store.toString()).isEqualTo("jdbc store jdbc:h2:mem:x;USER=sa;PASSWORD=****");
      assertThatThrownBy(() -> store.saveToken(OAuthToken.builder().userName("u").build()))
          .isInstanceOf(TokenStoreException.class).hasMessage("saveToken failed")
          .satisfies(e -> assertThat(printed(e)).doesNotContain("hunter2"));
      assertThatThrownBy(() -> store.deleteToken("x")).satisfies(e -> assertThat(printed(e)).doesNotContain("hunter2"));
    }
  }
}
