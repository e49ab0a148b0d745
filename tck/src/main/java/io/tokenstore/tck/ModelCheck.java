package io.tokenstore.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenstore.DuplicateTokenException;
import io.tokenstore.OAuthToken;
import io.tokenstore.TokenStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One seeded random sequence of the six operations, run against a store and the {@link ReferenceModel}, compared
 * after every step. Values come from small pools (with case variants) so that keys collide often.
 */
final class ModelCheck {
  private static final Pattern GENERATED_ID = Pattern.compile("[0-9A-Za-z]{1,10}");
  private static final String[] USERS = {"u0@example.com", "u1@example.com", "U0@example.com", "u2"};
  private static final String[] ACCESS = {"a0", "a1", "A0", "a2"};
  private static final String[] REFRESH = {"r0", "r1", "R0"};
  private static final String[] GRANT = {"g0", "g1", "G1"};
  private static final String[] CLIENT_IDS = {"c0", "c1"};
  private static final String[] SECRETS = {"s0", "s1"};
  private static final String[] OTHER = {"x", "y"};
  private static final String[] GIVEN_IDS = {"7", "id-x", "ID-X"};

  private final TokenStore store;
  private final long seed;
  private final int steps;
  private final Random random;
  private final ReferenceModel model = new ReferenceModel();
  private final List<String> log = new ArrayList<>();

  ModelCheck(TokenStore store, long seed, int steps) {
    this.store = store;
    this.seed = seed;
    this.steps = steps;
    this.random = new Random(seed);
  }

  void run() {
    for (int step = 0; step < steps; step++) {
      try {
        step();
        compareAll();
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError("model check failed at step " + step + " of seed " + seed
            + " (replay with -Dtokenstore.tck.seed=" + seed
            + " -Dtokenstore.tck.sequences=1); steps so far:\n  "
            + String.join("\n  ", log) + "\n" + e.getMessage(), e);
      }
    }
  }

  private void step() {
    int op = random.nextInt(100);
    if (op < 45) {
      save(randomToken());
    } else if (op < 65) {
      OAuthToken probe = randomToken();
      log.add("findToken(" + describe(probe) + ")");
      assertThat(store.findToken(probe)).as("findToken").isEqualTo(model.find(probe));
    } else if (op < 78) {
      String id = randomId();
      log.add("findTokenById(" + id + ")");
      assertThat(store.findTokenById(id)).as("findTokenById").isEqualTo(model.findById(id));
    } else if (op < 90) {
      String id = randomId();
      log.add("deleteToken(" + id + ")");
      assertThat(store.deleteToken(id)).as("deleteToken").isEqualTo(model.delete(id));
    } else if (op < 97) {
      log.add("getTokens()");
    } else {
      log.add("deleteTokens()");
      store.deleteTokens();
      model.deleteAll();
    }
  }

  private void save(OAuthToken token) {
    log.add("saveToken(" + describe(token) + ")");
    ReferenceModel.Outcome expected = model.plan(token);
    OAuthToken saved;
    try {
      saved = store.saveToken(token);
    } catch (IllegalArgumentException | DuplicateTokenException e) {
      assertThat(expected.error).as("the model's outcome is %s, the store threw %s", expected, e)
          .isEqualTo(e.getClass());
      if (e instanceof DuplicateTokenException) {
        // UNIQUE-1: any field that truly collides may be named, not one chosen by the kit.
        assertThat(((DuplicateTokenException) e).field()).as("field of the duplicate")
            .isIn(expected.duplicateFields);
      }
      return;
    }
    assertThat(expected.error).as("the model's outcome is %s, the store saved %s", expected, saved).isNull();
    String id = saved.id();
    if (id == null) {
      throw new AssertionError("the saved record has no id: " + saved);
    }
    if (expected.needsGeneratedId) {
      assertThat(id).as("generated id").matches(GENERATED_ID);
      assertThat(model.hasId(id)).as("generated id %s is already in use", id).isFalse();
    }
    assertThat(saved).as("saved record").isEqualTo(model.expected(expected, id));
    model.apply(expected, id);
  }

  private void compareAll() {
    Map<String, OAuthToken> actual = new LinkedHashMap<>();
    for (OAuthToken t : store.getTokens()) {
      assertThat(actual.put(t.id(), t)).as("getTokens lists id %s twice", t.id()).isNull();
    }
    assertThat(actual).as("getTokens").isEqualTo(model.snapshot());
  }

  private OAuthToken randomToken() {
    OAuthToken.Builder b = OAuthToken.builder();
    if (random.nextInt(6) == 0) {
      b.id(randomId());
    }
    b.userName(maybe(USERS, 2));
    b.accessToken(maybe(ACCESS, 2));
    b.refreshToken(maybe(REFRESH, 3));
    b.grantToken(maybe(GRANT, 3));
    b.clientId(maybe(CLIENT_IDS, 2));
    b.clientSecret(maybe(SECRETS, 2));
    b.redirectUrl(maybe(OTHER, 3));
    b.apiDomain(maybe(OTHER, 3));
    if (random.nextInt(3) == 0) {
      b.expiryTime(Instant.ofEpochMilli(1_700_000_000_000L + random.nextInt(1000)));
    }
    return b.build();
  }

  private @Nullable String maybe(String[] pool, int oneIn) {
    return random.nextInt(oneIn) == 0 ? pool[random.nextInt(pool.length)] : null;
  }

  private String randomId() {
    List<String> known = model.ids();
    if (!known.isEmpty() && random.nextInt(3) > 0) {
      return known.get(random.nextInt(known.size()));
    }
    return GIVEN_IDS[random.nextInt(GIVEN_IDS.length)];
  }

  // The kit's own values are not secrets, and a failing step must say exactly what it was.
  private static String describe(OAuthToken t) {
    StringBuilder s = new StringBuilder("{");
    append(s, "id", t.id());
    append(s, "userName", t.userName());
    append(s, "clientId", t.clientId());
    append(s, "clientSecret", t.clientSecret());
    append(s, "refreshToken", t.refreshToken());
    append(s, "accessToken", t.accessToken());
    append(s, "grantToken", t.grantToken());
    append(s, "expiryTime", t.expiryTime() == null ? null : t.expiryTime().toString());
    append(s, "redirectUrl", t.redirectUrl());
    append(s, "apiDomain", t.apiDomain());
    return s.append('}').toString();
  }

  private static void append(StringBuilder s, String name, @Nullable String value) {
    if (value != null) {
      s.append(s.length() > 1 ? ", " : "").append(name).append('=').append(value);
    }
  }
}
