package io.tokenstore.sqlite;

import io.tokenstore.OAuthToken;
import io.tokenstore.TokenStore;
import io.tokenstore.TokenStores;

/**
 * A second process for {@link SqliteProcessTest}: {@code users URI TAG USERS ROUNDS} saves every user once per
 * round and prints {@code DONE}; {@code stream URI} saves new users until killed, printing {@code ACK user} after
 * each save returns.
 */
public final class SaverProcess {
  private SaverProcess() {}

  public static void main(String[] args) {
    try (TokenStore store = TokenStores.open(args[1])) {
      if (args[0].equals("users")) {
        String tag = args[2];
        int users = Integer.parseInt(args[3]);
        int rounds = Integer.parseInt(args[4]);
        for (int r = 0; r < rounds; r++) {
          for (int u = 0; u < users; u++) {
            store.saveToken(OAuthToken.builder().userName("user-" + u).clientId("client")
                .accessToken("access-" + tag + "-" + r + "-" + u).build());
          }
        }
        System.out.println("DONE");
      } else {
        for (long n = 0; ; n++) {
          store.saveToken(OAuthToken.builder().userName("stream-" + n).refreshToken("refresh-" + n)
              .accessToken("access-" + n).build());
          System.out.println("ACK stream-" + n);
          System.out.flush();
        }
      }
    }
  }
}
