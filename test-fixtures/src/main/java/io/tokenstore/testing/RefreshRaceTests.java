package io.tokenstore.testing;

import org.junit.jupiter.api.Test;

/**
 * The {@link RefreshRace} tests as one JUnit class a provider's test extends, naming a fresh store URI on its
 * backend that several processes can open.
 */
public abstract class RefreshRaceTests {
  /** A URI of an empty store on the backend, new for each call, that other processes can open too. */
  protected abstract String freshUri() throws Exception;

  @Test
  void fourProcesses_eightThreads_threeExpiries_makeThreeRefreshes() throws Exception {
    RefreshRace.cycles(freshUri(), 4, 8, 3);
  }

  @Test
  void killedHolder_anotherProcessTakesOverAfterTheLease() throws Exception {
    RefreshRace.holderKilled(freshUri());
  }

  @Test
  void stalledHolder_itsLateSaveIsRefused() throws Exception {
    RefreshRace.stalledHolder(freshUri());
  }

  @Test
  void fourProcesses_hammeringATokenAlwaysDueForRefresh_spendOneBudget() throws Exception {
    RefreshRace.budget(freshUri(), 4, 8, 6);
  }
}
