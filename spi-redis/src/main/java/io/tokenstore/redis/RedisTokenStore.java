package io.tokenstore.redis;

import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.ValueScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.MapOutput;
import io.lettuce.core.output.NestedMultiOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.tokenstore.DuplicateTokenException;
import io.tokenstore.OAuthToken;
import io.tokenstore.spi.AbstractLeasingTokenStore;
import io.tokenstore.spi.Lease;
import io.tokenstore.spi.MatchKey;
import io.tokenstore.spi.TokenField;
import io.tokenstore.spi.Tokens;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * One shared, thread-safe Lettuce connection; every call but {@code getTokens} is one round trip. Scripts are
 * loaded once and called by digest; after a server restart (which forgets them) they are loaded again. A lease is
 * a key beside the record's ({@code SET NX PX}, the server's clock), checked by the save script for a fenced save
 * and deleted by its holder alone; a record's counted refreshes are a sorted set beside it, which expires with its
 * last count.
 */
final class RedisTokenStore extends AbstractLeasingTokenStore {
  // A record hash holds each field under its Zoho column name, as TokenField's text (expiry in epoch millis).
  private static final TokenField[] FIELDS = TokenField.values();
  private static final int BATCH = 500;
  private static final int MAX_ID_ATTEMPTS = 10;

  private final RedisClusterCommands<String, String> sync;
  private final RedisClusterAsyncCommands<String, String> async;
  private final String keyPrefix;
  private final String[] idsKey;
  private final Duration timeout;
  private final AutoCloseable connection;
  private final Script save = new Script("save.lua");
  private final Script find = new Script("find.lua");
  private final Script delete = new Script("delete.lua");
  private final Script release = new Script("release.lua");
  private final Script count = new Script("count.lua");

  RedisTokenStore(RedisClusterCommands<String, String> sync, RedisClusterAsyncCommands<String, String> async,
      String prefix, Duration timeout, String description, String uri, AutoCloseable connection) {
    super(description + " prefix " + prefix, uri);
    this.sync = sync;
    this.async = async;
    this.keyPrefix = "{" + prefix + "}";
    this.idsKey = new String[] {keyPrefix + "ids"};
    this.timeout = timeout;
    this.connection = connection;
  }

  /** A script's text and digest; loaded on first use and again when the server has forgotten it. */
  private final class Script {
    private final String text;
    private volatile @Nullable String digest;

    Script(String resource) {
      try (InputStream in = RedisTokenStore.class.getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException("missing script " + resource);
        }
        this.text = withColumns(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** Calls the script for a reply that holds token values, which Lettuce's DEBUG line must not show. */
    List<Object> records(String... args) {
      String d = digest;
      if (d == null) {
        d = digest = sync.scriptLoad(text);
      }
      try {
        return sync.dispatch(CommandType.EVALSHA, new UnloggedList(), evalsha(d, args));
      } catch (RedisNoScriptException e) {
        digest = sync.scriptLoad(text);
        return sync.dispatch(CommandType.EVALSHA, new UnloggedList(), evalsha(digest, args));
      }
    }

    <T> T call(ScriptOutputType type, String... args) {
      String d = digest;
      if (d == null) {
        d = digest = sync.scriptLoad(text);
      }
      try {
        return sync.evalsha(d, type, idsKey, args);
      } catch (RedisNoScriptException e) {
        digest = sync.scriptLoad(text);
        return sync.evalsha(digest, type, idsKey, args);
      }
    }

    private CommandArgs<String, String> evalsha(String d, String... args) {
      return new CommandArgs<>(StringCodec.UTF8).add(d).add(1).addKey(idsKey[0]).addValues(args);
    }
  }

  // The scripts' column lists are TokenField's, put in for their placeholders, so they cannot disagree with it.
  private static String withColumns(String resource, String script) {
    String s = script
        .replace("@COLUMNS@", lua(Arrays.stream(FIELDS).map(TokenField::column)))
        .replace("@UNIQUE_COLUMNS@", lua(Tokens.UNIQUE_FIELDS.stream().map(MatchKey.Field::column)));
    if (s.indexOf('@') >= 0) {
      throw new IllegalStateException("script " + resource + " has a placeholder this store does not fill");
    }
    return s;
  }

  private static String lua(Stream<String> columns) {
    return columns.map(c -> "'" + c + "'").collect(Collectors.joining(", "));
  }

  // Lettuce logs every command it completes, with its output's toString, at DEBUG: replies that hold token values
  // go to these outputs, which do not show them (ERR-3).
  private static final class UnloggedList extends NestedMultiOutput<String, String> {
    UnloggedList() {
      super(StringCodec.UTF8);
    }

    @Override
    public String toString() {
      return "NestedMultiOutput [token values not shown]";
    }
  }

  private static final class UnloggedMap extends MapOutput<String, String> {
    UnloggedMap() {
      super(StringCodec.UTF8);
    }

    @Override
    public String toString() {
      return "MapOutput [token values not shown]";
    }
  }

  private Map<String, String> hgetall(String id) {
    return sync.dispatch(CommandType.HGETALL, new UnloggedMap(),
        new CommandArgs<>(StringCodec.UTF8).addKey(recordKey(id)));
  }

  @Override
  protected Optional<OAuthToken> find(MatchKey key) {
    if (key.field() == MatchKey.Field.ID) {
      return record(hgetall(key.value()));
    }
    return record(pairs(find.records(keyPrefix, key.field().column(), key.value())));
  }

  @Override
  protected OAuthToken save(OAuthToken token) {
    return save(token, null).orElseThrow();
  }

  @Override
  protected boolean lease(Lease lease, Duration time) {
    return "OK".equals(sync.set(keyPrefix + "lease:" + lease.id(), lease.holder(),
        SetArgs.Builder.nx().px(time.toMillis())));
  }

  @Override
  protected Optional<OAuthToken> saveIfLive(Lease lease, OAuthToken token) {
    return save(token, lease.holder());
  }

  @Override
  protected boolean releaseIfLive(Lease lease) {
    Long released = release.call(ScriptOutputType.INTEGER, keyPrefix, lease.id(), lease.holder());
    return released != null && released > 0;
  }

  @Override
  protected Optional<Duration> countIfLive(Lease lease, int budget, Duration window) {
    Long wait = count.call(ScriptOutputType.INTEGER, keyPrefix, lease.id(), lease.holder(), String.valueOf(budget),
        String.valueOf(window.toMillis()));
    return wait == null || wait < 0 ? Optional.empty() : Optional.of(Duration.ofMillis(wait));
  }

  // Empty if the save was fenced by a holder whose lease is no longer live.
  private Optional<OAuthToken> save(OAuthToken token, @Nullable String holder) {
    Optional<MatchKey> key = MatchKey.of(token);
    String[] args = new String[4 + FIELDS.length + (holder == null ? 0 : 1)];
    if (holder != null) {
      args[args.length - 1] = holder;
    }
    args[0] = keyPrefix;
    args[1] = key.map(k -> k.field().column()).orElse("");
    args[2] = key.map(MatchKey::value).orElse("");
    String[] values = values(token);
    System.arraycopy(values, 0, args, 4, values.length);
    for (int attempt = 0; attempt < MAX_ID_ATTEMPTS; attempt++) {
      args[3] = Tokens.randomId();
      List<Object> reply = save.records(args);
      String status = (String) reply.get(0);
      if (status.equals("ok")) {
        return Optional.of(record(pairs(reply.subList(1, reply.size()))).orElseThrow());
      }
      if (status.equals("lease-lost")) {
        return Optional.empty();
      }
      if (status.equals("dup")) {
        throw new DuplicateTokenException(property((String) reply.get(1)));
      }
      // "id-taken": a random id collided; draw another.
    }
    throw new IllegalStateException(MAX_ID_ATTEMPTS + " random ids in a row were taken");
  }

  private static String property(String column) {
    for (TokenField f : FIELDS) {
      if (f.column().equals(column)) {
        return f.property();
      }
    }
    return column;
  }

  @Override
  protected boolean delete(String id) {
    Long deleted = delete.call(ScriptOutputType.INTEGER, keyPrefix, id, "0");
    return deleted != null && deleted > 0;
  }

  @Override
  protected List<OAuthToken> list() {
    Map<String, OAuthToken> all = new LinkedHashMap<>();
    ScanCursor cursor = ScanCursor.INITIAL;
    ScanArgs batch = ScanArgs.Builder.limit(BATCH);
    do {
      ValueScanCursor<String> page = sync.sscan(idsKey[0], cursor, batch);
      List<RedisFuture<Map<String, String>>> records = new ArrayList<>();
      for (String id : page.getValues()) {
        records.add(async.dispatch(CommandType.HGETALL, new UnloggedMap(),
            new CommandArgs<>(StringCodec.UTF8).addKey(recordKey(id))));
      }
      for (RedisFuture<Map<String, String>> f : records) {
        record(LettuceFutures.awaitOrCancel(f, timeout.toMillis(), TimeUnit.MILLISECONDS))
            .ifPresent(t -> all.put(t.id(), t));
      }
      cursor = page;
    } while (!cursor.isFinished());
    return List.copyOf(all.values());
  }

  @Override
  protected void deleteAll() {
    Long deleted;
    do {
      deleted = delete.call(ScriptOutputType.INTEGER, keyPrefix, "", String.valueOf(BATCH));
    } while (deleted != null && deleted > 0);
  }

  @Override
  protected void closeBackend() {
    try {
      connection.close();
    } catch (Exception e) {
      throw new IllegalStateException("closing the Redis connection failed", e);
    }
  }

  private String recordKey(String id) {
    return keyPrefix + "t:" + id;
  }

  // The token's fields in Zoho's column order, "" for absent, as save.lua takes them.
  private static String[] values(OAuthToken t) {
    String[] v = new String[FIELDS.length];
    for (int i = 0; i < v.length; i++) {
      String text = FIELDS[i].text(t);
      v[i] = text == null ? "" : text;
    }
    return v;
  }

  private static Map<String, String> pairs(List<Object> flat) {
    Map<String, String> map = new HashMap<>();
    for (int i = 0; i + 1 < flat.size(); i += 2) {
      map.put((String) flat.get(i), (String) flat.get(i + 1));
    }
    return map;
  }

  private static Optional<OAuthToken> record(Map<String, String> h) {
    if (h.isEmpty() || h.get(TokenField.ID.column()) == null) {
      return Optional.empty();
    }
    OAuthToken.Builder b = OAuthToken.builder();
    for (TokenField f : FIELDS) {
      f.set(b, h.get(f.column()));
    }
    return Optional.of(b.build());
  }
}
