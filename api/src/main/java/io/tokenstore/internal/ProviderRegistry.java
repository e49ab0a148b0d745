package io.tokenstore.internal;

import io.tokenstore.spi.StoreUri;
import io.tokenstore.spi.TokenStoreProvider;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Finds providers with {@link ServiceLoader} and picks one for a URI. A provider that fails to load is logged and
 * remembered, and does not hide the others (as SLF4J's {@code LoggerFactory} does).
 *
 * <p>Immutable snapshot of one class loader's providers; thread-safe.
 */
public final class ProviderRegistry {
  /** System property naming the preferred provider (its name or class name) when two claim one scheme. */
  public static final String PREFERRED_PROVIDER_PROPERTY = "tokenstore.provider";

  private static final System.Logger LOG = System.getLogger("io.tokenstore");
  // A broken services file can fail on every line; past this many failures the loader is not trusted further.
  private static final int MAX_FAILURES = 100;

  private static final Set<String> REPORTED = ConcurrentHashMap.newKeySet();

  private final List<TokenStoreProvider> providers;
  private final List<ServiceConfigurationError> failures;

  private ProviderRegistry(List<TokenStoreProvider> providers, List<ServiceConfigurationError> failures) {
    this.providers = List.copyOf(providers);
    this.failures = List.copyOf(failures);
  }

  /**
   * Loads the providers visible to a class loader, sorted by class name so that every choice is deterministic.
   *
   * @param loader the class loader
   * @return the registry
   */
  public static ProviderRegistry load(ClassLoader loader) {
    List<TokenStoreProvider> found = new ArrayList<>();
    List<ServiceConfigurationError> failures = new ArrayList<>();
    Iterator<TokenStoreProvider> it = ServiceLoader.load(TokenStoreProvider.class, loader).iterator();
    while (failures.size() < MAX_FAILURES) {
      try {
        if (!it.hasNext()) {
          break;
        }
        TokenStoreProvider p = it.next();
        if (found.stream().noneMatch(q -> q.getClass() == p.getClass())) {
          found.add(p);
        }
      } catch (ServiceConfigurationError e) {
        failures.add(e);
        // Providers are looked up on every open: say it once per JVM, not once per open.
        if (REPORTED.add(e.getMessage())) {
          LOG.log(Level.WARNING, "a token store provider failed to load and is skipped: " + e.getMessage(), e);
        }
      }
    }
    found.sort(Comparator.comparing(p -> p.getClass().getName()));
    return new ProviderRegistry(found, failures);
  }

  /** Every provider found, sorted by class name. */
  public List<TokenStoreProvider> providers() {
    return providers;
  }

  /**
   * Picks the provider for a URI: the one that declares the longest scheme prefixing it. When several declare
   * that scheme, the one named by the system property {@value #PREFERRED_PROVIDER_PROPERTY} wins, else the
   * first by class name, and a warning says so.
   *
   * @param uri the store URI
   * @return the provider
   * @throws IllegalArgumentException if none fits; the message lists the schemes there are and mentions
   *     providers that failed to load (the first failure is the cause)
   */
  public TokenStoreProvider select(String uri) {
    List<TokenStoreProvider> best = new ArrayList<>();
    int bestLength = -1;
    for (TokenStoreProvider p : providers) {
      int length = longestScheme(uri, p.schemes()).map(String::length).orElse(-1);
      if (length >= 0 && length > bestLength) {
        best.clear();
        bestLength = length;
      }
      if (length >= 0 && length == bestLength) {
        best.add(p);
      }
    }
    if (best.isEmpty()) {
      throw noProvider(uri);
    }
    if (best.size() == 1) {
      return best.get(0);
    }
    String preferred = System.getProperty(PREFERRED_PROVIDER_PROPERTY);
    if (preferred != null) {
      for (TokenStoreProvider p : best) {
        if (preferred.equals(p.name()) || preferred.equals(p.getClass().getName())) {
          return p;
        }
      }
    }
    TokenStoreProvider chosen = best.get(0);
    LOG.log(Level.WARNING, () -> String.format(Locale.ROOT,
        "providers %s all open %s; using %s (the first by class name). Set -D%s=NAME to choose another.",
        best.stream().map(p -> p.getClass().getName()).collect(Collectors.toList()),
        StoreUri.mask(uri), chosen.getClass().getName(), PREFERRED_PROVIDER_PROPERTY));
    return chosen;
  }

  private IllegalArgumentException noProvider(String uri) {
    TreeSet<String> schemes = new TreeSet<>();
    providers.forEach(p -> p.schemes().forEach(s -> schemes.add(s + ":")));
    StringBuilder msg = new StringBuilder("no token store provider for ").append(StoreUri.mask(uri))
        .append("; available schemes: ").append(schemes.isEmpty() ? "none" : String.join(", ", schemes));
    if (!failures.isEmpty()) {
      msg.append("; ").append(failures.size()).append(" provider(s) failed to load, the first: ")
          .append(failures.get(0).getMessage());
    }
    IllegalArgumentException e = new IllegalArgumentException(msg.toString());
    if (!failures.isEmpty()) {
      e.initCause(failures.get(0));
    }
    return e;
  }

  /**
   * The longest of {@code schemes} that, followed by {@code ':'}, prefixes {@code uri}, ignoring case.
   *
   * @param uri the URI
   * @param schemes the candidate schemes, without colons
   * @return the scheme as declared, or empty
   */
  public static Optional<String> longestScheme(String uri, Collection<String> schemes) {
    String best = null;
    for (String s : schemes) {
      if (uri.length() > s.length() && uri.charAt(s.length()) == ':'
          && uri.regionMatches(true, 0, s, 0, s.length())
          && (best == null || s.length() > best.length())) {
        best = s;
      }
    }
    return Optional.ofNullable(best);
  }
}
