package io.tokenstore.tck.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/** The runner's kit class takes its store URI from the launcher's configuration, not from shared state. */
class UriTokenStoreTckTest {
  private static Events run(String uri) {
    EngineTestKit.Builder kit = EngineTestKit.engine("junit-jupiter").selectors(selectClass(UriTokenStoreTck.class));
    if (uri != null) {
      kit.configurationParameter(UriTokenStoreTck.URI_PARAMETER, uri);
    }
    return kit.execute().testEvents();
  }

  @Test
  void kit_uriFromTheConfigurationParameter_runsEveryRuleOnThatStore() {
    Events events = run("simple:");
    // Every rule ran; the one aborted is LIFE-2 (a simple: store reopened does not keep its records, so there is nothing to reopen).
    long started = events.started().count();
    assertThat(started).isGreaterThan(30);
    events.assertStatistics(s -> s.failed(0).skipped(0).aborted(1).succeeded(started - 1));
  }

  @Test
  void kit_twoUris_eachRunTestsItsOwnStore() {
    assertThat(run("broken-unique:").failed().count()).isPositive();
    assertThat(run("simple:").failed().count()).isZero();
  }

  @Test
  void kit_withoutTheParameter_failsEveryTestNamingIt() {
    Events events = run(null);
    events.assertStatistics(s -> s.succeeded(0));
    events.failed().assertThatEvents().isNotEmpty()
        .allMatch(e -> event(test(), finishedWithFailure(message(m -> m.contains(UriTokenStoreTck.URI_PARAMETER))))
            .matches(e));
  }
}
