package io.tokenstore.redis;

import io.tokenstore.OAuthToken;
import io.tokenstore.TokenStore;
import io.tokenstore.TokenStores;

/** A second process for {@link RedisConcurrencyTest}: {@code URI TAG USERS ROUNDS}, then prints DONE. */
public final class RedisSaverProcess {
  private RedisSaverProcess() {}

  public static void main(String[] args) {
    try (TokenStore store = TokenStores.open(args[0])) {
      int users = Integer.parseInt(args[2]);
      int rounds = Integer.parseInt(args[3]);
      for (int r = 0; r < rounds; r++) {
        for (int u = 0; u < users; u++) {
          store.saveToken(OAuthToken.builder().userName("user-" + u).clientId("client")
              .accessToken("access-" + args[1] + "-" + r + "-" + u).refreshToken("refresh-" + args[1] + "-" + u)
              .build());
        }
      }
      System.out.println("DONE");
    }
  }
}
