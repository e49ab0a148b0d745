package io.tokenstore.sql.internal;

import io.tokenstore.DuplicateTokenException;
import io.tokenstore.OAuthToken;
import io.tokenstore.TokenStoreException;
import io.tokenstore.spi.AbstractLeasingTokenStore;
import io.tokenstore.spi.Lease;
import io.tokenstore.spi.MatchKey;
import io.tokenstore.spi.Tokens;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The contract on a SQL table, for every dialect. A save of a stored record's new values (a token refresh) is one
 * atomic statement where the backend takes concurrent writers (a pool): {@code UPDATE … RETURNING}, or a read and
 * an {@code UPDATE} that succeeds only if the row is still as read. Any other save, or one of those that found no
 * record, met a unique value or lost to another writer, runs in a write transaction: it reads the record its
 * match key names (locking the row where the backend locks rows), merges or inserts, and writes; the unique
 * constraints decide races. When a write hits a unique violation, {@link Connections#write} rolls it back and runs
 * it again: the retry checks each unique value first, locking the row it finds, so a lost race becomes an update
 * and a real duplicate a {@link io.tokenstore.DuplicateTokenException} naming the field; where the dialect has an
 * {@linkplain Dialect#upsert upsert}, a retry that finds no record inserts with it and cannot lose again. A row
 * that cannot be read is left out of {@code getTokens} with a warning and fails a lookup that reaches it.
 * Leases are rows of a table beside the token table ({@link Leases}); a fenced save is the transaction path above
 * after locking the live lease row.
 */
public final class SqlTokenStore extends AbstractLeasingTokenStore {
  private final Connections connections;
  private final Statements statements;
  private final Leases leases;
  private volatile boolean leaseTableReady;

  /**
   * Opens the store: creates, adopts or upgrades the table, then serves it.
   *
   * @param connections the backend's connections, closed with the store
   * @param table the table name
   * @param description the store's description; masked before any message shows it
   * @throws IllegalArgumentException if the table name is invalid
   * @throws TokenStoreException if the table cannot be prepared
   */
  @SuppressWarnings("NullAway") // work of type Void returns null
  public SqlTokenStore(Connections connections, String table, String description) {
    super(description);
    this.connections = connections;
    try {
      TableDefinition definition = new TableDefinition(table, connections.dialect());
      this.statements = new Statements(definition);
      this.leases = new Leases(definition);
      Migration migration = new Migration(definition);
      connections.write((s, attempt) -> {
        migration.run(s);
        return null;
      });
    } catch (RuntimeException e) {
      connections.close();
      throw e;
    } catch (SQLException e) {
      connections.close();
      // this, not the description argument: toString is the masked form.
      throw new TokenStoreException("open failed: cannot prepare table " + table + " of " + this, e);
    }
  }

  @Override
  protected Optional<OAuthToken> find(MatchKey key) {
    return sql("findToken", () -> connections.read(s -> statements.find(s, key, false)));
  }

  @Override
  protected OAuthToken save(OAuthToken token) {
    return sql("saveToken", () -> {
      Optional<MatchKey> key = MatchKey.of(token);
      boolean refreshed = key.isPresent() && connections.autoCommits();
      if (refreshed) {
        Optional<OAuthToken> record;
        try {
          record = connections.autoCommitted(s -> refresh(s, key.get(), token));
        } catch (BadRow e) {
          // Only UPDATE … RETURNING reads after it wrote: say so, rather than let the failure suggest otherwise.
          if (statements.dialect().updateReturning()) {
            throw new TokenStoreException("saveToken on " + this + " wrote the token's fields, but the stored"
                + " record cannot be read back: " + e.getMessage(), e);
          }
          throw e;
        }
        if (record.isPresent()) {
          return record.get();
        }
      }
      return connections.write((s, attempt) -> upsert(s, token, attempt, refreshed));
    });
  }

  /**
   * The common save, a refresh of a stored record, without a transaction: one atomic statement sets the token's
   * fields ({@code UPDATE … RETURNING}), or, where the dialect has none, a read and a compare-and-set
   * {@code UPDATE} of the merged record that succeeds only if the row is still as read.
   *
   * @return the stored record, or empty if the key names no record, the token has nothing to set, or another
   *     writer changed it since the read
   */
  private Optional<OAuthToken> refresh(Session s, MatchKey key, OAuthToken token) throws SQLException {
    if (statements.dialect().updateReturning()) {
      return statements.updateReturning(s, key, token);
    }
    Optional<OAuthToken> previous = statements.find(s, key, false);
    if (previous.isEmpty()) {
      return previous;
    }
    OAuthToken record = Tokens.merge(previous.get(), token);
    if (record.equals(previous.get())) {
      return previous;
    }
    return statements.updateIfUnchanged(s, record, previous.get()) ? Optional.of(record) : Optional.empty();
  }

  /**
   * The save in a transaction.
   *
   * @param refreshed whether {@link #refresh} ran first (and returned nothing), so that a first attempt does not
   *     repeat its {@code UPDATE … RETURNING}
   */
  private OAuthToken upsert(Session s, OAuthToken token, int attempt, boolean refreshed) throws SQLException {
    return write(s, token, attempt, refreshed, true).orElseThrow();
  }

  // The save, or with mayInsert false an update of the record the match key names only: empty if there is none.
  private Optional<OAuthToken> write(Session s, OAuthToken token, int attempt, boolean refreshed, boolean mayInsert)
      throws SQLException {
    boolean checkFirst = attempt > 1;
    Optional<MatchKey> key = MatchKey.of(token);
    if (key.isPresent() && !checkFirst && !refreshed && statements.dialect().updateReturning()) {
      // SQLite's refresh of a stored token (the servers tried it in refresh()): one statement in the transaction;
      // a conflict lands in the retry below.
      Optional<OAuthToken> updated = statements.updateReturning(s, key.get(), token);
      if (updated.isPresent()) {
        return updated;
      }
    }
    OAuthToken previous = key.isPresent() ? statements.find(s, key.get(), true).orElse(null) : null;
    if (previous == null && !mayInsert) {
      return Optional.empty();
    }
    OAuthToken record = previous != null ? Tokens.merge(previous, token)
        : token.id() != null ? token : token.toBuilder().id(statements.newId(s, attempt)).build();
    if (!checkFirst) {
      if (previous == null) {
        statements.insert(s, record);
      } else {
        statements.update(s, record, previous);
      }
      return Optional.of(record);
    }
    // The retry of a save that met a unique violation: the conflict path, with the checks the first attempt left
    // to the constraints.
    boolean upsert = previous == null && key.isPresent() && statements.dialect().upsert();
    checkUnique(s, record, previous, key.orElse(null), upsert);
    if (previous != null) {
      statements.update(s, record, previous);
      return Optional.of(record);
    }
    if (!upsert) {
      statements.insert(s, record);
      return Optional.of(record);
    }
    // Inserted, or merged into the row that another writer inserted since the read above: this retry cannot lose
    // the insert race again, however many writers save this key.
    Optional<OAuthToken> stored = statements.upsert(s, key.get(), token, record);
    if (stored.isEmpty()) {
      throw new LostRace();
    }
    return stored;
  }

  /**
   * The uniqueness rule, on the retry path only: the first attempt leaves it to the unique constraints. Each
   * lookup locks the row it finds (and waits for a transaction that is deleting it), so an owner is one that holds
   * the value now, not one whose delete was about to commit. The record the match key names is not another
   * record: if it appeared since the match-key read, the upsert merges into it, or (without one) the save runs
   * again and updates it.
   *
   * @throws LostRace if the record the match key names appeared since the match-key read, without an upsert
   * @throws DuplicateTokenException if another record holds one of the record's unique values
   */
  private void checkUnique(Session s, OAuthToken record, @Nullable OAuthToken previous, @Nullable MatchKey key,
      boolean upsert) throws SQLException {
    for (MatchKey.Field field : Tokens.UNIQUE_FIELDS) {
      String value = field.of(record);
      boolean keyField = key != null && key.field() == field;
      if (value == null || (previous != null && value.equals(field.of(previous))) || (keyField && upsert)) {
        continue;
      }
      Optional<OAuthToken> owner = statements.find(s, new MatchKey(field, value), true);
      if (owner.isPresent() && !Objects.equals(owner.get().id(), record.id())) {
        if (keyField) {
          throw new LostRace();
        }
        throw new DuplicateTokenException(field.property());
      }
    }
  }

  @Override
  protected boolean lease(Lease lease, Duration time) {
    return sql("tryLease", () -> {
      leaseTable();
      return connections.write((s, attempt) -> leases.take(s, lease, time));
    });
  }

  @Override
  protected Optional<OAuthToken> saveIfLive(Lease lease, OAuthToken token) {
    return sql("saveLeased", () -> {
      leaseTable();
      // A fenced save updates the record and never re-creates one deleted since the lease was granted.
      return connections.write((s, attempt) -> leases.lockIfLive(s, lease).isPresent()
          ? write(s, token, attempt, false, false) : Optional.<OAuthToken>empty());
    });
  }

  @Override
  protected Optional<Duration> countIfLive(Lease lease, int budget, Duration window) {
    return sql("countRefresh", () -> {
      leaseTable();
      return connections.write((s, attempt) -> leases.count(s, lease, budget, window));
    });
  }

  @Override
  protected boolean releaseIfLive(Lease lease) {
    return sql("release", () -> {
      leaseTable();
      return connections.write((s, attempt) -> leases.release(s, lease));
    });
  }

  // Whether the lease table is there: known once seen, else asked in a transaction of its own (a failed statement
  // ends a PostgreSQL transaction).
  @SuppressWarnings("NullAway") // work of type Void returns null
  private boolean leaseTableExists() {
    if (!leaseTableReady) {
      try {
        connections.write((s, attempt) -> {
          leases.probe(s);
          return null;
        });
        leaseTableReady = true;
      } catch (SQLException absent) {
        return false;
      }
    }
    return true;
  }

  // At the first lease call of this store object, whichever it is: the lease may be another object's.
  @SuppressWarnings("NullAway") // work of type Void returns null
  private void leaseTable() throws SQLException {
    // Created by a DBA where the store's user may not create tables: PostgreSQL refuses even CREATE TABLE IF NOT
    // EXISTS of an existing table to a user without CREATE on the schema.
    if (!leaseTableExists()) {
      try {
        connections.write((s, attempt) -> {
          leases.create(s);
          return null;
        });
      } catch (SQLException e) {
        // Another store created them at the same moment: PostgreSQL's CREATE TABLE IF NOT EXISTS is no guard
        // against a concurrent one (42P07, 42710 for the row type, or a catalog unique violation). Then the loser
        // fails once the winner has committed, and they are there now.
        if (leaseTableExists()) {
          return;
        }
        // A user with data rights only (an adopted Zoho table): say what to create, not just that it failed.
        throw new TokenStoreException("cannot create the lease tables " + leases.tables() + " of " + this
            + " (SQLState " + e.getSQLState() + "), which refreshes across processes need; create them once as a"
            + " user who may: " + leases.createStatements(), e);
      }
      leaseTableReady = true;
    }
  }

  @Override
  protected boolean delete(String id) {
    return sql("deleteToken", () -> connections.write((s, attempt) -> statements.delete(s, id)));
  }

  @Override
  protected List<OAuthToken> list() {
    return sql("getTokens", () -> connections.read(statements::all));
  }

  @Override
  @SuppressWarnings("NullAway") // work of type Void returns null
  protected void deleteAll() {
    sql("deleteTokens", () -> {
      connections.write((s, attempt) -> {
        statements.deleteAll(s);
        return null;
      });
      // The leases of the records go with them, so an emptied store (the kit's runs) leaves no row behind.
      if (leaseTableExists()) {
        connections.write((s, attempt) -> {
          leases.deleteAll(s);
          return null;
        });
      }
      return null;
    });
  }

  @Override
  protected void closeBackend() {
    connections.close();
  }

  @FunctionalInterface
  private interface SqlCall<T> {
    T call() throws SQLException;
  }

  // The driver's message stays in the cause: it may quote a statement, never a value we bound.
  private <T> T sql(String operation, SqlCall<T> call) {
    try {
      return call.call();
    } catch (BadRow e) {
      throw new TokenStoreException(operation + " failed on " + this + ": " + e.getMessage(), e);
    } catch (SQLException e) {
      throw new TokenStoreException(operation + " failed on " + this + " (SQLState " + e.getSQLState()
          + ", error " + e.getErrorCode() + ")", e);
    }
  }
}
