package io.tokenstore.mongo;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import io.tokenstore.DuplicateTokenException;
import io.tokenstore.OAuthToken;
import io.tokenstore.spi.AbstractLeasingTokenStore;
import io.tokenstore.spi.Lease;
import io.tokenstore.spi.MatchKey;
import io.tokenstore.spi.TokenField;
import io.tokenstore.spi.Tokens;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.jspecify.annotations.Nullable;

/**
 * One collection, one document per token. A save is one atomic {@code findOneAndUpdate} with upsert on the match
 * key; the unique indexes decide races. A duplicate-key error is diagnosed, not parsed (the server's message
 * quotes the value): the save reads the record it would write and looks up each unique value; a value held by
 * another record is a {@link io.tokenstore.DuplicateTokenException}, otherwise it was a lost race and the save
 * runs again, as an update.
 *
 * <p>A lease lives in the record's own document, under {@value #LEASE} (holder and expiry, a BSON date), which no
 * record shows: MongoDB updates one document atomically, so the grant, the fenced save and the release are each one
 * conditional update of it, and no lease is granted on an id without a record. The expiry goes by the client's
 * clock, a date sent in each filter (the server's would need {@code $expr} with {@code $$NOW}, MongoDB 4.2 and
 * later; not done). Counted refreshes are a list of dates under {@value #COUNTS}, replaced by a conditional update
 * that expects the live lease and the list as read.
 */
final class MongoTokenStore extends AbstractLeasingTokenStore {
  static final String LEASE = "_tokenstore_lease";
  private static final String HOLDER = LEASE + ".holder";
  private static final String UNTIL = LEASE + ".until";
  // When each counted refresh leaves its window (BSON dates), beside the lease: a release unsets the lease alone.
  static final String COUNTS = "_tokenstore_refreshes";

  private static final int MAX_ATTEMPTS = 10;
  private static final TokenField[] FIELDS = TokenField.values();

  private final MongoClient client;
  private final MongoCollection<Document> collection;

  MongoTokenStore(MongoClient client, MongoCollection<Document> collection, String description, String uri) {
    super(description, uri);
    this.client = client;
    this.collection = collection;
    for (MatchKey.Field f : Tokens.UNIQUE_FIELDS) {
      collection.createIndex(Indexes.ascending(f.column()), new IndexOptions().unique(true).sparse(true)
          .name(f.column() + "_unique"));
    }
  }

  private static String field(MatchKey.Field f) {
    return field(f.tokenField());
  }

  // A document holds each field under its Zoho column name, the id as _id; the expiry time as a BSON date.
  private static String field(TokenField f) {
    return f == TokenField.ID ? "_id" : f.column();
  }

  @Override
  protected Optional<OAuthToken> find(MatchKey key) {
    return Optional.ofNullable(collection.find(Filters.eq(field(key.field()), key.value())).first())
        .map(MongoTokenStore::token);
  }

  @Override
  protected OAuthToken save(OAuthToken token) {
    return save(token, null).orElseThrow();
  }

  @Override
  protected boolean lease(Lease lease, Duration time) {
    Date now = new Date();
    return collection.updateOne(Filters.and(Filters.eq("_id", lease.id()),
            Filters.or(Filters.exists(UNTIL, false), Filters.lte(UNTIL, now))),
        Updates.combine(Updates.set(HOLDER, lease.holder()), Updates.set(UNTIL, new Date(now.getTime()
            + time.toMillis())))).getMatchedCount() == 1;
  }

  @Override
  protected Optional<OAuthToken> saveIfLive(Lease lease, OAuthToken token) {
    return save(token, lease);
  }

  @Override
  protected boolean releaseIfLive(Lease lease) {
    return collection.updateOne(live(lease), Updates.unset(LEASE)).getMatchedCount() == 1;
  }

  @Override
  protected Optional<Duration> countIfLive(Lease lease, int budget, Duration window) {
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      Document doc = collection.find(live(lease)).projection(Projections.include(COUNTS)).first();
      if (doc == null) {
        return Optional.empty();
      }
      List<Date> read = doc.getList(COUNTS, Date.class);
      long now = System.currentTimeMillis();
      List<Date> ends = new ArrayList<>();
      if (read != null) {
        read.stream().filter(end -> end.getTime() > now).forEach(ends::add);
      }
      long wait = Tokens.untilRoom(ends.stream().map(Date::getTime).collect(Collectors.toList()), now, budget);
      if (wait > 0) {
        return Optional.of(Duration.ofMillis(wait));
      }
      ends.add(new Date(now + window.toMillis()));
      Bson asRead = read == null ? Filters.exists(COUNTS, false) : Filters.eq(COUNTS, read);
      if (collection.updateOne(Filters.and(live(lease), asRead), Updates.set(COUNTS, ends)).getMatchedCount() == 1) {
        return Optional.of(Duration.ZERO);
      }
      // The lease ended, or another object counted under it since the read: read again.
    }
    throw new IllegalStateException("countRefresh lost " + MAX_ATTEMPTS + " races in a row");
  }

  private static Bson live(Lease lease) {
    return Filters.and(Filters.eq("_id", lease.id()), Filters.eq(HOLDER, lease.holder()),
        Filters.gt(UNTIL, new Date()));
  }

  // Under a lease: an update of the leased record only while the lease is live; empty when it is not.
  private Optional<OAuthToken> save(OAuthToken token, @Nullable Lease lease) {
    Optional<MatchKey> key = MatchKey.of(token);
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      try {
        if (lease != null) {
          return leasedUpdate(lease, token);
        }
        return Optional.of(key.isPresent() ? upsert(key.get(), token) : insert(token));
      } catch (MongoException e) {
        if (!isDuplicateKey(e)) {
          throw e;
        }
        // Throws DuplicateTokenException if another record holds a value; otherwise a lost race: go again.
        OAuthToken current = key.flatMap(this::find).orElse(null);
        OAuthToken record = current != null ? Tokens.merge(current, token) : token;
        try {
          Tokens.checkUnique(record, current, this::find);
        } catch (DuplicateTokenException d) {
          // The holder of the match key's own value is the record this save updates, inserted (again) by another
          // writer since the read above, e.g. a save racing a delete: not another record, so go again.
          if (key.isEmpty() || !d.field().equals(key.get().field().property())) {
            throw d;
          }
        }
      }
    }
    throw new IllegalStateException("saveToken lost " + MAX_ATTEMPTS + " races in a row");
  }

  private Optional<OAuthToken> leasedUpdate(Lease lease, OAuthToken token) {
    List<Bson> set = sets(token);
    if (set.isEmpty()) {
      return Optional.ofNullable(collection.find(live(lease)).first()).map(MongoTokenStore::token);
    }
    return Optional.ofNullable(collection.findOneAndUpdate(live(lease), Updates.combine(set),
        new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER))).map(MongoTokenStore::token);
  }

  // A $set of each present field but the id: fields left out keep their values, and so does a lease.
  private static List<Bson> sets(OAuthToken token) {
    List<Bson> set = new ArrayList<>();
    Document fields = document(token);
    fields.remove("_id");
    fields.forEach((name, value) -> set.add(Updates.set(name, value)));
    return set;
  }

  private OAuthToken upsert(MatchKey key, OAuthToken token) {
    List<Bson> set = sets(token);
    if (key.field() != MatchKey.Field.ID) {
      set.add(Updates.setOnInsert("_id", Tokens.randomId()));
    } else if (set.isEmpty()) {
      // A bare id: nothing to update, and an update may not be empty. A lost insert race lands in save's retry.
      Optional<OAuthToken> existing = find(key);
      return existing.isPresent() ? existing.get() : insert(token);
    }
    Document saved = collection.findOneAndUpdate(Filters.eq(field(key.field()), key.value()), Updates.combine(set),
        new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
    return token(saved);
  }

  private OAuthToken insert(OAuthToken token) {
    Document doc = document(token);
    doc.put("_id", token.id() != null ? token.id() : Tokens.randomId());
    collection.insertOne(doc);
    return token(doc);
  }

  private static boolean isDuplicateKey(MongoException e) {
    if (e instanceof MongoWriteException) {
      return ((MongoWriteException) e).getError().getCategory() == ErrorCategory.DUPLICATE_KEY;
    }
    if (e instanceof MongoCommandException) {
      return ErrorCategory.fromErrorCode(((MongoCommandException) e).getErrorCode()) == ErrorCategory.DUPLICATE_KEY;
    }
    return e.getCode() == 11000 || e.getCode() == 11001;
  }

  @Override
  protected boolean delete(String id) {
    return collection.deleteOne(Filters.eq("_id", id)).getDeletedCount() > 0;
  }

  @Override
  protected List<OAuthToken> list() {
    List<OAuthToken> all = new ArrayList<>();
    for (Document d : collection.find().batchSize(1000)) {
      all.add(token(d));
    }
    return all;
  }

  @Override
  protected void deleteAll() {
    collection.deleteMany(new Document());
  }

  @Override
  protected void closeBackend() {
    client.close();
  }

  // The present fields in Zoho's order (the order they have in the document).
  private static Document document(OAuthToken t) {
    Document d = new Document();
    for (TokenField f : FIELDS) {
      if (f == TokenField.EXPIRY_TIME) {
        if (t.expiryTime() != null) {
          d.put(field(f), Date.from(t.expiryTime()));
        }
      } else {
        String value = f.text(t);
        if (value != null) {
          d.put(field(f), value);
        }
      }
    }
    return d;
  }

  private static OAuthToken token(Document d) {
    OAuthToken.Builder b = OAuthToken.builder();
    for (TokenField f : FIELDS) {
      if (f == TokenField.ID) {
        // Whatever type another writer gave the _id.
        b.id(String.valueOf(d.get("_id")));
      } else if (f == TokenField.EXPIRY_TIME) {
        Date expiry = d.getDate(field(f));
        b.expiryTime(expiry == null ? null : Instant.ofEpochMilli(expiry.getTime()));
      } else {
        f.set(b, d.getString(field(f)));
      }
    }
    return b.build();
  }
}
