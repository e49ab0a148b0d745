package io.tokenstore.file;

import io.tokenstore.OAuthToken;
import io.tokenstore.TokenStore;
import io.tokenstore.TokenStoreException;
import io.tokenstore.TokenStores;

/**
 * A second process for {@link FileProcessTest} and {@link FileOtherUserTest}: {@code users URI TAG COUNT} saves
 * COUNT users of its own and prints DONE; {@code stream URI} saves until killed, printing {@code ACK user} after
 * each save returns; {@code list URI} prints {@code N tokens}. A {@link TokenStoreException} is printed as
 * {@code FAILED message}.
 */
public final class FileSaverProcess {
  private FileSaverProcess() {}

  public static void main(String[] args) {
    try (TokenStore store = TokenStores.open(args[1])) {
      if (args[0].equals("users")) {
        for (int i = 0; i < Integer.parseInt(args[3]); i++) {
          store.saveToken(OAuthToken.builder().userName(args[2] + "-" + i).accessToken("access-" + args[2] + "-" + i)
              .build());
        }
        System.out.println("DONE");
      } else if (args[0].equals("list")) {
        System.out.println(store.getTokens().size() + " tokens");
      } else {
        for (long n = 0; ; n++) {
          store.saveToken(OAuthToken.builder().userName("stream-" + n).accessToken("access-" + n).build());
          System.out.println("ACK stream-" + n);
          System.out.flush();
        }
      }
    } catch (TokenStoreException e) {
      System.out.println("FAILED " + e.getMessage());
    }
  }
}
