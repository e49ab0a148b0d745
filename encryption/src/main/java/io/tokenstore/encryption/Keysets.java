package io.tokenstore.encryption;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import io.tokenstore.TokenStore;
import io.tokenstore.TokenStoreException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongConsumer;

/**
 * Keysets for the option {@code keyset}: Tink JSON keysets holding an AES-256-SIV key (the primary, for the
 * values stores look records up by) and an AES-256-GCM key (the client secret) per generation. What
 * {@code tokenstore keyset create|rotate} and {@code tokenstore rekey} run.
 *
 * <p>Keyset files are written readable by their owner only, and refused by the option when group or others may
 * read them. Keep one somewhere other than the store's backups: a dump and its keyset together are plaintext.
 */
public final class Keysets {
  private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ,
      PosixFilePermission.OWNER_WRITE);

  static {
    Keys.register();
  }

  private Keysets() {}

  /**
   * Writes a new keyset to a file that does not exist yet, readable and writable by its owner only.
   *
   * @param file the keyset file to create
   * @throws NullPointerException if {@code file} is null
   * @throws IllegalArgumentException if the file exists
   * @throws TokenStoreException if it cannot be written
   */
  public static void create(Path file) {
    Objects.requireNonNull(file, "file");
    try {
      KeysetHandle handle = KeysetHandle.newBuilder()
          .addEntry(KeysetHandle.generateEntryFromParametersName(Keys.SIV).withRandomId().makePrimary())
          .addEntry(KeysetHandle.generateEntryFromParametersName(Keys.GCM).withRandomId())
          .build();
      Path tmp = ownerOnlyTemp(file);
      try {
        Files.writeString(tmp, serialize(handle), StandardCharsets.UTF_8);
        try {
          Files.createLink(file, tmp); // fails if the file exists, unlike a move
        } catch (UnsupportedOperationException e) {
          Files.move(tmp, file); // no hard links here: a plain move, which also refuses an existing file
        }
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (FileAlreadyExistsException e) {
      throw new IllegalArgumentException("keyset file " + file + " exists already: rotate it instead");
    } catch (IOException e) {
      throw new TokenStoreException("cannot write keyset file " + file + ": " + e, e);
    } catch (GeneralSecurityException e) {
      throw new TokenStoreException("cannot make a keyset: " + e.getMessage(), e);
    }
  }

  /**
   * Adds a new generation of keys to a keyset file and makes it primary: stores opened with the file afterwards
   * write under the new keys, and still read and find what older keys wrote. The file is replaced atomically.
   *
   * @param file the keyset file
   * @throws NullPointerException if {@code file} is null
   * @throws IllegalArgumentException if it is not a keyset this class made, or group or others may read it
   * @throws TokenStoreException if it cannot be read or written
   */
  public static void rotate(Path file) {
    Objects.requireNonNull(file, "file");
    KeysetHandle handle = read(file);
    try {
      file = file.toRealPath(); // a symlinked keyset is rotated where it lives
      KeysetHandle.Builder builder = KeysetHandle.newBuilder(handle);
      builder.addEntry(KeysetHandle.generateEntryFromParametersName(Keys.SIV).withRandomId().makePrimary());
      builder.addEntry(KeysetHandle.generateEntryFromParametersName(Keys.GCM).withRandomId());
      KeysetHandle rotated = builder.build();
      new Keys(rotated);
      Path tmp = ownerOnlyTemp(file);
      try {
        Files.writeString(tmp, serialize(rotated), StandardCharsets.UTF_8);
        keepOwner(file, tmp);
        try {
          Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new TokenStoreException("cannot write keyset file " + file + ": " + e, e);
    } catch (GeneralSecurityException e) {
      throw new TokenStoreException("cannot rotate the keyset: " + e.getMessage(), e);
    }
  }

  /**
   * Re-encrypts every record of an encrypted store whose values older keys wrote, under the primary keys; after
   * it, those keys can be removed from the keyset. Resumable (what is done stays done) and meant to run beside
   * applications: each record is rewritten with one save of only its old-key fields, read again just before.
   *
   * @param store a store opened with the option {@code keyset}
   * @param progress told the number of records looked at so far, after each
   * @return how many records were rewritten
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the store was not opened with the option {@code keyset}
   * @throws TokenStoreException if the backend fails
   */
  public static long rekey(TokenStore store, LongConsumer progress) {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(progress, "progress");
    if (!(store instanceof EncryptedTokenStore encrypted)) {
      throw new IllegalArgumentException("store " + store + " is not encrypted: open it with the option keyset");
    }
    return encrypted.rekey(progress);
  }

  /** Reads the keyset the option's value names: {@code file:PATH} or {@code env:NAME}. */
  static Keys load(String value) {
    if (value.startsWith("file:")) {
      return keys(read(Path.of(value.substring("file:".length()))), "file " + value.substring(5));
    }
    if (value.startsWith("env:")) {
      String name = value.substring("env:".length());
      String json = System.getenv(name);
      if (json == null || json.isBlank()) {
        throw new IllegalArgumentException("option 'keyset': environment variable " + name + " is not set");
      }
      return keys(parse(json, "environment variable " + name), "environment variable " + name);
    }
    // The value is not quoted: a key pasted in by mistake must not reach a log.
    throw new IllegalArgumentException("option 'keyset' must be file:PATH or env:NAME (a Tink JSON keyset)");
  }

  private static Keys keys(KeysetHandle handle, String where) {
    try {
      return new Keys(handle);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("option 'keyset': the keyset in " + where + " is not one tokenstore "
          + "makes (" + e.getMessage() + "): create one with tokenstore keyset create PATH");
    }
  }

  static KeysetHandle read(Path file) {
    try {
      PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class);
      if (posix != null) {
        Set<PosixFilePermission> perms = posix.readAttributes().permissions();
        perms.removeAll(OWNER_ONLY);
        perms.remove(PosixFilePermission.OWNER_EXECUTE);
        if (!perms.isEmpty()) {
          throw new IllegalArgumentException("option 'keyset': keyset file " + file + " may be read by group or "
              + "others (" + PosixFilePermissions.toString(posix.readAttributes().permissions())
              + "): chmod 600 " + file);
        }
      }
      return parse(Files.readString(file, StandardCharsets.UTF_8), "file " + file);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new IllegalArgumentException("option 'keyset': keyset file " + file + " does not exist");
    } catch (IOException e) {
      throw new TokenStoreException("cannot read keyset file " + file + ": " + e.getClass().getSimpleName(), e);
    }
  }

  // No cause: a parser's message may quote the key material it choked on.
  private static KeysetHandle parse(String json, String where) {
    try {
      return TinkJsonProtoKeysetFormat.parseKeyset(json, InsecureSecretKeyAccess.get());
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new IllegalArgumentException("option 'keyset': " + where + " is not a Tink JSON keyset");
    }
  }

  private static String serialize(KeysetHandle handle) throws GeneralSecurityException {
    return TinkJsonProtoKeysetFormat.serializeKeyset(handle, InsecureSecretKeyAccess.get());
  }

  // Rotated by root, a keyset must stay readable by the application's user that owned it.
  private static void keepOwner(Path from, Path to) throws IOException {
    PosixFileAttributeView source = Files.getFileAttributeView(from, PosixFileAttributeView.class);
    PosixFileAttributeView target = Files.getFileAttributeView(to, PosixFileAttributeView.class);
    if (source == null || target == null) {
      return;
    }
    var attributes = source.readAttributes();
    if (!attributes.owner().equals(target.getOwner())) {
      target.setOwner(attributes.owner());
    }
    if (!attributes.group().equals(target.readAttributes().group())) {
      target.setGroup(attributes.group());
    }
  }

  private static Path ownerOnlyTemp(Path file) throws IOException {
    Path dir = Objects.requireNonNull(file.toAbsolutePath().getParent(), "an absolute file has a folder");
    Path tmp = dir.resolve("." + file.getFileName() + "." + ProcessHandle.current().pid() + "."
        + System.nanoTime() + ".tmp");
    if (Files.getFileStore(dir).supportsFileAttributeView(PosixFileAttributeView.class)) {
      Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    } else {
      Files.newByteChannel(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
    }
    return tmp;
  }
}
