package io.tokenstore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenstore.TokenStoreException;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessagesTest {
  @Test
  void oneLine_keepsEachMessageThatAddsSomething_innermostLast() {
    SQLException driver = new SQLException("Access denied for user 'app'\n(using password: YES)");
    RuntimeException pool = new RuntimeException("Failed to initialize pool: " + driver.getMessage(), driver);
    RuntimeException bare = new RuntimeException(pool);
    TokenStoreException ours = new TokenStoreException("open failed for jdbc:mysql://db/app: cannot connect", bare);
    assertThat(Messages.oneLine(ours, List.of()))
        .isEqualTo("open failed for jdbc:mysql://db/app: cannot connect: Failed to initialize pool: "
            + "Access denied for user 'app' (using password: YES)");
  }

  @Test
  void oneLine_withoutAnyMessage_namesTheException() {
    assertThat(Messages.oneLine(new IllegalStateException(new NullPointerException()), List.of()))
        .isEqualTo("IllegalStateException");
  }

  @Test
  void oneLine_masksTheSecretsOfTheCommandLine_evenInADriversMessage() {
    List<String> args = List.of("ls", "jdbc:postgresql://db/app?user=app&password=p%40ss-w0rd",
        "redis://:s3cret-pw@cache:6379");
    Throwable t = new TokenStoreException("open failed for jdbc:postgresql://db/app?user=app&password=****: no",
        new SQLException("cannot use p@ss-w0rd at jdbc:postgresql://db/app?user=app&password=p%40ss-w0rd; "
            + "nor redis://:s3cret-pw@cache:6379"));
    assertThat(Messages.oneLine(t, args)).isEqualTo("open failed for jdbc:postgresql://db/app?user=app&password=****: "
        + "no: cannot use **** at jdbc:postgresql://db/app?user=app&password=****; nor redis://:****@cache:6379");
  }

  @Test
  void oneLine_cycleOfCauses_ends() {
    Exception a = new Exception("a");
    Exception b = new Exception("b", a);
    a.initCause(b);
    assertThat(Messages.oneLine(b, List.of())).isEqualTo("b: a");
  }

  @Test
  void visible_escapesWhatSteersATerminal_andKeepsTheRest() {
    assertThat(Messages.visible("a\u001b[2Jb\u0085c\u200fd\u2029e\\f é 😀"))
        .isEqualTo("a\\u001b[2Jb\\u0085c\\u200fd\\u2029e\\f é 😀");
  }
}
