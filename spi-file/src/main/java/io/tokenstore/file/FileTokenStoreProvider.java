package io.tokenstore.file;

import io.tokenstore.TokenStore;
import io.tokenstore.spi.StoreUri;
import io.tokenstore.spi.TokenStoreProvider;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Zoho SDKs' token file ({@code sdk_tokens.txt}), read and written safely, so that deployments can keep it or
 * move off it.
 *
 * <p>URI: {@code file:PATH}, a file relative to the working directory or absolute. A symlink is followed to the
 * file it names (resolved when the store opens), which is written in place: the link stays a link.
 *
 * <p>Option {@code create}: {@code true} (the default) creates a missing file on open, readable by its owner only,
 * with the current Java SDK's header; {@code false} refuses to open a missing file with a
 * {@link io.tokenstore.TokenStoreException} ("no such store: file:PATH") and creates nothing, for tools that
 * only read or that must not mistake a typo for an empty store.
 *
 * <p>Format: a CSV header, then one line per token with Zoho's columns in Zoho's order ({@code id, user_name,
 * client_id, client_secret, refresh_token, access_token, grant_token, expiry_time, redirect_url, api_domain}),
 * absent values as empty fields, expiry in epoch milliseconds. Every variant the SDKs write is read (unquoted,
 * every field quoted, the Python SDK's {@code redirect_uri}, legacy 9 columns) and written back as found; a field
 * is quoted only when it must be. Ids stay numeric and continue the file's sequence (the next is the largest
 * numeric id of at most ten digits plus one; past 9999999999 an unused random number of at most ten digits), so
 * the SDKs keep working on the same file. Columns of the file's own (such as {@code scopes}) are kept with their
 * values; a UTF-8 byte order mark is accepted and written back. A file this store cannot keep whole is refused
 * when read, with one message naming the file, the line and the problem, and left as it is: two lines with the
 * same id, a line without an id, two lines with the same user name, access, refresh or grant token, a line with
 * more fields than the header, a header without one of Zoho's columns or with one twice, an {@code expiry_time}
 * that is not a number, text that is not UTF-8, a NUL, a quote that is not closed.
 *
 * <p>Safety: every write goes to a temporary file in the same folder ({@code .NAME.tokenstore-N.tmp}, readable
 * by its owner only), is synced to disk, given the file's owner, group and mode, and atomically replaces the file
 * (a write that cannot keep the owner is refused); a lock file ({@code PATH.lock} beside the real file, created
 * on the first write with the file's owner and group) serializes writers across processes, and one monitor per
 * lock file serializes this JVM's writers, whatever class loader loaded them; temporary files that a killed
 * writer left are deleted by the next write. Reading needs read access only: lookups are served from memory
 * and the file is read again only when its identity, size or modification time changed.
 */
public final class FileTokenStoreProvider implements TokenStoreProvider {
  /** Called by {@link java.util.ServiceLoader}. */
  public FileTokenStoreProvider() {}

  @Override
  public String name() {
    return "file";
  }

  @Override
  public Set<String> schemes() {
    return Set.of("file");
  }

  /** {@code create}. */
  @Override
  public Set<String> options() {
    return Set.of("create");
  }

  @Override
  public TokenStore open(String uri, Map<String, String> options) {
    StoreUri parsed = StoreUri.parse(uri, options, schemes(), options());
    String path = parsed.body();
    if (path.isEmpty()) {
      throw new IllegalArgumentException("file: needs a path, such as file:sdk_tokens.txt");
    }
    boolean create = parsed.choice("create", "true", "true", "false").equals("true");
    return new FileTokenStore(Path.of(path), "file store " + path, create);
  }

  /** The file's name without {@code .csv}: a store's namespace is its file, as {@link #namespaced} says. */
  @Override
  public String namespace(String uri, Map<String, String> options) {
    Path name = Path.of(StoreUri.parse(uri, options, schemes(), options()).body()).getFileName();
    String n = name == null ? "" : name.toString();
    return n.endsWith(".csv") ? n.substring(0, n.length() - 4) : n;
  }

  /** A sibling file named after the namespace: each file is a store of its own. */
  @Override
  public Optional<String> namespaced(String uri, String namespace) {
    Path path = Path.of(StoreUri.parse(uri, Map.of(), schemes(), options()).body());
    return Optional.of("file:" + path.resolveSibling(namespace + ".csv"));
  }

  @Override
  public boolean keepsRecordsAcrossOpens(String uri) {
    return true;
  }
}
