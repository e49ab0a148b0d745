package io.tokenstore.sql.internal;

import static io.tokenstore.sql.internal.TableDefinition.FIELDS;
import static io.tokenstore.sql.internal.TableDefinition.ZOHO_COLUMNS;
import static io.tokenstore.sql.internal.TableDefinition.hashColumn;

import io.tokenstore.OAuthToken;
import io.tokenstore.spi.MatchKey;
import io.tokenstore.spi.TokenField;
import io.tokenstore.spi.Tokens;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Every statement on the token table of a {@link TableDefinition}, built once (or once per shape of save, in a
 * cache), with bind parameters only, and run. Immutable and thread-safe.
 */
final class Statements {
  private static final System.Logger LOG = System.getLogger("io.tokenstore.sql");
  private static final String COLUMNS = String.join(", ", ZOHO_COLUMNS);

  private final TableDefinition definition;
  private final String table;
  private final Dialect dialect;
  private final Map<MatchKey.Field, String> selectBy = new EnumMap<>(MatchKey.Field.class);
  private final Map<MatchKey.Field, String> selectForUpdateBy = new EnumMap<>(MatchKey.Field.class);
  private final String insert;
  private final Map<Integer, String> updates = new java.util.concurrent.ConcurrentHashMap<>();
  private final Map<Integer, String> updatesReturning = new java.util.concurrent.ConcurrentHashMap<>();
  private final Map<Integer, String> upserts = new java.util.concurrent.ConcurrentHashMap<>();
  private final Map<Integer, String> updatesIfUnchanged = new java.util.concurrent.ConcurrentHashMap<>();
  private final String deleteById;
  private final String deleteAll;
  private final String selectAll;
  private final String maxSequenceId;
  // The last sequence id newId handed out, -1 before the first scan.
  private final java.util.concurrent.atomic.AtomicLong lastId = new java.util.concurrent.atomic.AtomicLong(-1);

  Statements(TableDefinition definition) {
    this.definition = definition;
    this.table = definition.table();
    this.dialect = definition.dialect();
    for (MatchKey.Field f : MatchKey.Field.values()) {
      String select = "SELECT " + COLUMNS + " FROM " + table + " WHERE " + where(f);
      selectBy.put(f, select);
      selectForUpdateBy.put(f, select + dialect.forUpdate());
    }
    this.insert = "INSERT INTO " + table + " (" + COLUMNS + ") VALUES ("
        + ZOHO_COLUMNS.stream().map(c -> "?").collect(Collectors.joining(", ")) + ")";
    this.maxSequenceId = dialect.maxSequenceId(table);
    this.deleteById = "DELETE FROM " + table + " WHERE id = ?";
    this.deleteAll = "DELETE FROM " + table;
    this.selectAll = "SELECT " + COLUMNS + " FROM " + table;
  }

  /** The dialect. */
  Dialect dialect() {
    return dialect;
  }

  // A lookup by a key: where keys are hashed, the database hashes the bound value to reach the index, then
  // compares the value itself, so a hash collision can never match.
  private String where(MatchKey.Field f) {
    return f == MatchKey.Field.ID || !dialect.hashedKeys() ? f.column() + " = ?"
        : hashColumn(f) + " = " + dialect.keyHash(dialect.keyParameter()) + " AND " + f.column() + " = ?";
  }

  // Binds the parameters of where(key.field()): the value, and where keys are hashed the value again for its hash.
  private int bindKey(PreparedStatement ps, int start, MatchKey key) throws SQLException {
    int i = start;
    if (key.field() == MatchKey.Field.ID || !dialect.hashedKeys()) {
      ps.setString(i++, key.value());
    } else {
      ps.setString(i++, key.value());
      ps.setString(i++, key.value());
    }
    return i;
  }

  Optional<OAuthToken> find(Session s, MatchKey key, boolean forUpdate) throws SQLException {
    PreparedStatement ps = s.prepare(Objects.requireNonNull((forUpdate ? selectForUpdateBy : selectBy).get(key.field())));
    bindKey(ps, 1, key);
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next() ? Optional.of(Rows.read(rs, table)) : Optional.empty();
    }
  }

  /** Every record; a row that cannot be read is left out with a warning, so that one bad row hides no others. */
  List<OAuthToken> all(Session s) throws SQLException {
    List<OAuthToken> all = new ArrayList<>();
    try (ResultSet rs = s.prepare(selectAll).executeQuery()) {
      while (rs.next()) {
        try {
          all.add(Rows.read(rs, table));
        } catch (BadRow e) {
          LOG.log(System.Logger.Level.WARNING, "getTokens skipped a row it cannot read: " + e.getMessage());
        }
      }
    }
    return all;
  }

  /**
   * A new id in Zoho's sequence, so that the Zoho SDKs' {@code max(id) + 1} keeps working on a shared table: the
   * largest numeric id of at most ten digits plus one (after the first, the number after the last one handed out,
   * if it is still free); past 9999999999, an unused random number of at most ten digits. Two writers that take the same id at once meet the primary key, and the loser runs again, skipping
   * ahead by a random few ids more on each attempt, so that many writers inserting at once soon stop colliding.
   *
   * @param attempt the save's attempt, from 1
   */
  String newId(Session s, int attempt) throws SQLException {
    // The number after the last this store handed out, if it is free: one primary-key probe instead of a scan of
    // every id for the largest (which made each insert O(n)). Taken (another writer, Zoho's SDK) → the scan.
    long last = lastId.get();
    if (attempt <= 1 && last >= 0 && last < Tokens.MAX_SEQUENCE_ID) {
      String next = Long.toString(lastId.incrementAndGet());
      if (Tokens.isSequenceId(next) && !idInUse(s, next)) {
        return next;
      }
    }
    long max;
    try (ResultSet rs = s.prepare(maxSequenceId).executeQuery()) {
      max = rs.next() ? rs.getLong(1) : 0;
    }
    long skip = attempt <= 1 ? 0 : ThreadLocalRandom.current().nextLong(1L << Math.min(attempt, 10));
    long largest = Math.min(max + skip, Tokens.MAX_SEQUENCE_ID);
    String id;
    try {
      id = Tokens.sequenceId(largest, candidate -> {
        try {
          return idInUse(s, candidate);
        } catch (SQLException e) {
          throw new Failed(e);
        }
      });
    } catch (Failed e) {
      throw e.sql;
    }
    if (largest < Tokens.MAX_SEQUENCE_ID) {
      lastId.accumulateAndGet(largest + 1, Math::max);
    }
    return id;
  }

  private boolean idInUse(Session s, String id) throws SQLException {
    PreparedStatement ps = s.prepare(Objects.requireNonNull(selectBy.get(MatchKey.Field.ID)));
    ps.setString(1, id);
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next();
    }
  }

  // Carries an SQLException through a Predicate.
  private static final class Failed extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient SQLException sql;

    Failed(SQLException sql) {
      super(null, null, false, false);
      this.sql = sql;
    }
  }

  void insert(Session s, OAuthToken t) throws SQLException {
    PreparedStatement ps = s.prepare(insert);
    int i = 1;
    ps.setString(i++, t.id());
    i = Rows.bindFields(ps, i, t);
    ps.executeUpdate();
  }

  /** The columns a save sets: bit {@code c} for column {@code c} of {@link #COLUMNS} when present, the key's excepted. */
  private static int settable(@Nullable String[] now, MatchKey key) {
    int present = 0;
    for (int c = 0; c < now.length; c++) {
      if (now[c] != null && uniqueField(c) != key.field()) {
        present |= 1 << c;
      }
    }
    return present;
  }

  /**
   * The key of a cached statement's text: the columns it sets in bits 0 to 15 (as {@link #settable}; there are
   * ten), the key field's ordinal from bit 16. {@code shape & 0xffff} gives the columns back.
   */
  private static int shape(int settable, MatchKey key) {
    return settable | (key.field().ordinal() << 16);
  }

  /**
   * The merge as one statement: sets the token's present fields (but its key) on the record its key names and
   * returns the record as stored. Only where the dialect has {@code UPDATE … RETURNING}.
   *
   * @return the updated record, or empty if the key names none (or the token has nothing to set)
   */
  Optional<OAuthToken> updateReturning(Session s, MatchKey key, OAuthToken token) throws SQLException {
    String[] now = Rows.values(token);
    int present = settable(now, key);
    if (present == 0) {
      return Optional.empty();
    }
    int shape = shape(present, key);
    PreparedStatement ps = s.prepare(updatesReturning.computeIfAbsent(shape,
        k -> updateSql(k & 0xffff, key.field()) + " RETURNING " + COLUMNS));
    int i = Rows.bindChanged(ps, present, now);
    i = bindKey(ps, i, key);
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next() ? Optional.of(Rows.read(rs, table)) : Optional.empty();
    }
  }

  /**
   * Inserts {@code record} (the token with a new id) or, if the row its key names exists by now, sets the token's
   * present fields on that row, in one statement; only where the dialect has an {@linkplain Dialect#upsert
   * upsert}. Another unique value that is taken still fails the statement with a unique violation.
   *
   * @return the record as stored, or empty if the statement changed no row of this key (a unique value of
   *     another record stood in the way, or a hash matched another value): the caller runs the save again
   */
  Optional<OAuthToken> upsert(Session s, MatchKey key, OAuthToken token, OAuthToken record) throws SQLException {
    String[] now = Rows.values(token);
    int present = settable(now, key);
    int shape = shape(present, key);
    PreparedStatement ps = s.prepare(upserts.computeIfAbsent(shape, k -> upsertSql(k & 0xffff, key.field())));
    ps.setString(1, record.id());
    Rows.bindFields(ps, 2, record);
    if (dialect.kind() == Dialect.Kind.POSTGRESQL) {
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(Rows.read(rs, table)) : Optional.empty();
      }
    }
    ps.executeUpdate();
    // MySQL returns no row: read it back, locked, and check that it is this key's row with the token's values.
    Optional<OAuthToken> stored = find(s, key, true);
    return stored.filter(r -> r.equals(Tokens.merge(r, token)));
  }

  private String upsertSql(int present, MatchKey.Field key) {
    String keyColumn = uniqueColumnOrId(key);
    List<String> set = new ArrayList<>();
    if (dialect.kind() == Dialect.Kind.POSTGRESQL) {
      for (String column : changedColumns(present)) {
        set.add(column + " = EXCLUDED." + column);
      }
      if (set.isEmpty()) {
        set.add(keyColumn + " = EXCLUDED." + keyColumn);
      }
      String sameValue = key == MatchKey.Field.ID || !dialect.hashedKeys() ? ""
          : " WHERE " + table + "." + key.column() + " = EXCLUDED." + key.column();
      return insert + " ON CONFLICT (" + keyColumn + ") DO UPDATE SET " + String.join(", ", set) + sameValue
          + " RETURNING " + COLUMNS;
    }
    // Any unique value may raise the conflict: update only the row of this key, never another record's. The
    // key's columns are not set, so every IF sees them as they were.
    String guard = key.column() + " = VALUES(" + key.column() + ")";
    for (String column : changedColumns(present)) {
      set.add(column + " = IF(" + guard + ", VALUES(" + column + "), " + column + ")");
    }
    if (set.isEmpty()) {
      set.add("id = id");
    }
    return insert + " ON DUPLICATE KEY UPDATE " + String.join(", ", set);
  }

  private String uniqueColumnOrId(MatchKey.Field field) {
    return field == MatchKey.Field.ID ? "id" : definition.uniqueColumn(field);
  }

  // The value columns in a bit set of ZOHO_COLUMNS without id. (Hash columns follow their values by themselves.)
  private static List<String> changedColumns(int changed) {
    List<String> columns = new ArrayList<>();
    for (int c = 0; c < ZOHO_COLUMNS.size() - 1; c++) {
      if ((changed & (1 << c)) != 0) {
        columns.add(ZOHO_COLUMNS.get(c + 1));
      }
    }
    return columns;
  }

  /**
   * Writes the columns that differ between {@code previous} and {@code t}, and no other: an unchanged key column
   * is not in the SET list, so its index is left alone (SQLite rewrites the index of every column it sets).
   */
  void update(Session s, OAuthToken t, OAuthToken previous) throws SQLException {
    String[] now = Rows.values(t);
    int changed = changed(now, Rows.values(previous));
    if (changed == 0) {
      return;
    }
    PreparedStatement ps = s.prepare(updates.computeIfAbsent(changed, k -> updateSql(k, MatchKey.Field.ID)));
    int i = Rows.bindChanged(ps, changed, now);
    ps.setString(i, t.id());
    ps.executeUpdate();
  }

  /**
   * {@link #update}, but only if the row still holds every value of {@code previous}: a compare-and-set in one
   * auto-committed statement, so that {@code record} is exactly what it stored.
   *
   * @return false if another writer changed or deleted the row since {@code previous} was read, or the row holds a
   *     value in a form other than the one it reads as (an expiry written {@code " 0123"}): the caller's
   *     transaction path then writes it
   * @throws IllegalArgumentException if {@code record} changes nothing of {@code previous}
   */
  boolean updateIfUnchanged(Session s, OAuthToken record, OAuthToken previous) throws SQLException {
    String[] now = Rows.values(record);
    String[] before = Rows.values(previous);
    int changed = changed(now, before);
    if (changed == 0) {
      throw new IllegalArgumentException("nothing to update");
    }
    PreparedStatement ps = s.prepare(updatesIfUnchanged.computeIfAbsent(changed, k -> {
      List<String> same = new ArrayList<>();
      for (int c = 1; c < ZOHO_COLUMNS.size(); c++) {
        same.add(dialect.unchanged(ZOHO_COLUMNS.get(c)));
      }
      return updateSql(k, MatchKey.Field.ID) + " AND " + String.join(" AND ", same);
    }));
    int i = Rows.bindChanged(ps, changed, now);
    ps.setString(i++, record.id());
    for (String value : before) {
      Rows.setNullable(ps, i++, value);
    }
    return ps.executeUpdate() == 1;
  }

  // The columns whose values differ, in a bit set as settable() makes.
  private static int changed(@Nullable String[] now, @Nullable String[] before) {
    int changed = 0;
    for (int c = 0; c < now.length; c++) {
      if (!Objects.equals(now[c], before[c])) {
        changed |= 1 << c;
      }
    }
    return changed;
  }

  // Column c of ZOHO_COLUMNS (without id, so c = 0 is user_name) and its unique field, if it is one.
  private static MatchKey.@Nullable Field uniqueField(int c) {
    TokenField field = FIELDS[c + 1];
    for (MatchKey.Field f : Tokens.UNIQUE_FIELDS) {
      if (f.tokenField() == field) {
        return f;
      }
    }
    return null;
  }

  private String updateSql(int changed, MatchKey.Field key) {
    List<String> set = new ArrayList<>();
    for (String column : changedColumns(changed)) {
      set.add(column + " = ?");
    }
    return "UPDATE " + table + " SET " + String.join(", ", set) + " WHERE " + where(key);
  }

  boolean delete(Session s, String id) throws SQLException {
    PreparedStatement ps = s.prepare(deleteById);
    ps.setString(1, id);
    return ps.executeUpdate() > 0;
  }

  void deleteAll(Session s) throws SQLException {
    s.prepare(deleteAll).executeUpdate();
    // An emptied table starts its sequence again at 1, as a scan would find it (and as Zoho's SDKs number it).
    lastId.set(-1);
  }
}
