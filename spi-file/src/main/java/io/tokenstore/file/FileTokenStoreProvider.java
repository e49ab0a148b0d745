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
 * <p>URI: {@code file:PATH}, a file relative to the working directory or absolute; created (readable by its
 * owner only, with the current Java SDK's header) on first open. No options.
 *
 * <p>Format: a CSV header, then one line per token with Zoho's columns in Zoho's order ({@code id, user_name,
 * client_id, client_secret, refresh_token, access_token, grant_token, expiry_time, redirect_url, api_domain}),
 * absent values as empty fields, expiry in epoch milliseconds. Every variant the SDKs write is read (unquoted,
 * every field quoted, the Python SDK's {@code redirect_uri}, legacy 9 columns) and written back as found; a field
 * is quoted only when it must be. Ids stay numeric and continue the file's sequence (the next is the largest
 * numeric id plus one), so the SDKs keep working on the same file.
 *
 * <p>Safety: every write goes to a temporary file in the same folder, is synced to disk and atomically replaces
 * the file; a lock file ({@code PATH.lock}) serializes writers across processes; lookups are served from memory
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

  @Override
  public TokenStore open(String uri, Map<String, String> options) {
    String path = StoreUri.parse(uri, options, schemes(), options()).body();
    if (path.isEmpty()) {
      throw new IllegalArgumentException("file: needs a path, such as file:sdk_tokens.txt");
    }
    return new FileTokenStore(Path.of(path), "file store " + path);
  }

  /** A sibling file named after the namespace: each file is a store of its own. */
  @Override
  public Optional<String> namespaced(String uri, String namespace) {
    Path path = Path.of(StoreUri.parse(uri, Map.of(), schemes(), options()).body());
    return Optional.of("file:" + path.resolveSibling(namespace + ".csv"));
  }

  @Override
  public boolean durable(String uri) {
    return true;
  }
}
