package io.tokenstore.file;

import io.tokenstore.OAuthToken;
import io.tokenstore.TokenStoreException;
import io.tokenstore.spi.AbstractLeasingTokenStore;
import io.tokenstore.spi.Lease;
import io.tokenstore.spi.MatchKey;
import io.tokenstore.spi.Tokens;
import java.io.IOException;
import java.io.Writer;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The token file, mirrored in memory. Readers use the mirror while the file's identity (inode), size and
 * modification time are unchanged, and never write (no lock file: a writer replaces the file whole, so a reader
 * sees a whole file). A write takes the JVM-wide monitor of the lock file, then the lock file's OS lock, re-reads
 * the file if another process changed it, applies the save rules, and replaces the file atomically, keeping its
 * owner, group and mode. A symlinked file is written through to its target, resolved when the store opens.
 *
 * <p>Leases live in a file beside it ({@code NAME.leases}: a line per record with a live lease or a live count:
 * the URL-encoded record id, the holder and the expiry in epoch milliseconds, then, if refreshes of the record are
 * counted against its budget, when each count leaves its window, comma-separated), read and written only under
 * both locks, as the fenced save's check is; the expiry goes by the clock of the machine, which every process
 * sharing a local file shares.
 */
final class FileTokenStore extends AbstractLeasingTokenStore {
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
  // Zoho's id column is varchar(10), and the contract allows ten characters.
  private static final String TEMPORARY_MARK = "tokenstore-";

  /** The path as given, for messages. */
  private final Path file;
  /** The real file: symlinks resolved, so every path to one file shares one lock and is written in place. */
  private final Path target;
  private final Path lockFile;
  private final Path leaseFile;
  private final Object jvmLock;
  private volatile Snapshot snapshot = Snapshot.EMPTY;

  @SuppressWarnings("NullAway") // work of type Void returns null
  FileTokenStore(Path file, String description, boolean create) {
    super(description);
    this.file = file.toAbsolutePath().normalize();
    Path real;
    try {
      real = realTarget(file.toAbsolutePath());
    } catch (NoSuchFileException e) {
      throw create ? new TokenStoreException("cannot open " + this.file + ": its folder does not exist", e)
          : noSuchStore();
    } catch (IOException e) {
      throw new TokenStoreException("cannot open " + this.file + ": " + describe(e), e);
    }
    this.target = real;
    this.lockFile = target.resolveSibling(target.getFileName() + ".lock");
    this.leaseFile = target.resolveSibling(target.getFileName() + ".leases");
    this.jvmLock = jvmLock(lockFile);
    if (Files.exists(target)) {
      current(); // refuses a file it cannot keep whole, before anything is written to it
    } else if (!create) {
      throw noSuchStore();
    } else {
      write(() -> {
        if (!Files.exists(target)) {
          replace(ZohoCsv.JAVA, List.of());
        }
        return null;
      });
    }
  }

  private TokenStoreException noSuchStore() {
    return new TokenStoreException("no such store: file:" + file);
  }

  /**
   * The monitor that keeps this JVM's writers of one lock file apart, shared by every class loader. An OS file
   * lock belongs to the whole process: a second lock on the same file from this JVM throws
   * OverlappingFileLockException, and on POSIX systems closing any channel to the lock file drops the lock the
   * process holds, so no thread of this JVM may even open the lock file while another holds it. Waiting and
   * retrying on OverlappingFileLockException would not do: the waiter's channel, once closed, would release the
   * holder's lock. A static map would be per class loader (two web applications each have one), so the monitor is
   * the interned string naming the real path of the lock file: interned strings are one per JVM.
   */
  static Object jvmLock(Path lockFile) {
    return ("io.tokenstore.file.FileTokenStore lock " + lockFile).intern();
  }

  /** Follows symlinks to the file they name, which need not exist; its folder must. */
  static Path realTarget(Path file) throws IOException {
    Path p = file;
    for (int hops = 0; Files.isSymbolicLink(p); hops++) {
      if (hops == 40) {
        throw new FileSystemException(file.toString(), null, "too many levels of symbolic links");
      }
      p = p.resolveSibling(Files.readSymbolicLink(p));
    }
    Path folder = Objects.requireNonNull(p.toAbsolutePath().getParent(), "an absolute file has a folder");
    return folder.toRealPath().resolve(p.getFileName().toString());
  }

  /** What the file held when last read, indexed; immutable. */
  private static final class Snapshot {
    static final Snapshot EMPTY = new Snapshot(null, ZohoCsv.JAVA, List.of());

    final @Nullable Stamp stamp;
    final ZohoCsv format;
    final List<ZohoCsv.Row> rows;
    final List<OAuthToken> tokens;
    final Map<String, OAuthToken> byId = new HashMap<>();
    final Map<MatchKey.Field, Map<String, OAuthToken>> byValue = new EnumMap<>(MatchKey.Field.class);

    Snapshot(@Nullable Stamp stamp, ZohoCsv format, List<ZohoCsv.Row> rows) {
      this.stamp = stamp;
      this.format = format;
      this.rows = List.copyOf(rows);
      List<OAuthToken> all = new ArrayList<>(rows.size());
      for (MatchKey.Field f : Tokens.UNIQUE_FIELDS) {
        byValue.put(f, new HashMap<>());
      }
      for (ZohoCsv.Row r : rows) {
        OAuthToken t = r.token;
        all.add(t);
        byId.put(t.id(), t);
        for (MatchKey.Field f : Tokens.UNIQUE_FIELDS) {
          String v = f.of(t);
          if (v != null) {
            Objects.requireNonNull(byValue.get(f)).putIfAbsent(v, t);
          }
        }
      }
      this.tokens = List.copyOf(all);
    }

    Optional<OAuthToken> find(MatchKey key) {
      Map<String, OAuthToken> index = key.field() == MatchKey.Field.ID ? byId
          : Objects.requireNonNull(byValue.get(key.field()));
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
      return new Stamp(Files.readAttributes(target, BasicFileAttributes.class));
    } catch (NoSuchFileException e) {
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
      throw new TokenStoreException("cannot read " + file + ": " + describe(e), e);
    }
  }

  private Snapshot read() throws IOException {
    for (int attempt = 0; ; attempt++) {
      Stamp before = stamp();
      if (before == null) {
        return Snapshot.EMPTY;
      }
      byte[] bytes;
      try {
        bytes = Files.readAllBytes(target);
      } catch (NoSuchFileException e) {
        continue;
      }
      // The file is only ever replaced whole; if it was replaced while being read, read the new one.
      if (before.equals(stamp()) || attempt >= 10) {
        ZohoCsv.Content content = ZohoCsv.parse(bytes);
        return new Snapshot(before, content.format, content.rows);
      }
    }
  }

  /** What went wrong, in words that quote no value: a file problem's message, or the system's reason. */
  private static String describe(IOException e) {
    if (e instanceof FileProblem) {
      return String.valueOf(e.getMessage());
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied on " + ((AccessDeniedException) e).getFile();
    }
    if (e instanceof NoSuchFileException) {
      return "no such file or folder " + ((NoSuchFileException) e).getFile();
    }
    if (e instanceof FileSystemException && ((FileSystemException) e).getReason() != null) {
      return ((FileSystemException) e).getReason() + " (" + ((FileSystemException) e).getFile() + ")";
    }
    return e.getClass().getName();
  }

  @FunctionalInterface
  private interface Write<T> {
    T run() throws IOException;
  }

  private <T> T write(Write<T> work) {
    synchronized (jvmLock) {
      try (FileChannel channel = openLockFile(); FileLock held = channel.lock()) {
        removeStaleTemporaries();
        return work.run();
      } catch (OverlappingFileLockException e) {
        // Only a path this store cannot see as the same file (a hard link, a bind mount) gets here.
        throw new TokenStoreException("cannot lock " + lockFile + ": this JVM holds its lock through another path "
            + "to the same file (a hard link or a bind mount); open every store of it by one path", e);
      } catch (IOException e) {
        throw new TokenStoreException("cannot write " + file + ": " + describe(e), e);
      }
    }
  }

  private @Nullable PosixFileAttributes posixAttributes(Path p) throws IOException {
    try {
      return Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return null;
    } catch (UnsupportedOperationException e) {
      return null;
    }
  }

  // Created on the first write, with the token file's owner and group and a mode that lets the owner write: a
  // lock file that root created for itself would lock the application out of its own tokens.
  private FileChannel openLockFile() throws IOException {
    PosixFileAttributes tokens = posixAttributes(target);
    FileChannel channel;
    try {
      channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
    } catch (NoSuchFileException absent) {
      try {
        Set<OpenOption> create = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        channel = tokens == null && !isPosix() ? FileChannel.open(lockFile, create)
            : FileChannel.open(lockFile, create, PosixFilePermissions.asFileAttribute(lockPermissions(tokens)));
      } catch (FileAlreadyExistsException raced) {
        channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
      }
    } catch (AccessDeniedException e) {
      throw new FileProblem("the lock file " + lockFile + " cannot be opened for writing: give it the owner of "
          + target + ", or delete it");
    }
    if (tokens != null) {
      giveLockFileTo(tokens);
    }
    return channel;
  }

  private boolean isPosix() {
    return target.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  private static Set<PosixFilePermission> lockPermissions(@Nullable PosixFileAttributes tokens) {
    Set<PosixFilePermission> p = EnumSet.copyOf(OWNER_ONLY);
    if (tokens != null) {
      for (PosixFilePermission bit : tokens.permissions()) {
        if (bit.name().endsWith("_READ") || bit.name().endsWith("_WRITE")) {
          p.add(bit);
        }
      }
    }
    return p;
  }

  // Best effort: the lock already works for this process; only the file's owner needs it to.
  private void giveLockFileTo(PosixFileAttributes tokens) {
    try {
      PosixFileAttributeView view = Files.getFileAttributeView(lockFile, PosixFileAttributeView.class,
          LinkOption.NOFOLLOW_LINKS);
      PosixFileAttributes lock = view.readAttributes();
      if (!lock.group().equals(tokens.group())) {
        view.setGroup(tokens.group());
      }
      if (!lock.owner().equals(tokens.owner())) {
        view.setOwner(tokens.owner());
      }
      if (!lock.permissions().containsAll(OWNER_ONLY)) {
        Set<PosixFilePermission> p = EnumSet.copyOf(lock.permissions());
        p.addAll(OWNER_ONLY);
        view.setPermissions(p);
      }
    } catch (IOException | UnsupportedOperationException e) {
      // Not ours to change (we are neither root nor its owner): it stays as it is.
    }
  }

  // Called with both locks held: a temporary file beside the real file, owner-only while the tokens are written,
  // synced, given the file's owner, group and mode, atomically renamed over it; then the folder is synced.
  private void replace(ZohoCsv format, List<ZohoCsv.Row> rows) throws IOException {
    PosixFileAttributes keep = posixAttributes(target);
    Path tmp = createTemporary(target);
    try {
      try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
          Writer out = Channels.newWriter(channel, StandardCharsets.UTF_8)) {
        format.write(out, rows);
        out.flush();
        channel.force(true);
      }
      if (keep != null) {
        keepAttributes(tmp, keep);
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        throw new FileProblem("the file system cannot replace " + target + " atomically");
      }
      syncDirectory(Objects.requireNonNull(target.getParent(), "an absolute file has a folder"));
    } finally {
      Files.deleteIfExists(tmp);
    }
    snapshot = new Snapshot(stamp(), format, rows);
  }

  private void keepAttributes(Path tmp, PosixFileAttributes keep) throws IOException {
    PosixFileAttributeView view = Files.getFileAttributeView(tmp, PosixFileAttributeView.class);
    PosixFileAttributes now = view.readAttributes();
    try {
      if (!now.group().equals(keep.group())) {
        view.setGroup(keep.group());
      }
      if (!now.owner().equals(keep.owner())) {
        view.setOwner(keep.owner());
      }
    } catch (FileSystemException e) {
      // Replacing the file would give it to us: its owner could no longer read its own tokens.
      throw new FileProblem("cannot keep the owner and group of " + target + " (" + keep.owner().getName() + ":"
          + keep.group().getName() + "): write it as its owner, or as root");
    }
    view.setPermissions(keep.permissions());
  }

  /** A new temporary file beside {@code target}, readable by its owner only, named so it is known as ours. */
  static Path createTemporary(Path target) throws IOException {
    String prefix = "." + target.getFileName() + "." + TEMPORARY_MARK;
    if (target.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      FileAttribute<Set<PosixFilePermission>> ownerOnly = PosixFilePermissions.asFileAttribute(OWNER_ONLY);
      return Files.createTempFile(target.getParent(), prefix, ".tmp", ownerOnly);
    }
    return Files.createTempFile(target.getParent(), prefix, ".tmp");
  }

  /**
   * Tells whether a file name is one of {@code target}'s temporary files: {@code .NAME.tokenstore-DIGITS.tmp}, or
   * {@code .NAME.DIGITS.tmp} as earlier versions named them.
   */
  static boolean isTemporaryOf(Path target, String name) {
    String prefix = "." + target.getFileName() + ".";
    if (!name.startsWith(prefix) || !name.endsWith(".tmp") || name.length() <= prefix.length() + 4) {
      return false;
    }
    String middle = name.substring(prefix.length(), name.length() - 4);
    if (middle.startsWith(TEMPORARY_MARK)) {
      middle = middle.substring(TEMPORARY_MARK.length());
    }
    return !middle.isEmpty() && middle.chars().allMatch(c -> c >= '0' && c <= '9');
  }

  // Called with the lock file's lock held. Writers create temporary files only while they hold it, so every one
  // found now is left by a writer that died (SIGKILL, power loss) between creating it and the rename, and holds
  // tokens: deleted.
  private void removeStaleTemporaries() {
    try (DirectoryStream<Path> stale = Files.newDirectoryStream(target.getParent(),
        p -> isTemporaryOf(target, p.getFileName().toString())
            || isTemporaryOf(leaseFile, p.getFileName().toString()))) {
      for (Path p : stale) {
        if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          Files.deleteIfExists(p);
        }
      }
    } catch (IOException e) {
      // Left for the next write; this one does not depend on it.
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
    return write(() -> saveLocked(token));
  }

  @Override
  protected boolean lease(Lease lease, Duration time) {
    return write(() -> {
      Map<String, LeaseLine> leases = readLeases();
      long now = System.currentTimeMillis();
      LeaseLine current = leases.get(lease.id());
      if (current != null && current.until > now) {
        return false;
      }
      leases.put(lease.id(), new LeaseLine(lease.holder(), now + time.toMillis(),
          current == null ? List.of() : current.counts));
      writeLeases(leases, now);
      return true;
    });
  }

  @Override
  protected Optional<OAuthToken> saveIfLive(Lease lease, OAuthToken token) {
    // A lease may name an id with no record (LEASE-1): a fenced save never creates one.
    return write(() -> live(readLeases(), lease) != null && current().byId.containsKey(lease.id())
        ? Optional.of(saveLocked(token)) : Optional.empty());
  }

  @Override
  protected boolean releaseIfLive(Lease lease) {
    return write(() -> {
      Map<String, LeaseLine> leases = readLeases();
      LeaseLine line = live(leases, lease);
      if (line == null) {
        return false;
      }
      leases.put(lease.id(), new LeaseLine(LeaseLine.NO_HOLDER, 0, line.counts));
      writeLeases(leases, System.currentTimeMillis());
      return true;
    });
  }

  @Override
  protected Optional<Duration> countIfLive(Lease lease, int budget, Duration window) {
    return write(() -> {
      Map<String, LeaseLine> leases = readLeases();
      LeaseLine line = live(leases, lease);
      if (line == null) {
        return Optional.empty();
      }
      long now = System.currentTimeMillis();
      long wait = Tokens.untilRoom(line.counts, now, budget);
      if (wait > 0) {
        return Optional.of(Duration.ofMillis(wait));
      }
      List<Long> ends = new ArrayList<>(line.counts);
      ends.add(now + window.toMillis());
      leases.put(lease.id(), new LeaseLine(line.holder, line.until, ends));
      writeLeases(leases, now);
      return Optional.of(Duration.ZERO);
    });
  }

  /**
   * A record's line in the lease file: its lease (holder and expiry; {@link #NO_HOLDER} and 0 once released) and
   * when each refresh counted against its budget leaves its window, all in epoch milliseconds.
   */
  private record LeaseLine(String holder, long until, List<Long> counts) {
    static final String NO_HOLDER = "-";
  }

  // The lease's line if the lease is live, else null.
  private static @Nullable LeaseLine live(Map<String, LeaseLine> leases, Lease lease) {
    LeaseLine current = leases.get(lease.id());
    return current != null && current.holder.equals(lease.holder()) && current.until > System.currentTimeMillis()
        ? current : null;
  }

  // Called with both locks held. A line this store did not write is refused, and the file kept as it is.
  private Map<String, LeaseLine> readLeases() throws IOException {
    Map<String, LeaseLine> leases = new LinkedHashMap<>();
    if (!Files.exists(leaseFile)) {
      return leases;
    }
    int n = 0;
    for (String line : Files.readAllLines(leaseFile, StandardCharsets.UTF_8)) {
      n++;
      String[] parts = line.split(" ", -1);
      if (parts.length < 3 || parts.length > 4 || parts[1].isEmpty() || !parts[2].matches("[0-9]{1,18}")
          || parts.length == 4 && !parts[3].matches("[0-9]{1,18}(,[0-9]{1,18})*")) {
        throw new FileProblem("the lease file " + leaseFile + " has a line (" + n + ") tokenstore did not write");
      }
      List<Long> counts = parts.length == 3 ? List.of()
          : Arrays.stream(parts[3].split(",")).map(Long::valueOf).collect(Collectors.toList());
      leases.put(URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
          new LeaseLine(parts[1], Long.parseLong(parts[2]), counts));
    }
    return leases;
  }

  // Called with both locks held: only live leases and counts are written back; the file is the owner's alone.
  private void writeLeases(Map<String, LeaseLine> leases, long now) throws IOException {
    StringBuilder text = new StringBuilder();
    for (Map.Entry<String, LeaseLine> e : leases.entrySet()) {
      LeaseLine line = e.getValue();
      String counts = line.counts.stream().filter(end -> end > now).map(String::valueOf)
          .collect(Collectors.joining(","));
      if (line.until > now || !counts.isEmpty()) {
        text.append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append(' ').append(line.holder)
            .append(' ').append(line.until).append(counts.isEmpty() ? "" : " " + counts).append('\n');
      }
    }
    // Replaced whole, as the token file is: a crash leaves the old leases or the new ones, never a cut line.
    Path tmp = createTemporary(leaseFile);
    try {
      try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        channel.write(StandardCharsets.UTF_8.encode(text.toString()));
        channel.force(true);
      }
      Files.move(tmp, leaseFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  // Called with both locks held.
  private OAuthToken saveLocked(OAuthToken token) throws IOException {
    Snapshot s = current();
    Tokens.Upsert upsert = Tokens.upsert(withSequenceId(token, s), s::find, s.byId::containsKey);
    OAuthToken record = upsert.record();
    List<ZohoCsv.Row> rows = new ArrayList<>(s.rows.size() + 1);
    boolean updated = false;
    for (ZohoCsv.Row r : s.rows) {
      if (!updated && Objects.equals(r.token.id(), record.id())) {
        rows.add(r.with(record));
        updated = true;
      } else {
        rows.add(r);
      }
    }
    if (!updated) {
      rows.add(ZohoCsv.Row.of(record));
    }
    ZohoCsv format = s.format;
    if (!format.hasApiDomain() && record.apiDomain() != null) {
      format = format.withApiDomain();
    }
    replace(format, rows);
    return record;
  }

  // The Zoho SDKs give ids as numbers and continue the sequence: an insert without an id gets max + 1. Only ids of
  // at most ten digits count; past 9999999999 an unused random number of at most ten digits is taken instead.
  private static OAuthToken withSequenceId(OAuthToken token, Snapshot s) {
    if (token.id() != null || MatchKey.of(token).flatMap(s::find).isPresent()) {
      return token;
    }
    long max = 0;
    for (OAuthToken t : s.tokens) {
      String id = t.id();
      if (id != null && Tokens.isSequenceId(id)) {
        max = Math.max(max, Long.parseLong(id));
      }
    }
    String id = Tokens.sequenceId(max, s.byId::containsKey);
    return token.toBuilder().id(id).build();
  }

  @Override
  protected boolean delete(String id) {
    // A record that is not there needs no write, and no lock: reading never writes.
    if (!current().byId.containsKey(id)) {
      return false;
    }
    return write(() -> {
      Snapshot s = current();
      if (!s.byId.containsKey(id)) {
        return false;
      }
      List<ZohoCsv.Row> rest = new ArrayList<>(s.rows);
      rest.removeIf(r -> id.equals(r.token.id()));
      // A deleted record's lease and counts go with it: ids are numbered max + 1, so the next record may take its
      // id. Read first, so that a lease file this store did not write fails the call before anything changes.
      Map<String, LeaseLine> leases = readLeases();
      replace(s.format, rest);
      if (leases.remove(id) != null) {
        writeLeases(leases, System.currentTimeMillis());
      }
      return true;
    });
  }

  @Override
  protected List<OAuthToken> list() {
    return current().tokens;
  }

  @Override
  @SuppressWarnings("NullAway") // work of type Void returns null
  protected void deleteAll() {
    write(() -> {
      // As delete does: every lease and count goes with the records.
      boolean leased = !readLeases().isEmpty();
      replace(current().format, List.of());
      if (leased) {
        writeLeases(Map.of(), System.currentTimeMillis());
      }
      return null;
    });
  }

  @Override
  protected void closeBackend() {
    snapshot = Snapshot.EMPTY;
  }
}
