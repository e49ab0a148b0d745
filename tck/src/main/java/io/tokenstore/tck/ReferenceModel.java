package io.tokenstore.tck;

import io.tokenstore.DuplicateTokenException;
import io.tokenstore.OAuthToken;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The contract as plain code, for model checking: a map of records and linear scans, written from
 * {@code docs/contract.md} alone and sharing nothing with the SPI helpers the stores use, so that a bug there
 * cannot hide in both. Not thread-safe; single-threaded use only.
 */
final class ReferenceModel {
  private static final List<Function<OAuthToken, @Nullable String>> UNIQUE = List.of(
      OAuthToken::userName, OAuthToken::accessToken, OAuthToken::refreshToken, OAuthToken::grantToken);
  private static final List<String> UNIQUE_NAMES = List.of("userName", "accessToken", "refreshToken", "grantToken");

  private final Map<String, OAuthToken> records = new LinkedHashMap<>();

  /** What a save must do: the outcome, and for an insert without a given id, that the store picks it. */
  static final class Outcome {
    final @Nullable OAuthToken record;
    final boolean needsGeneratedId;
    final @Nullable Class<? extends RuntimeException> error;
    /** Every field on which the save collides with another record: UNIQUE-1 lets the store name any of them. */
    final Set<String> duplicateFields;

    private Outcome(@Nullable OAuthToken record, boolean needsGeneratedId,
        @Nullable Class<? extends RuntimeException> error, Set<String> duplicateFields) {
      this.record = record;
      this.needsGeneratedId = needsGeneratedId;
      this.error = error;
      this.duplicateFields = duplicateFields;
    }

    @Override
    public String toString() {
      return error != null ? error.getSimpleName() + (duplicateFields.isEmpty() ? "" : duplicateFields)
          : (needsGeneratedId ? "insert with a generated id: " : "stores ") + record;
    }
  }

  /** The record a probe's match key names, if any; empty for a probe without one. */
  Optional<OAuthToken> find(OAuthToken probe) {
    if (probe.id() != null) {
      return Optional.ofNullable(records.get(probe.id()));
    }
    if (probe.userName() != null) {
      return scan(OAuthToken::userName, probe.userName());
    }
    boolean id = probe.clientId() != null;
    boolean secret = probe.clientSecret() != null;
    if (probe.accessToken() != null && !id && !secret) {
      return scan(OAuthToken::accessToken, probe.accessToken());
    }
    if (id && secret && probe.grantToken() != null) {
      return scan(OAuthToken::grantToken, probe.grantToken());
    }
    if (id && secret && probe.refreshToken() != null) {
      return scan(OAuthToken::refreshToken, probe.refreshToken());
    }
    return Optional.empty();
  }

  Optional<OAuthToken> findById(String id) {
    return Optional.ofNullable(records.get(id));
  }

  private Optional<OAuthToken> scan(Function<OAuthToken, @Nullable String> field, String value) {
    return records.values().stream().filter(r -> value.equals(field.apply(r))).findFirst();
  }

  /** Works out what saving {@code token} must do, without doing it. */
  Outcome plan(OAuthToken token) {
    if (token.id() == null && token.userName() == null && token.accessToken() == null
        && token.refreshToken() == null && token.grantToken() == null) {
      return new Outcome(null, false, IllegalArgumentException.class, Set.of());
    }
    Optional<OAuthToken> found = find(token);
    OAuthToken record;
    boolean generated = false;
    if (found.isPresent()) {
      OAuthToken s = found.get();
      record = OAuthToken.builder()
          .id(s.id())
          .userName(pick(token.userName(), s.userName()))
          .clientId(pick(token.clientId(), s.clientId()))
          .clientSecret(pick(token.clientSecret(), s.clientSecret()))
          .refreshToken(pick(token.refreshToken(), s.refreshToken()))
          .accessToken(pick(token.accessToken(), s.accessToken()))
          .grantToken(pick(token.grantToken(), s.grantToken()))
          .expiryTime(token.expiryTime() != null ? token.expiryTime() : s.expiryTime())
          .redirectUrl(pick(token.redirectUrl(), s.redirectUrl()))
          .apiDomain(pick(token.apiDomain(), s.apiDomain()))
          .build();
    } else {
      record = token;
      generated = token.id() == null;
    }
    Set<String> collisions = new TreeSet<>();
    for (int i = 0; i < UNIQUE.size(); i++) {
      Function<OAuthToken, @Nullable String> field = UNIQUE.get(i);
      String value = field.apply(record);
      if (value == null) {
        continue;
      }
      for (OAuthToken other : records.values()) {
        if (value.equals(field.apply(other)) && !Objects.equals(other.id(), record.id())) {
          collisions.add(UNIQUE_NAMES.get(i));
        }
      }
    }
    if (!collisions.isEmpty()) {
      return new Outcome(null, false, DuplicateTokenException.class, Set.copyOf(collisions));
    }
    return new Outcome(record, generated, null, Set.of());
  }

  /** Applies a successful outcome; {@code id} is the store's id for an insert without a given one. */
  void apply(Outcome outcome, String id) {
    OAuthToken record = Objects.requireNonNull(outcome.record);
    if (outcome.needsGeneratedId) {
      record = record.toBuilder().id(id).build();
    }
    records.put(record.id(), record);
  }

  /** The record the store should now hold after {@link #apply}. */
  OAuthToken expected(Outcome outcome, String id) {
    OAuthToken record = Objects.requireNonNull(outcome.record);
    return outcome.needsGeneratedId ? record.toBuilder().id(id).build() : record;
  }

  boolean delete(String id) {
    return records.remove(id) != null;
  }

  void deleteAll() {
    records.clear();
  }

  boolean hasId(String id) {
    return records.containsKey(id);
  }

  List<String> ids() {
    return new ArrayList<>(records.keySet());
  }

  Map<String, OAuthToken> snapshot() {
    return new LinkedHashMap<>(records);
  }

  private static @Nullable String pick(@Nullable String given, @Nullable String stored) {
    return given != null ? given : stored;
  }
}
