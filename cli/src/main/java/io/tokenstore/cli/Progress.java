package io.tokenstore.cli;

/** A progress bar on standard error for runs long enough to want one. */
final class Progress {
  private static final int SHOW_FROM = 500;
  private final TokenstoreCommand top;
  private final int total;
  private int done;
  private int shownPercent = -1;

  Progress(TokenstoreCommand top, int total) {
    this.top = top;
    this.total = total;
  }

  void step() {
    done++;
    if (total < SHOW_FROM) {
      return;
    }
    int percent = (int) (100L * done / total);
    if (percent != shownPercent) {
      shownPercent = percent;
      int bar = percent / 4;
      top.err.print("\r[" + "#".repeat(bar) + " ".repeat(25 - bar) + "] " + done + "/" + total);
      top.err.flush();
    }
  }

  void done() {
    if (total >= SHOW_FROM) {
      top.err.println();
    }
  }
}
