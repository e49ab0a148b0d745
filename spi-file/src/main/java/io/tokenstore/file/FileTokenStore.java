package io.tokenstore.file;

import io.tokenstore.OAuthToken;
import io.tokenstore.TokenStoreException;
import io.tokenstore.spi.AbstractTokenStore;
import io.tokenstore.spi.MatchKey;
import io.tokenstore.spi.Tokens;
import java.io.IOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * The token file, mirrored in memory. Readers use the mirror while the file's identity (inode), size and
 * modification time are unchanged; a write takes the JVM's lock for the path, then the lock file, re-reads the
 * file if another process changed it, applies the save rules, and replaces the file atomically.
 */
final class FileTokenStore extends AbstractTokenStore {
  // FileLock is held per JVM, not per thread or channel: one lock object per path keeps this JVM's writers apart.
  private static final Map<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  private final Path file;
  private final Path lockFile;
  private final ReentrantLock jvmLock;
  private volatile Snapshot snapshot = Snapshot.EMPTY;

  FileTokenStore(Path file, String description) {
    super(description);
    this.file = file.toAbsolutePath().normalize();
    this.lockFile = this.file.resolveSibling(this.file.getFileName() + ".lock");
    this.jvmLock = JVM_LOCKS.computeIfAbsent(this.file, p -> new ReentrantLock());
    try {
      write(() -> {
        if (!Files.exists(this.file)) {
          replace(ZohoCsv.JAVA, List.of());
        }
        return null;
      });
    } catch (RuntimeException e) {
      throw new TokenStoreException("open failed for " + this + ": " + e.getClass().getName(), e);
    }
  }

  /** What the file held when last read, indexed; immutable. */
  private static final class Snapshot {
    static final Snapshot EMPTY = new Snapshot(null, ZohoCsv.JAVA, List.of());

    final @Nullable Stamp stamp;
    final ZohoCsv format;
    final List<OAuthToken> tokens;
    final Map<String, OAuthToken> byId = new HashMap<>();
    final Map<MatchKey.Field, Map<String, OAuthToken>> byValue = new EnumMap<>(MatchKey.Field.class);

    Snapshot(@Nullable Stamp stamp, ZohoCsv format, List<OAuthToken> tokens) {
      this.stamp = stamp;
      this.format = format;
      this.tokens = List.copyOf(tokens);
      for (MatchKey.Field f : Tokens.UNIQUE_FIELDS) {
        byValue.put(f, new HashMap<>());
      }
      for (OAuthToken t : tokens) {
        byId.put(t.id(), t);
        for (MatchKey.Field f : Tokens.UNIQUE_FIELDS) {
          String v = f.of(t);
          if (v != null) {
            byValue.get(f).putIfAbsent(v, t);
          }
        }
      }
    }

    Optional<OAuthToken> find(MatchKey key) {
      Map<String, OAuthToken> index = key.field() == MatchKey.Field.ID ? byId : byValue.get(key.field());
      return Optional.ofNullable(index.get(key.value()));
    }
  }

  /** Identifies one version of the file: a replace makes a new inode, so a change is seen even within a tick. */
  private static final class Stamp {
    final @Nullable Object fileKey;
    final long size;
    final long modified;

    Stamp(BasicFileAttributes a) {
      this.fileKey = a.fileKey();
      this.size = a.size();
      this.modified = a.lastModifiedTime().toMillis();
    }

    @Override
    public boolean equals(@Nullable Object o) {
      return o instanceof Stamp && Objects.equals(fileKey, ((Stamp) o).fileKey) && size == ((Stamp) o).size
          && modified == ((Stamp) o).modified;
    }

    @Override
    public int hashCode() {
      return Objects.hash(fileKey, size, modified);
    }
  }

  private @Nullable Stamp stamp() throws IOException {
    try {
      return new Stamp(Files.readAttributes(file, BasicFileAttributes.class));
    } catch (java.nio.file.NoSuchFileException e) {
      return null;
    }
  }

  /** The current content, read again only if the file changed since the last read. */
  private Snapshot current() {
    try {
      Stamp now = stamp();
      Snapshot s = snapshot;
      if (now != null && now.equals(s.stamp)) {
        return s;
      }
      synchronized (this) {
        s = snapshot;
        now = stamp();
        if (now == null || !now.equals(s.stamp)) {
          s = read();
          snapshot = s;
        }
        return s;
      }
    } catch (IOException e) {
      throw new TokenStoreException("cannot read " + file, e);
    }
  }

  private Snapshot read() throws IOException {
    for (int attempt = 0; ; attempt++) {
      Stamp before = stamp();
      if (before == null) {
        return Snapshot.EMPTY;
      }
      String text = Files.readString(file, StandardCharsets.UTF_8);
      // The file is only ever replaced whole; if it was replaced while being read, read the new one.
      if (before.equals(stamp()) || attempt >= 10) {
        ZohoCsv.Content content = ZohoCsv.parse(text);
        return new Snapshot(before, content.format, content.tokens);
      }
    }
  }

  @FunctionalInterface
  private interface Write<T> {
    T run() throws IOException;
  }

  private <T> T write(Write<T> work) {
    jvmLock.lock();
    try (FileChannel lock = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock held = lock.lock()) {
      return work.run();
    } catch (IOException e) {
      throw new TokenStoreException("cannot write " + file, e);
    } finally {
      jvmLock.unlock();
    }
  }

  // Called with both locks held: temporary file, sync, atomic replace, sync the folder.
  private void replace(ZohoCsv format, List<OAuthToken> tokens) throws IOException {
    Path dir = file.getParent();
    Path tmp = createTemp(dir);
    try {
      try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
          Writer out = Channels.newWriter(channel, StandardCharsets.UTF_8)) {
        format.write(out, tokens);
        out.flush();
        channel.force(true);
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException("the file system cannot replace " + file + " atomically", e);
      }
      syncDirectory(dir);
    } finally {
      Files.deleteIfExists(tmp);
    }
    snapshot = new Snapshot(stamp(), format, tokens);
  }

  private Path createTemp(Path dir) throws IOException {
    String prefix = "." + file.getFileName() + ".";
    try {
      FileAttribute<Set<PosixFilePermission>> ownerOnly = PosixFilePermissions.asFileAttribute(OWNER_ONLY);
      if (Files.exists(file)) {
        // A replaced file keeps the permissions it had.
        Path tmp = Files.createTempFile(dir, prefix, ".tmp", ownerOnly);
        Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(file));
        return tmp;
      }
      return Files.createTempFile(dir, prefix, ".tmp", ownerOnly);
    } catch (UnsupportedOperationException e) {
      return Files.createTempFile(dir, prefix, ".tmp");
    } catch (FileAlreadyExistsException e) {
      throw new IOException("temporary file clash in " + dir, e);
    }
  }

  private static void syncDirectory(Path dir) {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException e) {
      // Some platforms cannot open a folder; the rename itself is still atomic.
    }
  }

  @Override
  protected Optional<OAuthToken> find(MatchKey key) {
    return current().find(key);
  }

  @Override
  protected OAuthToken save(OAuthToken token) {
    return write(() -> {
      Snapshot s = current();
      Tokens.Upsert upsert = Tokens.upsert(withSequenceId(token, s), s::find, s.byId::containsKey);
      Map<String, OAuthToken> records = new LinkedHashMap<>();
      s.tokens.forEach(t -> records.put(t.id(), t));
      records.put(upsert.record().id(), upsert.record());
      ZohoCsv format = s.format;
      if (!format.hasApiDomain() && upsert.record().apiDomain() != null) {
        format = format.withApiDomain();
      }
      replace(format, new ArrayList<>(records.values()));
      return upsert.record();
    });
  }

  // The Zoho SDKs give ids as numbers and continue the sequence: an insert without an id gets max + 1.
  private static OAuthToken withSequenceId(OAuthToken token, Snapshot s) {
    if (token.id() != null || MatchKey.of(token).flatMap(s::find).isPresent()) {
      return token;
    }
    long max = 0;
    for (OAuthToken t : s.tokens) {
      try {
        max = Math.max(max, Long.parseLong(t.id()));
      } catch (NumberFormatException notNumeric) {
        // Not part of the sequence.
      }
    }
    return token.toBuilder().id(Long.toString(max + 1)).build();
  }

  @Override
  protected boolean delete(String id) {
    return write(() -> {
      Snapshot s = current();
      if (!s.byId.containsKey(id)) {
        return false;
      }
      List<OAuthToken> rest = new ArrayList<>(s.tokens);
      rest.removeIf(t -> id.equals(t.id()));
      replace(s.format, rest);
      return true;
    });
  }

  @Override
  protected List<OAuthToken> list() {
    return current().tokens;
  }

  @Override
  protected void deleteAll() {
    write(() -> {
      replace(current().format, List.of());
      return null;
    });
  }

  @Override
  protected void closeBackend() {
    snapshot = Snapshot.EMPTY;
  }
}
