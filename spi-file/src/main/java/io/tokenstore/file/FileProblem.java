package io.tokenstore.file;

import java.io.IOException;

/**
 * A problem with the token file whose message is safe to show as it is: it names the line or the file and says
 * what is wrong, never a value from the file.
 */
final class FileProblem extends IOException {
  private static final long serialVersionUID = 1L;

  FileProblem(String message) {
    super(message);
  }
}
